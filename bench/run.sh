#!/usr/bin/env bash
# Benchmark of the issue's target fleet: seed time, EXPLAIN of the hot queries, and wrk latency of cache hits
# against misses. Starts private PostgreSQL and Redis (scripts/services.sh) in a temp dir, stops everything on exit.
#
#   bench/run.sh                      # ~3-5 minutes; figures on stdout, also in bench/results/last-run.txt
#
# Writes bench/results/{last-run.txt, explain.txt, explain-as-seeded.txt, ef-sql.log, wrk-raw.txt} (git-ignored).
# Knobs (environment): BENCH_DRIVERS=2000 BENCH_VEHICLES=1200 BENCH_DAYS=90, BENCH_WRK_DURATION=8s,
# BENCH_WRK_THREADS=2, BENCH_WRK_CONNECTIONS=16, BENCH_PG_OPTS (extra postgres -c options), BENCH_KEEP_WORK=1.
#
# The machine has 2 cores shared by wrk, both API processes, PostgreSQL and Redis (and whatever else runs):
# absolute req/s are noisy; compare the ratios measured within one run.
set -euo pipefail

bench_dir=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$bench_dir/.." && pwd)
results="$bench_dir/results"

# Everything printed also goes to results/last-run.txt.
if [ -z "${BENCH_TEED:-}" ]; then
  mkdir -p "$results"
  set +e
  BENCH_TEED=1 "$0" "$@" 2>&1 | tee "$results/last-run.txt"
  status=${PIPESTATUS[0]}
  exit "$status"
fi

cd "$repo"
source scripts/services.sh

DRIVERS=${BENCH_DRIVERS:-2000}
VEHICLES=${BENCH_VEHICLES:-1200}
DAYS=${BENCH_DAYS:-90}
WRK_DURATION=${BENCH_WRK_DURATION:-8s}
WRK_THREADS=${BENCH_WRK_THREADS:-2}
WRK_CONNECTIONS=${BENCH_WRK_CONNECTIONS:-16}
SEED_TARGET_SECONDS=120

lib() { python3 "$bench_dir/benchlib.py" "$@"; }
section() { printf '\n==== %s ====\n' "$*"; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

# --- prerequisites --------------------------------------------------------------------------------------------
command -v dotnet >/dev/null || die "the .NET 10 SDK is required (dotnet not found)"
ensure_postgres_installed
ensure_redis_installed
command -v wrk >/dev/null || apt_install wrk
command -v curl >/dev/null || apt_install curl
command -v python3 >/dev/null || apt_install python3
command -v psql >/dev/null || apt_install postgresql-client

script_start=$(now)
work=$(mktemp -d /tmp/fleet-bench.XXXXXX)
chmod 755 "$work"
api_pids=()
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  local pid
  for pid in "${api_pids[@]}"; do
    kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  done
  stop_postgres "$work/postgres"
  stop_redis "$work/redis"
  if [ -n "${BENCH_KEEP_WORK:-}" ]; then log "kept $work"; else rm -rf "$work"; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

pg_port=$(free_port 57400)
redis_port=$(free_port 57500)
psql_fleet() { psql -X -q -h 127.0.0.1 -p "$pg_port" -U postgres -d fleet -v ON_ERROR_STOP=1 "$@"; }

section "machine"
echo "cores: $(nproc)   load average: $(cut -d' ' -f1-3 /proc/loadavg)   memory: $(free -m | awk '/^Mem:/ {print $2 " MB"}')"
echo "dotnet $(dotnet --version)   $("$(pg_bindir)/postgres" --version)   $(redis-server --version | cut -d' ' -f1-3)   $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2)"
echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD 2>/dev/null || echo ' + uncommitted changes in the working tree')"

