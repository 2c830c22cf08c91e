#!/usr/bin/env bash
# ./bench.sh — the performance runner of issue 11: our response cache measured against the peers, side by side.
#
# Starts private PostgreSQL and Redis (scripts/services.sh), builds the API and the peers (bench/peers) in Release,
# loads the 2,000-driver / 90-day fleet once into a persistent data directory and reuses it, runs the API in
# Production with its production logging, and measures with wrk over loopback:
#   trivial endpoints, the seven cached routes as hits and as misses, single-connection latency, the allocation per
#   hit (dotnet-counters), the peers and ours in interleaved rounds, a mixed read/write workload, and the cost of an
#   invalidation with 10 and with 100,000 entries in the cache.
# Prints a table of figures, targets and verdicts; writes bench/results/bench.json (git-ignored) and the chart
# docs/performance/bench.svg. Stops every process it started on exit, Ctrl-C or TERM, and gives up after
# BENCH_TIME_LIMIT seconds (default 1020, more when the 10x fleet is seeded).
#
# Knobs (environment):
#   BENCH_DATA_DIR=/var/tmp/fleet-bench-data   persistent PostgreSQL cluster holding the seeded fleet (+ a marker)
#   BENCH_DRIVERS=2000 BENCH_VEHICLES=1200 BENCH_DAYS=90   the fleet; another size reseeds the data directory
#   BENCH_RESEED=1                     reseed even when the marker matches
#   BENCH_DURATION=5s BENCH_WARMUP=2s  each measured wrk run, and the warm-up before it
#   BENCH_THREADS=2 BENCH_CONNECTIONS=32
#   BENCH_ROUNDS=2 BENCH_PEER_WARMUP=5s   interleaved rounds of peers vs ours; each peer's warm-up before them
#   BENCH_MIXED_DURATION=10s BENCH_MIXED_WARMUP=5s
#   BENCH_INVALIDATION_ENTRIES=100000 BENCH_PATCH_DURATION=3s BENCH_FILL_TIMEOUT=150
#   BENCH_COUNTERS=1                   0 skips the dotnet-counters capture (allocated per hit, GC counts)
#   BENCH_HITPATH=1                    0 skips BenchmarkDotNet over the hit path's pieces (bench/hitpath, ~2 min)
#   BENCH_INGEST=1                     0 skips the ingestion figures (bench/ingest.py, ~1 min); BENCH_INGEST_GATEWAYS=4
#     BENCH_INGEST_BATCH=1000 BENCH_INGEST_BATCHES=30 (per gateway) BENCH_INGEST_RATE=500 BENCH_INGEST_SECONDS=30
#   BENCH_SCALE=1                      0 skips the 10x fleet: computed dashboards and driver lists, p50 on one connection
#   BENCH_SCALE_DRIVERS=10000 BENCH_SCALE_VEHICLES=6000 BENCH_SCALE_DAYS=365   that fleet, in the database fleet_scale of
#                                      the same cluster, seeded once (its own marker) and reused; BENCH_SCALE_DURATION=3s
#   BENCH_SCALEOUT=1                   0 skips the two-instance scenario (issue 12, ~60 s): one API instance direct vs two
#                                      behind nginx (deploy/nginx/nginx.conf), summary hits and mixed reads, 2 rounds; BENCH_SCALEOUT_DURATION=2s
#   BENCH_ONLY=scaleout                run only that scenario (services, build, fleet, then it); its figures go to
#                                      bench/results/bench-scaleout.json and the chart is left alone
#   BENCH_TIME_LIMIT=1020 (+900 when the 10x fleet is to be seeded, +180 otherwise) BENCH_KEEP_WORK=1 (keep the temp dir)
#
# The machine has 2 cores shared by wrk, the API processes, the peers, PostgreSQL and Redis (and whatever else runs):
# absolute figures are noisy; the targets are ratios within one run, judged on the worse round.
set -euo pipefail

repo=$(cd "$(dirname "$0")" && pwd)
bench_dir="$repo/bench"
results="$bench_dir/results"
mkdir -p "$results"
cd "$repo"
source scripts/services.sh

DATA=${BENCH_DATA_DIR:-/var/tmp/fleet-bench-data}
DRIVERS=${BENCH_DRIVERS:-2000}
VEHICLES=${BENCH_VEHICLES:-1200}
DAYS=${BENCH_DAYS:-90}
DURATION=${BENCH_DURATION:-5s}
WARMUP=${BENCH_WARMUP:-2s}
THREADS=${BENCH_THREADS:-2}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
ROUNDS=${BENCH_ROUNDS:-2}
PEER_WARMUP=${BENCH_PEER_WARMUP:-5s}
MIXED_DURATION=${BENCH_MIXED_DURATION:-10s}
MIXED_WARMUP=${BENCH_MIXED_WARMUP:-5s}
ENTRIES=${BENCH_INVALIDATION_ENTRIES:-100000}
PATCH_DURATION=${BENCH_PATCH_DURATION:-3s}
FILL_TIMEOUT=${BENCH_FILL_TIMEOUT:-150}
COUNTERS=${BENCH_COUNTERS:-1}
HITPATH=${BENCH_HITPATH:-1}
INGEST=${BENCH_INGEST:-1}
GATEWAYS_N=${BENCH_INGEST_GATEWAYS:-4}
SCALE=${BENCH_SCALE:-1}
SCALE_DRIVERS=${BENCH_SCALE_DRIVERS:-10000}
SCALE_VEHICLES=${BENCH_SCALE_VEHICLES:-6000}
SCALE_DAYS=${BENCH_SCALE_DAYS:-365}
SCALE_DURATION=${BENCH_SCALE_DURATION:-3s}
SCALEOUT=${BENCH_SCALEOUT:-1}
SCALEOUT_DURATION=${BENCH_SCALEOUT_DURATION:-2s}
ONLY=${BENCH_ONLY:-}
case $ONLY in
  "") ;;
  scaleout) SCALEOUT=1 COUNTERS=0 HITPATH=0 INGEST=0 SCALE=0 ;;
  *) echo "BENCH_ONLY=$ONLY: the only section that runs alone is scaleout" >&2; exit 2 ;;
