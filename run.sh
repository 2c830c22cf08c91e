#!/usr/bin/env bash
# Fresh machine -> running API with a demo fleet at http://localhost:${PORT:-8080} (Swagger UI at /swagger).
# Starts private PostgreSQL and Redis under .data/ unless ConnectionStrings__Fleet / Redis__Configuration
# point at running services, and a simulated vehicle gateway once the API is ready (SIMULATE=0: none).
# Ctrl-C stops everything it started.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/services.sh

command -v dotnet >/dev/null || die "the .NET 10 SDK is required (dotnet not found): https://learn.microsoft.com/dotnet/core/install/linux"
PORT=${PORT:-8080}
root=$(pwd)/.data
mkdir -p "$root"
chmod 755 "$root"

started_pg=""
started_redis=""
api_pid=""
sim_pid=""
cleanup() {
  trap - EXIT INT TERM
  # The simulator first, while the API still answers: it ends the trips it has in progress.
  [ -n "$sim_pid" ] && kill "$sim_pid" 2>/dev/null && wait "$sim_pid" 2>/dev/null
  [ -n "$api_pid" ] && kill "$api_pid" 2>/dev/null && wait "$api_pid" 2>/dev/null
  [ -n "$started_pg" ] && { log "stopping PostgreSQL"; stop_postgres "$root/postgres"; }
  [ -n "$started_redis" ] && { log "stopping Redis"; stop_redis "$root/redis"; }
  exit 0
}
trap cleanup EXIT INT TERM

if [ -z "${ConnectionStrings__Fleet:-}" ]; then
  ensure_postgres_installed
  pg_port=${FLEET_PG_PORT:-55432}
  stop_postgres "$root/postgres"
  port_in_use "$pg_port" && die "port $pg_port is taken; set FLEET_PG_PORT to another port"
  start_postgres "$root/postgres" "$pg_port"
  started_pg=1
  create_database "$pg_port" fleet
  export ConnectionStrings__Fleet="Host=127.0.0.1;Port=$pg_port;Database=fleet;Username=postgres"
fi

if [ -z "${Redis__Configuration:-}" ]; then
  ensure_redis_installed
  redis_port=${FLEET_REDIS_PORT:-56379}
  stop_redis "$root/redis"
  port_in_use "$redis_port" && die "port $redis_port is taken; set FLEET_REDIS_PORT to another port"
  start_redis "$root/redis" "$redis_port"
  started_redis=1
  export Redis__Configuration="127.0.0.1:$redis_port"
fi

port_in_use "$PORT" && die "port $PORT is taken; set PORT to another port"
log "building the API"
dotnet build FleetTelematics.Api -c Release -v quiet -nologo >/dev/null || die "build failed"
environment=${ASPNETCORE_ENVIRONMENT:-Development}
log "starting the API on http://localhost:$PORT (the first start migrates and seeds the demo fleet)"
ASPNETCORE_ENVIRONMENT=$environment ASPNETCORE_URLS="http://localhost:$PORT" \
  dotnet run --project FleetTelematics.Api -c Release --no-build --no-launch-profile &
api_pid=$!

# Kestrel listens only once start-up (migrations, users, seed) is done: an open port means ready.
ready=""
for _ in $(seq 1 600); do
  kill -0 "$api_pid" 2>/dev/null || break
  port_in_use "$PORT" && { ready=1; break; }
  sleep 0.5
done

if [ -n "$ready" ]; then
  base="http://localhost:$PORT"
  {
    echo
    echo "  ┌─ FleetTelematics admin API is ready ($environment)"
    echo "  │  API          $base/api/v1/admin/...   (see the OpenAPI document)"
    echo "  │  Swagger UI   $base/swagger            (Authorize, then Try it out)"
    echo "  │  OpenAPI      $base/swagger/v1/swagger.json"
    echo "  │  Metrics      $base/metrics            (Prometheus text, no auth)"
    echo "  │  Health       $base/health/live   $base/health/ready"
    if [ "$environment" = "Development" ]; then
      echo "  │  Accounts     admin / fleet-admin-dev    (role admin: everything)"
      echo "  │               viewer / fleet-viewer-dev  (role viewer: every GET)"
      echo "  │               gateway / fleet-gateway-dev (role ingest: POST /api/v1/ingest/...)"
    fi
    [ -n "$started_pg" ] && echo "  │  PostgreSQL   127.0.0.1:$pg_port, data in .data/postgres"
    [ -n "$started_redis" ] && echo "  │  Redis        127.0.0.1:$redis_port"
    [ "${SIMULATE:-1}" != 0 ] && [ "$environment" = "Development" ] && \
      echo "  │  Simulator    20 vehicles, about 3 records/s through /api/v1/ingest (SIMULATE=0 turns it off)"
    echo "  └─ Stop: Ctrl-C (stops the API and every service this script started)"
    echo
  } >&2
  # A gateway driving the demo fleet, so the dashboards move; it logs in as the Development users.
  if [ "${SIMULATE:-1}" != 0 ] && [ "$environment" = "Development" ]; then
    ASPNETCORE_ENVIRONMENT=$environment dotnet FleetTelematics.Api/bin/Release/net10.0/FleetTelematics.Api.dll \
      simulate --url "$base" --vehicles 20 --rate 3 &
    sim_pid=$!
  fi
fi
wait "$api_pid"