# --- services ---------------------------------------------------------------------------------------------------
# fsync and synchronous_commit stay at their defaults (on) so the seed time is honest. The extra options only add
# I/O timing to EXPLAIN and a JSON log (used to capture the SQL the API sends; statement logging is off by default).
PG_EXTRA_OPTS="-c track_io_timing=on -c logging_collector=on -c log_destination=stderr,jsonlog -c log_directory=log \
-c log_filename=postgresql.log -c log_file_mode=0644 ${BENCH_PG_OPTS:-}" start_postgres "$work/postgres" "$pg_port"
start_redis "$work/redis" "$redis_port"
create_database "$pg_port" fleet
export ConnectionStrings__Fleet="Host=127.0.0.1;Port=$pg_port;Database=fleet;Username=postgres"
echo "postgres: $(psql_fleet -tAc "SELECT string_agg(name || '=' || setting || coalesce(unit, ''), ' ' ORDER BY name) FROM pg_settings
  WHERE name IN ('fsync', 'synchronous_commit', 'shared_buffers', 'work_mem', 'max_wal_size', 'jit', 'max_parallel_workers_per_gather')")"

# --- build --------------------------------------------------------------------------------------------------------
section "build"
t0=$(now)
if ! build_output=$(timeout 600 dotnet build FleetTelematics.Api -c Release -nologo -v quiet 2>&1); then
  echo "$build_output" | grep -E 'error|Error' | head -20
  die "dotnet build FleetTelematics.Api -c Release failed"
fi
echo "dotnet build FleetTelematics.Api -c Release: $(elapsed "$t0" "$(now)") s"
# Run from a private copy: test.sh and other builds write to the same bin/Release while the benchmark runs.
# The copy is also the content root (cwd), so appsettings.json is read as in the container image.
app="$work/app"
mkdir -p "$app"
cp -a FleetTelematics.Api/bin/Release/net10.0/. "$app/"

# --- seed ---------------------------------------------------------------------------------------------------------
section "seed: --drivers $DRIVERS --vehicles $VEHICLES --days $DAYS (migrate + seed, fsync on)"
t0=$(now)
timeout 600 env ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning \
  bash -c 'cd "$1" && shift && exec dotnet FleetTelematics.Api.dll "$@"' _ "$app" \
  seed --drivers "$DRIVERS" --vehicles "$VEHICLES" --days "$DAYS" 2>&1 | sed 's/^/  | /' \
  || die "seed failed"
seed_seconds=$(elapsed "$t0" "$(now)")
read -r trips events drivers vehicles < <(psql_fleet -tA -F ' ' -c \
  "SELECT (SELECT count(*) FROM trips), (SELECT count(*) FROM safety_events), (SELECT count(*) FROM drivers), (SELECT count(*) FROM vehicles)")
verdict=$(awk -v s="$seed_seconds" -v t="$SEED_TARGET_SECONDS" 'BEGIN { print (s < t) ? "PASS" : "FAIL" }')
sized=$(awk -v t="$trips" -v e="$events" 'BEGIN { print (t >= 400000 && t <= 600000 && e >= 1000000 && e <= 2000000) ? "yes" : "no" }')
echo "seed wall time: $seed_seconds s (process start to exit, incl. migrations and ANALYZE)   target < $SEED_TARGET_SECONDS s: $verdict"
echo "rows: trips=$trips safety_events=$events drivers=$drivers vehicles=$vehicles   (issue: ~500k trips, 1-2M events: $sized)"
psql_fleet -c "SELECT relname AS table, n_live_tup AS rows, pg_size_pretty(pg_relation_size(relid)) AS heap,
  pg_size_pretty(pg_indexes_size(relid)) AS indexes FROM pg_stat_user_tables
  WHERE relname IN ('trips', 'safety_events', 'drivers') ORDER BY relname"