esac
SEED_MARKER="drivers=$DRIVERS vehicles=$VEHICLES days=$DAYS"
SCALE_MARKER="drivers=$SCALE_DRIVERS vehicles=$SCALE_VEHICLES days=$SCALE_DAYS"
# The 10x fleet's seed is bounded to 10 minutes (its target) on top of the rest of the run.
scale_allowance=0
if [ "$SCALE" = 1 ]; then
  if [ -z "${BENCH_RESEED:-}" ] && [ "$(cut -d'|' -f1 "$DATA/scale.marker" 2>/dev/null)" = "$SCALE_MARKER" ]; then scale_allowance=180; else scale_allowance=900; fi
fi
if [ -n "$ONLY" ]; then default_limit=600; else default_limit=$(( 1020 + scale_allowance )); fi
TIME_LIMIT=${BENCH_TIME_LIMIT:-$default_limit}

lib() { python3 "$bench_dir/bench.py" "$@"; }
section() { printf '\n==== %s ====\n' "$*"; }
seconds_of() { local d=$1; d=${d%s}; echo "${d%.*}"; }

# --- prerequisites --------------------------------------------------------------------------------------------
command -v dotnet >/dev/null || die "the .NET 10 SDK is required (dotnet not found)"
ensure_postgres_installed
ensure_redis_installed
command -v wrk >/dev/null || apt_install wrk
command -v curl >/dev/null || apt_install curl
command -v python3 >/dev/null || apt_install python3
command -v psql >/dev/null || apt_install postgresql-client
[ "$SCALEOUT" = 1 ] && ensure_nginx_installed

work=$(mktemp -d /tmp/fleet-bench.XXXXXX)
chmod 755 "$work"
exec > >(tee "$results/bench-last-run.txt") 2>&1
export BENCH_RECORDS="$work/records.jsonl"
: >"$BENCH_RECORDS"
: >"$results/bench-wrk-raw.txt"

# --- every process this script starts is in pids; cleanup stops them, then the services --------------------------
pids=()
watchdog=""
started_pg=""
started_redis=""
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  local pid
  # The watchdog is a subshell waiting on sleep: stop the sleep too, so nothing is left behind.
  [ -n "$watchdog" ] && kill $(ps -o pid= --ppid "$watchdog" 2>/dev/null) 2>/dev/null
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  [ -n "$started_pg" ] && stop_postgres "$DATA/postgres"
  [ -n "$started_redis" ] && stop_redis "$work/redis"
  # A Redis that is still shutting down may write its log as the directory goes: one retry, then leave it.
  if [ -n "${BENCH_KEEP_WORK:-}" ]; then log "kept $work"; else rm -rf "$work" 2>/dev/null || { sleep 1; rm -rf "$work" || true; }; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
forget_pid() { local keep=() p; for p in "${pids[@]}"; do [ "$p" = "$1" ] || keep+=("$p"); done; pids=("${keep[@]}"); }
stop_pid() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; forget_pid "$1"; }

# The whole run is bounded: the watchdog sends TERM, which the trap turns into cleanup.
( sleep "$TIME_LIMIT"; log "error: time limit of $TIME_LIMIT s reached (BENCH_TIME_LIMIT); stopping"; kill -TERM $$ ) &
watchdog=$!
pids+=("$watchdog")

# bounded SECONDS CMD... — runs CMD with a time limit in the background and waits, so a signal interrupts the wait.
bounded() {
  local limit=$1
  shift
  timeout -k 5 "$limit" "$@" &
  local pid=$!
  pids+=("$pid")
  local status=0
  wait "$pid" || status=$?
  forget_pid "$pid"
  return "$status"
}

script_start=$(date +%s)
section "machine"
cpu_model=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
echo "cores: $(nproc)   cpu: $cpu_model   load average: $(cut -d' ' -f1-3 /proc/loadavg)   memory: $(free -m | awk '/^Mem:/ {print $2 " MB"}')"
echo "dotnet $(dotnet --version)   $("$(pg_bindir)/postgres" --version)   $(redis-server --version | cut -d' ' -f1-3)   $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2)"
commit="$(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD 2>/dev/null || echo '+uncommitted')"
echo "commit: $commit   data: $DATA   wrk -t$THREADS -c$CONNECTIONS, warm-up $WARMUP, measured $DURATION"
lib meta "$work/meta.json" nproc="$(nproc)" cpu="$cpu_model" commit="$commit" date="$(date -u +%FT%TZ)" \
  load="$(cut -d' ' -f1-3 /proc/loadavg)" threads="$THREADS" connections="$CONNECTIONS" duration="$DURATION" \
  warmup="$WARMUP" drivers="$DRIVERS" days="$DAYS"

# --- services ---------------------------------------------------------------------------------------------------
section "services"
mkdir -p "$DATA"
chmod 755 "$DATA"
pg_port=$(free_port 57400)
redis_port=$(free_port 57500)
stop_postgres "$DATA/postgres"
[ -d "$DATA/postgres" ] || rm -f "$DATA/seed.marker" "$DATA/scale.marker"
start_postgres "$DATA/postgres" "$pg_port"
started_pg=1
start_redis "$work/redis" "$redis_port"
started_redis=1
create_database "$pg_port" fleet
export ConnectionStrings__Fleet="Host=127.0.0.1;Port=$pg_port;Database=fleet;Username=postgres"
export Redis__Configuration="127.0.0.1:$redis_port"
redis() { redis-cli -h 127.0.0.1 -p "$redis_port" "$@"; }
psql_fleet() { psql -X -q -h 127.0.0.1 -p "$pg_port" -U postgres -d fleet -v ON_ERROR_STOP=1 "$@"; }

