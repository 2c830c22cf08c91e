# Sourced by test.sh after scripts/services.sh: a PostgreSQL streaming standby of a local primary (ADR-015).
# The primary needs wal_level=replica and WAL senders (test.sh passes them); initdb's trust rules admit replication.

# Settings a hot standby must have at least as high as its primary's; the primary gets them on its command line.
STANDBY_SHARED_OPTS="-c max_connections=200 -c max_wal_senders=10"

# start_postgres_standby PRIMARY_PORT DATA_DIR PORT — pg_basebackup -R of the primary, started on PORT, waits until it replays.
start_postgres_standby() {
  local primary_port=$1 data=$2 port=$3 bin
  bin=$(pg_bindir)
  mkdir -p "$(dirname "$data")"
  chmod 755 "$(dirname "$data")"
  rm -rf "$data"
  log "cloning a streaming standby of 127.0.0.1:$primary_port into $data"
  if is_root; then mkdir -p "$data" && chown postgres:postgres "$data" && chmod 700 "$data"; fi
  as_pg_owner "$bin/pg_basebackup" -h 127.0.0.1 -p "$primary_port" -U postgres -D "$data" -R -X stream --checkpoint=fast --no-sync \
    || die "pg_basebackup from 127.0.0.1:$primary_port failed"
  log "starting the PostgreSQL standby on 127.0.0.1:$port"
  as_pg_owner "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
    -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=/tmp -c fsync=off -c hot_standby=on $STANDBY_SHARED_OPTS" \
    start >/dev/null || { tail -20 "$data/server.log" >&2; die "the PostgreSQL standby did not start"; }
  psql -h 127.0.0.1 -p "$port" -U postgres -tAc "SELECT pg_is_in_recovery()" | grep -q t || die "the standby on $port is not in recovery"
}
