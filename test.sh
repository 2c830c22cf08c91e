#!/usr/bin/env bash
# The whole test suite against private, throw-away PostgreSQL and Redis instances.
# Last line: "N passed, M failed". Exits non-zero when anything fails or a service cannot start.
#   ./test.sh --unit    only the unit tests (no I/O, no services started): feedback in seconds
#   ./test.sh ARGS…     extra arguments go to dotnet test (--filter "FullyQualifiedName~Caching")
set -euo pipefail
cd "$(dirname "$0")"
source scripts/services.sh
source scripts/redis-cluster.sh
source scripts/postgres-standby.sh

command -v dotnet >/dev/null || die "the .NET 10 SDK is required (dotnet not found)"
unit_only=
if [ "${1:-}" = "--unit" ]; then
  unit_only=1
  shift
fi

if [ -n "$unit_only" ]; then
  work=$(mktemp -d /tmp/fleet-unit.XXXXXX)
  trap 'rm -rf "$work"' EXIT
  set +e
  dotnet test FleetTelematics.Tests/FleetTelematics.Tests.csproj -c Release --filter "TestCategory=Unit" \
    --logger "trx;LogFileName=results.trx" --logger "console;verbosity=minimal" --results-directory "$work/results" "$@"
  status=$?
  set -e
  report_results "$work/results" "$status"
  exit $?
fi

ensure_postgres_installed
ensure_redis_installed
ensure_promtool_installed
ensure_nginx_installed
command -v chromium >/dev/null || apt_install chromium
# The typed TypeScript client (clients/typescript) is generated, type-checked, linted and run by the suite.
command -v node >/dev/null && command -v npm >/dev/null \
  || die "Node.js 20+ with npm is required for the TypeScript client tests (node or npm not found)"
[ "$(node -p 'process.versions.node.split(".")[0]')" -ge 20 ] || die "Node.js 20+ is required (found $(node --version))"
log "installing the TypeScript client's pinned tools (npm ci)"
(cd clients/typescript && npm ci --no-audit --no-fund --loglevel=error >/dev/null) || die "npm ci in clients/typescript failed"

work=$(mktemp -d /tmp/fleet-test.XXXXXX)
chmod 755 "$work"
pg_port=$(free_port 55500)
redis_port=$(free_port 56500)
cleanup() {
  stop_postgres "$work/standby"
  stop_postgres "$work/postgres"
  stop_redis "$work/redis"
  stop_redis_cluster "$work/redis-cluster"
  rm -rf "$work"
}
trap cleanup EXIT

PG_EXTRA_OPTS="-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c wal_level=replica $STANDBY_SHARED_OPTS" \
  start_postgres "$work/postgres" "$pg_port"
standby_port=$(free_port $((pg_port + 1)))
start_postgres_standby "$pg_port" "$work/standby" "$standby_port"
start_redis "$work/redis" "$redis_port"
redis_cluster=$(start_redis_cluster "$work/redis-cluster" 31000)

export FLEET_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Include Error Detail=true"
export FLEET_TEST_POSTGRES_STANDBY="Host=127.0.0.1;Port=$standby_port;Username=postgres;Include Error Detail=true"
export FLEET_TEST_REDIS="127.0.0.1:$redis_port"
export FLEET_TEST_REDIS_SERVER="$(command -v redis-server)"
export FLEET_TEST_REDIS_CLUSTER="$redis_cluster"
export FLEET_TEST_REDIS_CLI="$(command -v redis-cli)"
export FLEET_TEST_PG_BINDIR="$(pg_bindir)"
export FLEET_TEST_NGINX="$(command -v nginx || echo /usr/sbin/nginx)"
export FLEET_TEST_CHROMIUM="$(command -v chromium || true)"

results="$work/results"
touch "$work/started"
set +e
dotnet test FleetTelematics.Tests/FleetTelematics.Tests.csproj -c Release \
  --logger "trx;LogFileName=results.trx" --logger "console;verbosity=minimal" --results-directory "$results" "$@"
status=$?
set -e

# Figures some suites measure (faults under load) are written beside the test assembly; show this run's.
for figures in $(find FleetTelematics.Tests/bin -name '*.figures.md' -newer "$work/started" 2>/dev/null); do
  echo; echo "== $figures"; cat "$figures"
done

report_results "$results" "$status"