# --- build --------------------------------------------------------------------------------------------------------
section "build"
t0=$(date +%s)
# One build: the peers project references the API, so this builds the API (Release) too.
bounded 600 dotnet build bench/peers/FleetTelematics.Bench.Peers.csproj -c Release -nologo -v quiet >"$work/build.log" 2>&1 \
  || { grep -E 'error' "$work/build.log" | sort -u | head -20; die "dotnet build bench/peers -c Release failed"; }
echo "dotnet build bench/peers (and FleetTelematics.Api) -c Release: $(( $(date +%s) - t0 )) s"
# Run from private copies: other builds write to bin/Release while the benchmark runs. The copy is the content root.
app="$work/app"
peers_app="$work/peers"
mkdir -p "$app" "$peers_app"
cp -a FleetTelematics.Api/bin/Release/net10.0/. "$app/"
cp -a bench/peers/bin/Release/net10.0/. "$peers_app/"
if [ "$COUNTERS" = 1 ]; then
  bounded 300 dotnet tool restore >/dev/null 2>&1 || { log "warning: dotnet tool restore failed; no allocation figures"; COUNTERS=0; }
fi

# --- the fleet, loaded once ---------------------------------------------------------------------------------------
section "fleet"
api_verb=(env ASPNETCORE_ENVIRONMENT=Production ConnectionStrings__Fleet="$ConnectionStrings__Fleet"
  bash -c 'cd "$1" && shift && exec dotnet FleetTelematics.Api.dll "$@"' _ "$app")
bounded 300 "${api_verb[@]}" migrate >"$work/migrate.log" 2>&1 || { tail -20 "$work/migrate.log"; die "migrate failed"; }
if [ -z "${BENCH_RESEED:-}" ] && [ "$(cat "$DATA/seed.marker" 2>/dev/null)" = "$SEED_MARKER" ]; then
  echo "reusing the fleet in $DATA ($SEED_MARKER; BENCH_RESEED=1 or another size reseeds)"
else
  t0=$(date +%s)
  rm -f "$DATA/seed.marker"
  bounded 600 "${api_verb[@]}" seed --drivers "$DRIVERS" --vehicles "$VEHICLES" --days "$DAYS" --force >"$work/seed.log" 2>&1 \
    || { sed 's/^/  | /' "$work/seed.log" | tail -30; die "seed failed"; }
  sed 's/^/  | /' "$work/seed.log" | tail -15
  echo "$SEED_MARKER" >"$DATA/seed.marker"
  echo "seeded $SEED_MARKER in $(( $(date +%s) - t0 )) s"
fi
read -r trips events drivers < <(psql_fleet -tA -F ' ' -c \
  "SELECT (SELECT count(*) FROM trips), (SELECT count(*) FROM safety_events), (SELECT count(*) FROM drivers)")
echo "rows: trips=$trips safety_events=$events drivers=$drivers"

# --- processes: two APIs (cache on / off) and the peers -------------------------------------------------------------
section "processes"
jwt_key=$(lib secret 48)
# The bootstrap admin is created once and keeps its first password, so the password lives with the data.
[ -s "$DATA/bench-admin.secret" ] || { lib secret 24 >"$DATA/bench-admin.secret"; chmod 600 "$DATA/bench-admin.secret"; }
admin_password=$(cat "$DATA/bench-admin.secret")
common_env=(ASPNETCORE_ENVIRONMENT=Production Jwt__SigningKey="$jwt_key" ConnectionStrings__Fleet="$ConnectionStrings__Fleet"
  Redis__Configuration="$Redis__Configuration" DOTNET_CLI_TELEMETRY_OPTOUT=1
  # Nothing balances over these processes: stopping one between scenarios must not wait out the drain.
  Shutdown__DrainDelay=00:00:00)
# launch NAME PORT DIR DLL [ARGS...] -- [ENV...] — a process on loopback; its pid is recorded in the variable pid_NAME.
launch() {
  local name=$1 port=$2 dir=$3 dll=$4
  shift 4
  local args=() extra=()
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do args+=("$1"); shift; done
  [ "${1:-}" = "--" ] && shift
  extra=("$@")
  env "${common_env[@]}" ASPNETCORE_URLS="http://127.0.0.1:$port" "${extra[@]}" \
    bash -c 'cd "$1" && shift && exec dotnet "$@"' _ "$dir" "$dll" "${args[@]}" >"$work/$name.log" 2>&1 &
  local pid=$!
  pids+=("$pid")
  printf -v "pid_${name//-/_}" '%s' "$pid"
}
# await NAME PORT — until the port accepts connections (Kestrel listens once start-up is done), 90 s at most.
await() {
  local name=$1 port=$2 pid_var="pid_${1//-/_}"
  local pid=${!pid_var} i
  for i in $(seq 1 450); do
    port_in_use "$port" && { log "$name up on 127.0.0.1:$port (pid $pid)"; return 0; }
    kill -0 "$pid" 2>/dev/null || { tail -30 "$work/$name.log" >&2; die "$name exited during start-up"; }
    sleep 0.2
  done
  tail -30 "$work/$name.log" >&2
  die "$name did not listen on $port within 90 s"
}
api_env=(Auth__BootstrapAdmin__Username=bench Auth__BootstrapAdmin__Password="$admin_password")
api_port=$(free_port 57610)
launch api "$api_port" "$app" FleetTelematics.Api.dll -- "${api_env[@]}"
await api "$api_port"
modes=(constant outputcache-anon outputcache-auth hybrid fusion)
if [ -z "$ONLY" ]; then
nocache_port=$(free_port 57620)
launch api-nocache "$nocache_port" "$app" FleetTelematics.Api.dll -- "${api_env[@]}" Caching__Enabled=false
declare -A peer_port
next=57700
for mode in "${modes[@]}"; do
  peer_port[$mode]=$(free_port "$next")
  next=$(( ${peer_port[$mode]} + 1 ))
  launch "peer-$mode" "${peer_port[$mode]}" "$peers_app" FleetTelematics.Bench.Peers.dll --mode "$mode"