# --- capture the SQL the API sends --------------------------------------------------------------------------------
section "capture the SQL of each hot request"
jwt_key=$(lib secret 48)
admin_password=$(lib secret 24)
# start_api NAME PORT [extra env...] — a Production API on loopback; waits for /health/live.
start_api() {
  local name=$1 port=$2
  shift 2
  env ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$port" Jwt__SigningKey="$jwt_key" \
    Auth__BootstrapAdmin__Username=bench Auth__BootstrapAdmin__Password="$admin_password" \
    ConnectionStrings__Fleet="$ConnectionStrings__Fleet" Redis__Configuration="127.0.0.1:$redis_port" \
    Logging__LogLevel__Default=Warning Shutdown__DrainDelay=00:00:00 "$@" \
    bash -c 'cd "$1" && exec dotnet FleetTelematics.Api.dll' _ "$app" >"$work/api-$name.log" 2>&1 &
  local pid=$!
  api_pids+=("$pid")
  local i
  for i in $(seq 1 300); do
    curl -sf -o /dev/null "http://127.0.0.1:$port/health/live" && { log "API '$name' up on 127.0.0.1:$port (pid $pid)"; return 0; }
    kill -0 "$pid" 2>/dev/null || { tail -30 "$work/api-$name.log" >&2; die "API '$name' exited during start-up"; }
    sleep 0.2
  done
  tail -30 "$work/api-$name.log" >&2
  die "API '$name' did not answer /health/live within 60 s"
}
stop_api() { kill "$1" 2>/dev/null && wait "$1" 2>/dev/null || true; }
get_token() {
  curl -sf -X POST "http://127.0.0.1:$1/api/v1/auth/token" --data-urlencode username=bench \
    --data-urlencode "password=$admin_password" | lib token
}

capture_port=$(free_port 57600)
# Caching off so every request reaches the database; EF's command log shows the EF-generated SQL.
start_api capture "$capture_port" Caching__Enabled=false \
  "Logging__LogLevel__Microsoft.EntityFrameworkCore.Database.Command=Information"
