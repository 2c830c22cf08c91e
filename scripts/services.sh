# Shared by run.sh and test.sh: installs and runs private PostgreSQL and Redis instances.
# Source it; every function prints what it does and fails loudly.

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

is_root() { [ "$(id -u)" -eq 0 ]; }

apt_install() {
  # Installs Debian packages when running as root; otherwise says exactly what is missing.
  if is_root && command -v apt-get >/dev/null; then
    log "installing $*"
    if [ -z "${APT_UPDATED:-}" ]; then apt-get update -qq >/dev/null || true; APT_UPDATED=1; fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null || die "apt-get install $* failed"
  else
    die "missing: $* — install it (sudo apt-get install -y $*) and run again"
  fi
}

pg_bindir() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    [ -x "$dir/initdb" ] && { echo "$dir"; return 0; }
  done
  return 1
}

ensure_postgres_installed() { pg_bindir >/dev/null || apt_install postgresql; pg_bindir >/dev/null || die "PostgreSQL server binaries not found"; }
ensure_redis_installed() { command -v redis-server >/dev/null || apt_install redis-server; }
# promtool checks and unit-tests the Prometheus rules. It comes with Debian's prometheus package, whose service is not
# needed (policy-rc.d keeps containers from starting it) and whose recommends (node exporter, SMART tools) are not either.
# nginx runs deploy/nginx/nginx.conf in front of real instances in the suite (and of two in ./bench.sh); its
# service is not started (policy-rc.d), only private foreground instances are.
ensure_nginx_installed() { command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || apt_install nginx; }
ensure_promtool_installed() { command -v promtool >/dev/null || apt_install --no-install-recommends prometheus; }

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port() {
  # A free loopback port at or above $1.
  local port=$1
  while port_in_use "$port"; do port=$((port + 1)); done
  echo "$port"
}

# Runs a PostgreSQL tool as the data directory's owner: initdb refuses to run as root.
as_pg_owner() {
  if is_root; then runuser -u postgres -- "$@"; else "$@"; fi
}

# start_postgres DATA_DIR PORT — initialises the cluster if needed (recovering from a half-made one) and starts it.
start_postgres() {
  local data=$1 port=$2 bin
  bin=$(pg_bindir)
  mkdir -p "$(dirname "$data")"
  chmod 755 "$(dirname "$data")"
  if [ -d "$data" ] && [ ! -f "$data/PG_VERSION" -o ! -f "$data/postgresql.conf" ]; then
    log "removing half-initialised PostgreSQL data dir $data"
    rm -rf "$data"
  fi
  if [ ! -d "$data" ]; then
    log "initialising PostgreSQL cluster in $data"
    local staging="$data.init.$$"
    rm -rf "$staging"; mkdir -p "$staging"
    is_root && chown postgres:postgres "$staging"
    as_pg_owner "$bin/initdb" -D "$staging" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null \
      || as_pg_owner "$bin/initdb" -D "$staging" -A trust -U postgres -E UTF8 --locale=C >/dev/null \
      || die "initdb failed"
    mv "$staging" "$data"
  fi
  is_root && chown -R postgres:postgres "$data"
  if as_pg_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    log "PostgreSQL already running on $data; stopping it to restart on port $port"
    as_pg_owner "$bin/pg_ctl" -D "$data" stop -m fast >/dev/null 2>&1 || true
  fi
  log "starting PostgreSQL on 127.0.0.1:$port"
  as_pg_owner "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
    -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=/tmp -c max_connections=200 ${PG_EXTRA_OPTS:-}" \
    start >/dev/null || { tail -20 "$data/server.log" >&2; die "PostgreSQL did not start"; }
}

stop_postgres() {
  local data=$1 bin
  bin=$(pg_bindir) || return 0
  [ -f "$data/postmaster.pid" ] || return 0
  as_pg_owner "$bin/pg_ctl" -D "$data" stop -m fast >/dev/null 2>&1 || true
}

create_database() {
  local port=$1 name=$2
  psql -h 127.0.0.1 -p "$port" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$name'" | grep -q 1 \
    || psql -h 127.0.0.1 -p "$port" -U postgres -qc "CREATE DATABASE \"$name\"" >/dev/null
}

# start_redis DIR PORT — a private, non-persistent instance.
start_redis() {
  local dir=$1 port=$2
  mkdir -p "$dir"
  # A pid file left by a crash may name a pid that now belongs to another program: only stop a redis-server.
  local pid
  pid=$(cat "$dir/redis.pid" 2>/dev/null || true)
  if [ -n "$pid" ] && [ "$(ps -p "$pid" -o comm= 2>/dev/null)" = "redis-server" ]; then
    kill "$pid" 2>/dev/null || true
    sleep 0.5
  fi
  rm -f "$dir/redis.pid"
  log "starting Redis on 127.0.0.1:$port"
  redis-server --port "$port" --bind 127.0.0.1 --dir "$dir" --save "" --appendonly no \
    --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" >/dev/null || die "Redis did not start"
  local i
  for i in $(seq 1 50); do
    redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null | grep -q PONG && return 0
    sleep 0.1
  done
  die "Redis did not answer on port $port"
}

stop_redis() {
  local dir=$1 pid
  [ -f "$dir/redis.pid" ] || return 0
  pid=$(cat "$dir/redis.pid")
  [ "$(ps -p "$pid" -o comm= 2>/dev/null)" = "redis-server" ] && kill "$pid" 2>/dev/null
  rm -f "$dir/redis.pid"
}

# report_results RESULTS_DIR DOTNET_STATUS — prints "N passed, M failed" from the run's TRX; fails when anything did.
report_results() {
  local results=$1 status=$2 trx counters passed failed skipped
  trx=$(find "$results" -name '*.trx' 2>/dev/null | head -1)
  if [ -z "$trx" ]; then
    echo "0 passed, 1 failed"
    return 1
  fi
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  attr() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  passed=$(attr passed); failed=$(( $(attr failed) + $(attr error) + $(attr timeout) + $(attr aborted) ))
  skipped=$(attr notExecuted)
  [ "$passed" -gt 0 ] || failed=$((failed + 1))
  if [ "${skipped:-0}" -gt 0 ]; then
    echo "$passed passed, $failed failed, $skipped skipped"
  else
    echo "$passed passed, $failed failed"
  fi
  [ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
}