done
await api-nocache "$nocache_port"
for mode in "${modes[@]}"; do await "peer-$mode" "${peer_port[$mode]}"; done
fi

token=$(curl -sf -X POST "http://127.0.0.1:$api_port/api/v1/auth/token" --data-urlencode username=bench \
  --data-urlencode "password=$admin_password" | lib token) || die "could not get a token from POST /api/v1/auth/token"
export BENCH_TOKEN=$token
export BENCH_DRIVERS=$DRIVERS
auth=(-H "Authorization: Bearer $token")
status_of() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
x_cache() {
  curl -s -o /dev/null -D - "${auth[@]}" "http://127.0.0.1:$1$2" | tr -d '\r' \
    | awk -F': ' 'tolower($1) == "x-cache" { xc = $2 } /^HTTP/ { split($0, w, " "); code = w[2] }
                 END { if (code == "") print "no-answer"; else if (xc == "") print "none(HTTP " code ")"; else print xc }'
}

summary=/api/v1/admin/dashboard/summary
# --- checks before measuring ----------------------------------------------------------------------------------------
if [ -z "$ONLY" ]; then
section "checks"
me_status=$(status_of "${auth[@]}" "http://127.0.0.1:$api_port/api/v1/auth/me")
if [ "$me_status" = 200 ]; then
  me_available=1
  echo "GET /api/v1/auth/me: 200 — the authenticated trivial endpoint is measured"
else
  me_available=""
  echo "GET /api/v1/auth/me: HTTP $me_status — not on this branch yet; its figures are n/a"
fi
curl -sf "${auth[@]}" "http://127.0.0.1:$api_port$summary" -o "$work/ours-summary.json" || die "our summary did not answer 200"
curl -sf "${auth[@]}" "http://127.0.0.1:$api_port$summary" -o "$work/ours-summary.json" || die "our summary did not answer 200"
for mode in "${modes[@]}"; do
  peer_auth=("${auth[@]}")
  [ "$mode" = outputcache-anon ] && peer_auth=()
  url="http://127.0.0.1:${peer_port[$mode]}$summary"
  code=$(status_of "${peer_auth[@]}" "$url")
  [ "$code" = 200 ] || { tail -20 "$work/peer-$mode.log"; die "peer $mode answered HTTP $code on $summary"; }
  curl -sf "${peer_auth[@]}" "$url" -o "$work/peer-$mode-summary.json"
  if [ "$mode" = constant ]; then
    echo "peer constant: 200, $(wc -c <"$work/peer-$mode-summary.json") bytes of constant JSON (no summary shape, by design)"
  else
    lib shape "$work/ours-summary.json" "$work/peer-$mode-summary.json" "peer $mode" || die "peer $mode's summary differs in shape from ours"
  fi
  # A token must be required where the peer claims to require it.
  if [ "$mode" != outputcache-anon ]; then
    code=$(status_of "$url")
    [ "$code" = 401 ] || die "peer $mode answered HTTP $code without a token (expected 401)"
  fi
done
echo "without a token, our summary answers HTTP $(status_of "http://127.0.0.1:$api_port$summary"); the authenticated peers 401"
# Every cache peer keeps its entry in the shared Redis, under its own prefix.
for mode in "${modes[@]}"; do
  [ "$mode" = constant ] && continue
  keys=$(redis --scan --pattern "*peer-$mode:*" | wc -l)
  echo "Redis keys of peer $mode: $keys ($(redis --scan --pattern "*peer-$mode:*" | head -3 | tr '\n' ' ' || true))"
  [ "$keys" -gt 0 ] || log "warning: peer $mode stored nothing in Redis"
done

fi

# --- measurement helpers ---------------------------------------------------------------------------------------------
# wrk_run NAME URL THREADS CONNECTIONS DURATION SCRIPT [KEY=VALUE...] — warm-up, then the measured run, recorded.
wrk_run() {
  local name=$1 url=$2 t=$3 c=$4 d=$5 script=$6
  shift 6
  local limit=$(( $(seconds_of "$d") + 30 )) raw
  bounded $(( $(seconds_of "$WARMUP") + 30 )) wrk -t"$t" -c"$c" -d"$WARMUP" -s "$script" "$url" >/dev/null 2>&1 || true
  bounded "$limit" wrk -t"$t" -c"$c" -d"$d" --timeout 5s --latency -s "$script" "$url" >"$work/wrk.out" 2>&1 || true
  raw=$(cat "$work/wrk.out")
  printf '### %s %s (-t%s -c%s -d%s)\n%s\n\n' "$name" "$url" "$t" "$c" "$d" "$raw" >>"$results/bench-wrk-raw.txt"
  echo "$raw" | lib record "$name" url="$url" threads="$t" connections="$c" load1="$(cut -d' ' -f1 /proc/loadavg)" "$@"
}
report_lua="$bench_dir/wrk-report.lua"
# measure NAME PORT PATH [THREADS CONNECTIONS] [anon] — one route, with our token unless "anon".
measure() {
  local name=$1 port=$2 path=$3 t=${4:-$THREADS} c=${5:-$CONNECTIONS} anon=${6:-}
  if [ "$anon" = anon ]; then
    BENCH_TOKEN="" wrk_run "$name" "http://127.0.0.1:$port$path" "$t" "$c" "$DURATION" "$report_lua"
  else
    wrk_run "$name" "http://127.0.0.1:$port$path" "$t" "$c" "$DURATION" "$report_lua"
  fi
}
expect_x_cache_with() {
  local token=$1 port=$2 path=$3 want=$4 seen
  seen=$(curl -s -o /dev/null -D - -H "Authorization: Bearer $token" "http://127.0.0.1:$port$path" | tr -d '\r' \
    | awk -F': ' 'tolower($1) == "x-cache" { print $2 }')
  [ "$seen" = "$want" ] || log "warning: $path answered X-Cache: ${seen:-none}, expected $want"
}
expect_x_cache() {
  local port=$1 path=$2 want=$3 seen
  seen=$(x_cache "$port" "$path")
  [ "$seen" = "$want" ] || seen=$(x_cache "$port" "$path")
  [ "$seen" = "$want" ] || log "warning: $path answered X-Cache: $seen, expected $want"
}
metrics() { lib metrics "http://127.0.0.1:$1/metrics"; }