capture_pid=${api_pids[-1]}
token=$(get_token "$capture_port") || die "could not get a token from POST /api/v1/auth/token"
sample_driver=$(printf 'DRV-%04d' $(( (DRIVERS + 1) / 2 )))
requests=(
  "stats|/api/v1/admin/dashboard/stats"
  "summary|/api/v1/admin/dashboard/summary"
  "trip-activity-90|/api/v1/admin/dashboard/trip-activity?days=90"
  "risk-distribution|/api/v1/admin/dashboard/risk-distribution"
  "safety-events-365|/api/v1/admin/dashboard/safety-events-breakdown?days=365"
  "drivers-default|/api/v1/admin/drivers"
  "drivers-last-trip|/api/v1/admin/drivers?sort=-last_trip_at&limit=100"
  "drivers-search|/api/v1/admin/drivers?search=smith"
  "driver-lookup|/api/v1/admin/drivers/$sample_driver"
  "driver-details|/api/v1/admin/drivers/$sample_driver/details"
)
psql_fleet -c "ALTER SYSTEM SET log_min_duration_statement = 0" -c "SELECT pg_reload_conf()" >/dev/null
sleep 1
for entry in "${requests[@]}"; do
  label=${entry%%|*} path=${entry#*|}
  psql_fleet -c "SELECT 'bench-marker:$label'" >/dev/null
  code=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' -H "Authorization: Bearer $token" "http://127.0.0.1:$capture_port$path")
  printf '  %-18s %-62s HTTP %s s\n' "$label" "$path" "$code"
done
psql_fleet -c "SELECT 'bench-marker:end'" >/dev/null
psql_fleet -c "ALTER SYSTEM RESET log_min_duration_statement" -c "SELECT pg_reload_conf()" >/dev/null
stop_api "$capture_pid"
cp "$work/api-capture.log" "$results/ef-sql.log"
echo "EF Core logged $(grep -c 'Executed DbCommand' "$results/ef-sql.log" || true) commands (results/ef-sql.log)"
lib capture "$work/postgres/log" "$work/statements.json"
cp "$work/statements.json" "$results/statements.json"

# --- EXPLAIN -----------------------------------------------------------------------------------------------------
section "EXPLAIN (ANALYZE, BUFFERS)"
# First as the seed leaves the tables (COPY + ANALYZE, no VACUUM yet: the visibility map is empty, so index-only
# scans fetch heap pages until autovacuum gets there), then after VACUUM, the steady state measured below.
psql_fleet -tAc "SELECT 'autovacuum so far: ' || string_agg(relname || '=' || coalesce(to_char(last_autovacuum, 'HH24:MI:SS'), 'never'), ' ')
  FROM pg_stat_user_tables WHERE relname IN ('trips', 'safety_events')"
lib explain "$pg_port" fleet "$work/statements.json" "$results/explain-as-seeded.txt" "$work/as-seeded.json"
psql_fleet -tAc "SELECT 'autovacuum after the as-seeded pass: ' || string_agg(relname || '=' || coalesce(to_char(last_autovacuum, 'HH24:MI:SS'), 'never'), ' ')
  FROM pg_stat_user_tables WHERE relname IN ('trips', 'safety_events')"
t0=$(now)
psql_fleet -c "VACUUM (ANALYZE)"
echo "VACUUM (ANALYZE) after the seed: $(elapsed "$t0" "$(now)") s"
lib explain "$pg_port" fleet "$work/statements.json" "$results/explain.txt" "$work/vacuumed.json"
lib explain-table "$work/as-seeded.json" "$work/vacuumed.json"
echo "plans: bench/results/explain.txt (after VACUUM), bench/results/explain-as-seeded.txt"

# What-if, not product code: the two whole-window aggregates (trip-activity days=90, safety-events days=365) read
# every row of their table whatever the index. Daily roll-ups by UTC day answer the same windows exactly; built
# here as temp tables in a transaction that is rolled back, to size the gain and the build cost.
tomorrow=$(date -u -d tomorrow +%F)
from90=$(date -u -d "$tomorrow -90 days" +%F)
from365=$(date -u -d "$tomorrow -365 days" +%F)
psql_fleet >"$results/explain-whatif.txt" 2>&1 <<SQL || log "warning: what-if roll-up experiment failed (see results/explain-whatif.txt)"
BEGIN;
\\timing on
CREATE TEMP TABLE trips_daily AS
  SELECT (started_at AT TIME ZONE 'UTC')::date AS day, count(*)::int AS trips, sum(distance_km) AS distance_km,
         sum(duration_seconds)::bigint AS duration_seconds
  FROM trips GROUP BY 1;
CREATE TEMP TABLE safety_events_daily AS
  SELECT (occurred_at AT TIME ZONE 'UTC')::date AS day, type, severity, count(*)::int AS events
  FROM safety_events GROUP BY 1, 2, 3;
\\timing off
ANALYZE trips_daily;
ANALYZE safety_events_daily;
EXPLAIN (ANALYZE, BUFFERS) SELECT day, trips, distance_km, duration_seconds FROM trips_daily
  WHERE day >= '$from90' AND day < '$tomorrow';
EXPLAIN (ANALYZE, BUFFERS) SELECT type, severity, sum(events)::int FROM safety_events_daily
  WHERE day >= '$from365' AND day < '$tomorrow' GROUP BY type, severity;
ROLLBACK;
SQL
if grep -q 'Execution Time' "$results/explain-whatif.txt"; then
  mapfile -t build_ms < <(grep -oP '^Time: \K[0-9.]+' "$results/explain-whatif.txt")
  mapfile -t exec_ms < <(grep -oP 'Execution Time: \K[0-9.]+' "$results/explain-whatif.txt")
  echo "what-if daily roll-ups (bench/results/explain-whatif.txt): trip-activity-90 ${exec_ms[0]} ms, safety-events-365" \
       "${exec_ms[1]} ms from the roll-ups; building them from scratch: trips_daily ${build_ms[0]} ms, safety_events_daily ${build_ms[1]} ms"
fi

# --- latency: cache HIT vs MISS ----------------------------------------------------------------------------------
section "latency: wrk -t$WRK_THREADS -c$WRK_CONNECTIONS -d$WRK_DURATION, loopback"
cached_port=$(free_port 57610)
start_api cached "$cached_port"
bypass_port=$(free_port 57620)
start_api bypass "$bypass_port" Caching__Enabled=false
token=$(get_token "$cached_port") || die "could not get a token"
export BENCH_TOKEN=$token

x_cache() {
  curl -s -o /dev/null -D - -H "Authorization: Bearer $token" "http://127.0.0.1:$1$2" | tr -d '\r' \
    | awk -F': ' 'tolower($1) == "x-cache" { xc = $2 } /^HTTP/ { split($0, w, " "); code = w[2] }
                 END { if (code == "") print "no-answer"; else if (xc == "") print "none(HTTP " code ")"; else print xc }'
}
for path in /api/v1/admin/dashboard/summary "/api/v1/admin/drivers?limit=100"; do
  echo "X-Cache $path: cached API first=$(x_cache "$cached_port" "$path") then=$(x_cache "$cached_port" "$path");" \
       "caching-off API=$(x_cache "$bypass_port" "$path");" \
       "body $(curl -s -o /dev/null -w '%{size_download}' -H "Authorization: Bearer $token" "http://127.0.0.1:$cached_port$path") bytes"
done

: >"$results/wrk-raw.txt"
table="$work/wrk.tsv"
: >"$table"
# measure LABEL MODE PORT PATH PREFIX THREADS CONNECTIONS DURATION — a 2 s warm-up (JIT, pools), then the measured run.
measure() {
  local label=$1 mode=$2 port=$3 path=$4 prefix=$5 threads=$6 conns=$7 duration=$8 url before after raw
  url="http://127.0.0.1:$port$path"
  wrk -t"$threads" -c"$conns" -d2s -s "$bench_dir/wrk-report.lua" "$url" >/dev/null 2>&1 || true
  if [ "$mode" = HIT ]; then
    local seen
    seen=$(x_cache "$port" "$path")
    [ "$seen" = HIT ] || seen=$(x_cache "$port" "$path")
    [ "$seen" = HIT ] || log "warning: $path answered X-Cache: $seen before the HIT run"
  fi
  before=$( [ "$prefix" = - ] && echo "- -" || lib metric "http://127.0.0.1:$port/metrics" "$prefix")
  raw=$(wrk -t"$threads" -c"$conns" -d"$duration" --timeout 5s -s "$bench_dir/wrk-report.lua" "$url" 2>&1) || true
  sleep 0.5
  after=$( [ "$prefix" = - ] && echo "- -" || lib metric "http://127.0.0.1:$port/metrics" "$prefix")
  printf '### %s %s %s (-t%s -c%s -d%s)\n%s\n\n' "$label" "$mode" "$url" "$threads" "$conns" "$duration" "$raw" >>"$results/wrk-raw.txt"
  local hits=- misses=-
  read -r b_hits b_misses <<<"$before"
  read -r a_hits a_misses <<<"$after"
  if [[ "$b_hits$a_hits$b_misses$a_misses" =~ ^[0-9]+$ ]]; then
    hits=$((a_hits - b_hits)); misses=$((a_misses - b_misses))
  fi
  printf '%s\t%s\t%s\t%s\t%s hits=%s misses=%s\n' "$label" "$path" "$mode" "$conns" \
    "$(echo "$raw" | lib wrk-line)" "$hits" "$misses" >>"$table"
  echo "$raw" | grep -q '^WRK_RESULT' || log "warning: wrk printed no result for $label: $(echo "$raw" | tail -2)"
  log "$label done"
}
T=$WRK_THREADS C=$WRK_CONNECTIONS D=$WRK_DURATION
measure trivial        trivial "$cached_port" /health/live                     -                 "$T" "$C" "$D"
measure summary-hit    HIT     "$cached_port" /api/v1/admin/dashboard/summary  dashboard_summary "$T" "$C" "$D"
measure summary-bypass MISS    "$bypass_port" /api/v1/admin/dashboard/summary  -                 "$T" "$C" "$D"
measure drivers-hit    HIT     "$cached_port" "/api/v1/admin/drivers?limit=100" drivers_list     "$T" "$C" "$D"
measure drivers-bypass MISS    "$bypass_port" "/api/v1/admin/drivers?limit=100" -                "$T" "$C" "$D"
# Unloaded latency (one connection): what a single user sees on a hit and on a miss.
measure summary-hit-c1    HIT  "$cached_port" /api/v1/admin/dashboard/summary  dashboard_summary 1 1 4s
measure summary-bypass-c1 MISS "$bypass_port" /api/v1/admin/dashboard/summary  -                 1 1 4s
measure drivers-hit-c1    HIT  "$cached_port" "/api/v1/admin/drivers?limit=100" drivers_list     1 1 4s
measure drivers-bypass-c1 MISS "$bypass_port" "/api/v1/admin/drivers?limit=100" -                1 1 4s

echo
echo "MISS = the same route on a second API process with Caching__Enabled=false (X-Cache: BYPASS): every request computes."
lib wrk-table "$table"
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)   total time: $(elapsed "$script_start" "$(now)") s   (raw wrk output: bench/results/wrk-raw.txt)"