sample_driver=$(printf 'DRV-%04d' $(( (DRIVERS + 1) / 2 )))
routes=(
  "stats|/api/v1/admin/dashboard/stats"
  "summary|/api/v1/admin/dashboard/summary"
  "trip-activity|/api/v1/admin/dashboard/trip-activity"
  "risk-distribution|/api/v1/admin/dashboard/risk-distribution"
  "safety-events|/api/v1/admin/dashboard/safety-events-breakdown"
  "drivers-list|/api/v1/admin/drivers?limit=100"
  "driver-details|/api/v1/admin/drivers/$sample_driver/details"
)

# --- scenarios ------------------------------------------------------------------------------------------------------
if [ -z "$ONLY" ]; then
# A fresh process first runs cold (JIT tiers, pools): one warm-up of our hot paths before anything is measured.
for path in /health/live "$summary"; do
  bounded $(( $(seconds_of "$PEER_WARMUP") + 30 )) wrk -t"$THREADS" -c"$CONNECTIONS" -d"$PEER_WARMUP" -s "$report_lua" \
    "http://127.0.0.1:$api_port$path" >/dev/null 2>&1 || true
done
section "trivial endpoints"
measure trivial-anon "$api_port" /health/live "$THREADS" "$CONNECTIONS" anon
if [ -n "$me_available" ]; then measure trivial-auth "$api_port" /api/v1/auth/me; else lib record-na trivial-auth; fi

section "cached routes: hits (cache on) and misses (Caching__Enabled=false)"
for entry in "${routes[@]}"; do
  label=${entry%%|*} path=${entry#*|}
  expect_x_cache "$api_port" "$path" HIT
  before=$(metrics "$api_port")
  measure "hit:$label" "$api_port" "$path"
  lib cache-delta "hit:$label" "$before" "$(metrics "$api_port")"
  log "hit:$label done"
done
for entry in "${routes[@]}"; do
  label=${entry%%|*} path=${entry#*|}
  expect_x_cache "$nocache_port" "$path" BYPASS
  measure "miss:$label" "$nocache_port" "$path"
  log "miss:$label done"
done

section "single connection: summary hit and miss"
expect_x_cache "$api_port" "$summary" HIT
measure c1:hit:summary "$api_port" "$summary" 1 1
measure c1:miss:summary "$nocache_port" "$summary" 1 1

if [ "$COUNTERS" = 1 ]; then
  section "allocation per summary hit (dotnet-counters)"
  expect_x_cache "$api_port" "$summary" HIT
  counters_seconds=$(( $(seconds_of "$DURATION") + 2 ))
  bounded $(( $(seconds_of "$WARMUP") + 30 )) wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s "$report_lua" \
    "http://127.0.0.1:$api_port$summary" >/dev/null 2>&1 || true
  timeout -k 5 $(( counters_seconds + 30 )) dotnet dotnet-counters collect -p "$pid_api" --refresh-interval 1 \
    --counters "System.Runtime[dotnet.gc.heap.total_allocated,dotnet.gc.collections]" --format csv \
    -o "$work/counters.csv" --duration "00:00:00:$(printf '%02d' "$counters_seconds")" >"$work/counters.log" 2>&1 &
  counters_pid=$!
  pids+=("$counters_pid")
  sleep 1.5
  bounded $(( $(seconds_of "$DURATION") + 30 )) wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency \
    -s "$report_lua" "http://127.0.0.1:$api_port$summary" >"$work/wrk.out" 2>&1 || true
  raw=$(cat "$work/wrk.out")
  wait "$counters_pid" 2>/dev/null || true
  forget_pid "$counters_pid"
  echo "$raw" | lib record counters:hit:summary url="$summary"
  lib counters counters:hit:summary "$work/counters.csv" || { tail -5 "$work/counters.log"; log "warning: no counters read"; }
fi

section "peers and ours, $ROUNDS interleaved rounds"
# Our API has served for minutes by now; each peer gets as long a warm-up (JIT tiers, pools, connections) first.
for mode in "${modes[@]}"; do
  peer_token=$token
  [ "$mode" = outputcache-anon ] && peer_token=""
  BENCH_TOKEN=$peer_token bounded $(( $(seconds_of "$PEER_WARMUP") + 30 )) wrk -t"$THREADS" -c"$CONNECTIONS" -d"$PEER_WARMUP" \
    -s "$report_lua" "http://127.0.0.1:${peer_port[$mode]}$summary" >/dev/null 2>&1 || true
done
log "peers warmed up ($PEER_WARMUP each)"
# round_target ROUND TARGET — one measurement of the rounds.
round_target() {
  local round=$1 target=$2
  case $target in
    outputcache-anon) measure "round$round:$target" "${peer_port[$target]}" "$summary" "$THREADS" "$CONNECTIONS" anon ;;
    ours-live) measure "round$round:$target" "$api_port" /health/live "$THREADS" "$CONNECTIONS" anon ;;
    ours-me) [ -z "$me_available" ] || measure "round$round:$target" "$api_port" /api/v1/auth/me ;;
    ours-summary) expect_x_cache "$api_port" "$summary" HIT; measure "round$round:$target" "$api_port" "$summary" ;;
    *) measure "round$round:$target" "${peer_port[$target]}" "$summary" ;;
  esac
}
targets=(constant outputcache-auth hybrid fusion outputcache-anon ours-live ours-me ours-summary)
for round in $(seq 1 "$ROUNDS"); do
  # Even rounds run in reverse order, so no target always comes first or last (the load here drifts within minutes).
  order=("${targets[@]}")
  if [ $((round % 2)) -eq 0 ]; then order=(); for ((i = ${#targets[@]} - 1; i >= 0; i--)); do order+=("${targets[$i]}"); done; fi
  for target in "${order[@]}"; do round_target "$round" "$target"; done
  log "round $round done"
done

# The peers and the caching-off API are done: the rest measures our API alone.
for mode in "${modes[@]}"; do pid_var="pid_peer_${mode//-/_}"; stop_pid "${!pid_var}"; done
stop_pid "$pid_api_nocache"

section "mixed workload: 95 % reads over the seven cached routes, 5 % PATCH (fresh API process)"
mixed_port=$(free_port 57630)
launch api-mixed "$mixed_port" "$app" FleetTelematics.Api.dll -- "${api_env[@]}"
await api-mixed "$mixed_port"
mixed_url="http://127.0.0.1:$mixed_port/"
bounded $(( $(seconds_of "$MIXED_WARMUP") + 30 )) wrk -t"$THREADS" -c"$CONNECTIONS" -d"$MIXED_WARMUP" \
  -s "$bench_dir/lua/mixed.lua" "$mixed_url" >/dev/null 2>&1 || true
before=$(metrics "$mixed_port")
bounded $(( $(seconds_of "$MIXED_DURATION") + 30 )) wrk -t"$THREADS" -c"$CONNECTIONS" -d"$MIXED_DURATION" \
  --timeout 5s --latency -s "$bench_dir/lua/mixed.lua" "$mixed_url" >"$work/wrk.out" 2>&1 || true
raw=$(cat "$work/wrk.out")
after=$(metrics "$mixed_port")
printf '### mixed %s\n%s\n\n' "$mixed_url" "$raw" >>"$results/bench-wrk-raw.txt"
peak_rss_kb=$(awk '/^VmHWM:/ {print $2}' "/proc/$pid_api_mixed/status")
echo "$raw" | lib record mixed url="$mixed_url" threads="$THREADS" connections="$CONNECTIONS" peak_rss_kb="$peak_rss_kb"
lib cache-delta mixed "$before" "$after"
stop_pid "$pid_api_mixed"

section "invalidation cost: PATCH with 10 and with $ENTRIES cache entries"
# patch_run LABEL ENTRIES — sequential PATCHes (-t1 -c1); the API's own invalidate histogram gives the server-side time.
patch_run() {
  local label=$1 entries=$2 before after raw dbsize
  dbsize=$(redis dbsize)
  before=$(metrics "$api_port")
  bounded $(( $(seconds_of "$PATCH_DURATION") + 30 )) wrk -t1 -c1 -d"$PATCH_DURATION" --timeout 5s --latency \
    -s "$bench_dir/lua/patch.lua" "http://127.0.0.1:$api_port/" >"$work/wrk.out" 2>&1 || true
  raw=$(cat "$work/wrk.out")
  after=$(metrics "$api_port")
  printf '### %s\n%s\n\n' "$label" "$raw" >>"$results/bench-wrk-raw.txt"
  echo "$raw" | lib record "$label" entries="$entries" dbsize="$dbsize"
  lib invalidation "$label" "$before" "$after"
}
redis flushall >/dev/null
for i in $(seq 0 9); do
  curl -s -o /dev/null "${auth[@]}" "http://127.0.0.1:$api_port/api/v1/admin/drivers?limit=1&search=zz$i"
done
patch_run invalidation:10 10

# Fill with distinct driver-list entries through the API (every request a miss that stores one), in chunks, until the
# store holds the target; past BENCH_FILL_TIMEOUT the rest are copies of a real entry under keys of the same shape.
fill_start=$(date +%s)
chunk=0
entry_count() { redis --scan --pattern '*:e:*' | wc -l; }
while :; do
  [ "$(entry_count)" -ge "$ENTRIES" ] && break
  [ $(( $(date +%s) - fill_start )) -ge "$FILL_TIMEOUT" ] && break
  chunk=$((chunk + 1))
  BENCH_FILL_FROM=$((chunk * 10000000)) BENCH_FILL_THREADS=$THREADS bounded 60 wrk -t"$THREADS" -c"$CONNECTIONS" -d10s --timeout 5s \
    -s "$bench_dir/lua/fill.lua" "http://127.0.0.1:$api_port/" >"$work/fill-$chunk.txt" 2>&1 || true
  log "fill: $(entry_count) entries after $(( $(date +%s) - fill_start )) s"
done
real_entries=$(entry_count)
copies=0
if [ "$real_entries" -lt "$ENTRIES" ]; then
  copies=$(( ENTRIES - real_entries ))
  sample_key=$(redis --scan --pattern '*{drivers_list}:e:*' | head -1 || true)
  redis eval "local v = redis.call('GET', KEYS[1]); local ttl = redis.call('PTTL', KEYS[1]);
    if ttl < 0 then ttl = 600000 end
    for i = 1, tonumber(ARGV[1]) do redis.call('SET', KEYS[1] .. ':copy:' .. i, v, 'PX', ttl) end
    return 1" 1 "$sample_key" "$copies" >/dev/null
  log "fill: $real_entries entries through the API in $FILL_TIMEOUT s; $copies copies of $sample_key added"
fi
echo "cache: $(entry_count) entries ($real_entries filled through the API, $copies copies), dbsize $(redis dbsize)," \
     "used memory $(redis info memory | awk -F: '/^used_memory_human/ {print $2}' | tr -d '\r')"
lib note invalidation real_entries="$real_entries" copies="$copies"
patch_run "invalidation:$ENTRIES" "$ENTRIES"
# The 10-entry case once more after the large one, so a load that drifted during the fill shows in the two 10s.
redis flushall >/dev/null
for i in $(seq 0 9); do
  curl -s -o /dev/null "${auth[@]}" "http://127.0.0.1:$api_port/api/v1/admin/drivers?limit=1&search=zz$i"
done
patch_run invalidation:10-after 10

fi

# --- the two-instance scenario (issue 12): one instance direct vs two behind nginx ------------------------------------
if [ "$SCALEOUT" = 1 ]; then
  section "scale-out: one API instance direct vs two behind nginx (deploy/nginx/nginx.conf); same data, same Redis"
  # Two fresh instances, equally warm: the first alone (direct, and behind nginx) against both behind nginx.
  so_port_1=$(free_port 57650)
  launch api-so1 "$so_port_1" "$app" FleetTelematics.Api.dll -- "${api_env[@]}"
  so_port_2=$(free_port 57660)
  launch api-so2 "$so_port_2" "$app" FleetTelematics.Api.dll -- "${api_env[@]}"
  await api-so1 "$so_port_1"
  await api-so2 "$so_port_2"
  nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
  # start_nginx NAME PORT UPSTREAM_PORT... — the deployed config, rewritten as the suite's NginxInstance does.
  start_nginx() {
    local name=$1 port=$2 dir="$work/$1" i
    shift 2
    mkdir -p "$dir"
    lib nginx-conf "$repo/deploy/nginx/nginx.conf" "$dir/nginx.conf" "$port" "$dir" "$@"
    "$nginx_bin" -t -q -c "$dir/nginx.conf" -p "$dir" -e "$dir/error.log" || die "nginx -t rejected $dir/nginx.conf"
    "$nginx_bin" -c "$dir/nginx.conf" -p "$dir" -e "$dir/error.log" >"$work/$name.log" 2>&1 &
    pids+=("$!")
    printf -v "pid_${name//-/_}" '%s' "$!"
    for i in $(seq 1 50); do port_in_use "$port" && return 0; sleep 0.2; done
    tail -20 "$dir/error.log" >&2
    die "$name did not listen on $port"
  }
  nginx_1_port=$(free_port 57670)
  start_nginx nginx-1 "$nginx_1_port" "$so_port_1"
  nginx_2_port=$(free_port 57680)
  start_nginx nginx-2 "$nginx_2_port" "$so_port_1" "$so_port_2"
  log "api-so1 :$so_port_1, api-so2 :$so_port_2, nginx in front of one :$nginx_1_port, of both :$nginx_2_port"
  # Both instances through their first requests (JIT, pools, local copies), and the mixed reads' few thousand
  # entries into the cache, before anything is measured: otherwise the first setup measured pays the cold misses.
  bounded 40 wrk -t"$THREADS" -c"$CONNECTIONS" -d"$PEER_WARMUP" -s "$report_lua" "http://127.0.0.1:$nginx_2_port$summary" >/dev/null 2>&1 || true
  BENCH_MIXED_PATCH_SHARE=0 bounded 40 wrk -t"$THREADS" -c"$CONNECTIONS" -d"$MIXED_WARMUP" -s "$bench_dir/lua/mixed.lua" \
    "http://127.0.0.1:$nginx_2_port/" >/dev/null 2>&1 || true
  expect_x_cache "$nginx_2_port" "$summary" HIT
  # Two rounds, the second in reverse order, so no setup always runs first or last while the load drifts; each
  # measured run gets a 1-s warm-up of its own.
  setups=(direct-1 nginx-1 nginx-2)
  for round in 1 2; do
    order=("${setups[@]}")
    [ "$round" = 2 ] && order=(nginx-2 nginx-1 direct-1)
    for route in summary mixed-reads; do
      for setup in "${order[@]}"; do
        case $setup in
          direct-1) port=$so_port_1 ;;
          nginx-1) port=$nginx_1_port ;;
          nginx-2) port=$nginx_2_port ;;
        esac
        if [ "$route" = summary ]; then
          WARMUP=1s wrk_run "scaleout:$route:$setup:r$round" "http://127.0.0.1:$port$summary" "$THREADS" "$CONNECTIONS" \
            "$SCALEOUT_DURATION" "$report_lua"
        else
          # The mixed workload's reads only (no PATCH), so every setup serves the same kind of hits.
          WARMUP=1s BENCH_MIXED_PATCH_SHARE=0 wrk_run "scaleout:$route:$setup:r$round" "http://127.0.0.1:$port/" \
            "$THREADS" "$CONNECTIONS" "$SCALEOUT_DURATION" "$bench_dir/lua/mixed.lua"
        fi
      done
    done
    log "scaleout round $round done"
  done
  lib scaleout
  for name in nginx_2 nginx_1 api_so2 api_so1; do pid_var="pid_$name"; stop_pid "${!pid_var}"; done
fi

# --- telemetry ingestion (issue 13) -----------------------------------------------------------------------------------
if [ "$INGEST" = 1 ]; then
  section "ingestion: $GATEWAYS_N gateways x batches of 1,000 safety events beside COPY; then 500 events/s with dashboards polled"
  redis flushall >/dev/null
  bounded 300 python3 "$bench_dir/ingest.py" "http://127.0.0.1:$api_port" "$token" "$pg_port" fleet "$DRIVERS" \
    | tee "$work/ingest.jsonl" || log "warning: the ingestion benchmark failed; see above"
fi

# --- the hit path's pieces, in isolation ------------------------------------------------------------------------------
if [ "$HITPATH" = 1 ]; then
  section "hit path pieces (BenchmarkDotNet, short job): time and bytes allocated per operation"
  if bounded 600 dotnet build bench/hitpath/FleetTelematics.Bench.HitPath.csproj -c Release -nologo -v quiet >"$work/hitpath-build.log" 2>&1 &&
     (cd bench/hitpath && bounded 600 dotnet run -c Release --no-build -- --job short --filter '*' >"$work/hitpath.log" 2>&1); then
    grep -E '^\|' "$work/hitpath.log" | tee "$results/hitpath.md"
  else
    log "warning: the hit-path benchmark failed; see $work/hitpath-build.log and $work/hitpath.log"
  fi
fi

# --- the 10x fleet: computed answers (no cache) on one connection ------------------------------------------------------
if [ "$SCALE" = 1 ]; then
  section "10x fleet ($SCALE_MARKER): every dashboard and driver list computed, one connection"
  stop_pid "$pid_api"
  create_database "$pg_port" fleet_scale
  scale_connection="Host=127.0.0.1;Port=$pg_port;Database=fleet_scale;Username=postgres"
  scale_verb=(env ASPNETCORE_ENVIRONMENT=Production ConnectionStrings__Fleet="$scale_connection"
    bash -c 'cd "$1" && shift && exec dotnet FleetTelematics.Api.dll "$@"' _ "$app")
  bounded 300 "${scale_verb[@]}" migrate >"$work/scale-migrate.log" 2>&1 || { tail -20 "$work/scale-migrate.log"; die "migrate of fleet_scale failed"; }
  if [ -z "${BENCH_RESEED:-}" ] && [ "$(cut -d'|' -f1 "$DATA/scale.marker" 2>/dev/null)" = "$SCALE_MARKER" ]; then
    echo "reusing the 10x fleet in database fleet_scale ($(cat "$DATA/scale.marker"); BENCH_RESEED=1 reseeds)"
  else
    rm -f "$DATA/scale.marker"
    t0=$(date +%s)
    bounded 900 "${scale_verb[@]}" seed --drivers "$SCALE_DRIVERS" --vehicles "$SCALE_VEHICLES" --days "$SCALE_DAYS" --force \
      >"$work/scale-seed.log" 2>&1 || { sed 's/^/  | /' "$work/scale-seed.log" | tail -30; die "seed of the 10x fleet failed"; }
    seed_seconds=$(( $(date +%s) - t0 ))
    grep -v ': [0-9,]*$' "$work/scale-seed.log" | sed 's/^/  | /' | tail -15
    echo "$SCALE_MARKER|seeded $(date -u +%F)" >"$DATA/scale.marker"
    echo "seeded $SCALE_MARKER in $seed_seconds s"
    lib note scale:seed seconds="$seed_seconds"
  fi
  read -r trips events drivers < <(psql -X -q -h 127.0.0.1 -p "$pg_port" -U postgres -d fleet_scale -tA -F ' ' -c \
    "SELECT (SELECT count(*) FROM trips), (SELECT count(*) FROM safety_events), (SELECT count(*) FROM drivers)")
  echo "rows: trips=$trips safety_events=$events drivers=$drivers"
  lib note scale:fleet trips="$trips" events="$events" drivers="$drivers"

  scale_port=$(free_port 57640)
  launch api-scale "$scale_port" "$app" FleetTelematics.Api.dll -- "${api_env[@]}" ConnectionStrings__Fleet="$scale_connection" \
    Caching__Enabled=false
  await api-scale "$scale_port"
  scale_token=$(curl -sf -X POST "http://127.0.0.1:$scale_port/api/v1/auth/token" --data-urlencode username=bench \
    --data-urlencode "password=$admin_password" | lib token) || die "could not get a token from the 10x fleet's API"
  scale_routes=(
    "stats|/api/v1/admin/dashboard/stats"
    "summary|/api/v1/admin/dashboard/summary"
    "trip-activity?days=90|/api/v1/admin/dashboard/trip-activity?days=90"
    "risk-distribution|/api/v1/admin/dashboard/risk-distribution"
    "safety-events-breakdown?days=365|/api/v1/admin/dashboard/safety-events-breakdown?days=365"
    "drivers (default)|/api/v1/admin/drivers"
    "drivers?search=smith|/api/v1/admin/drivers?search=smith"
    "drivers?sort=-last_trip_at|/api/v1/admin/drivers?sort=-last_trip_at"
    "drivers?sort=name|/api/v1/admin/drivers?sort=name"
    "drivers/{id}/details|/api/v1/admin/drivers/$(printf 'DRV-%04d' $(( (SCALE_DRIVERS + 1) / 2 )))/details"
  )
  for entry in "${scale_routes[@]}"; do
    label=${entry%%|*} path=${entry#*|}
    BENCH_TOKEN=$scale_token expect_x_cache_with "$scale_token" "$scale_port" "$path" BYPASS
    BENCH_TOKEN=$scale_token wrk_run "scale:$label" "http://127.0.0.1:$scale_port$path" 1 1 "$SCALE_DURATION" "$report_lua"
    log "scale:$label done"
  done
  stop_pid "$pid_api_scale"
fi

# --- report -----------------------------------------------------------------------------------------------------------
section "results"
if [ -n "$ONLY" ]; then
  # One section alone: its own results file, and the committed chart of the full run stays as it is.
  report_json="$results/bench-$ONLY.json" report_svg="$work/bench.svg"
else
  report_json="$results/bench.json" report_svg="$repo/docs/performance/bench.svg"
fi
lib report "$work/meta.json" "$report_json" "$report_svg" total_seconds=$(( $(date +%s) - script_start )) \
  load_end="$(cut -d' ' -f1-3 /proc/loadavg)"
echo "results: ${report_json#"$repo/"}, chart: ${report_svg#"$repo/"}, raw wrk output: bench/results/bench-wrk-raw.txt"
