# A private, non-persistent 3-master Redis Cluster on loopback, for the suite. Source it after services.sh.
#   start_redis_cluster DIR FIRST_PORT   starts it; prints "127.0.0.1:P1,127.0.0.1:P2,127.0.0.1:P3"
#   stop_redis_cluster DIR               stops the masters it started (by their pid files), for the EXIT trap

# Cluster nodes listen on PORT for clients and on PORT + 10000 for the cluster bus, so both must be free, and PORT
# at most 55535.
free_cluster_port() {
  local port=$1
  while port_in_use "$port" || port_in_use $((port + 10000)); do port=$((port + 1)); done
  [ "$port" -le 55535 ] || die "no free Redis Cluster port between $1 and 55535"
  echo "$port"
}

start_redis_cluster() {
  local dir=$1 port=$2 ports=() addresses=() i node
  mkdir -p "$dir"
  stop_redis_cluster "$dir"
  for i in 1 2 3; do
    port=$(free_cluster_port "$port")
    node="$dir/$port"
    rm -rf "$node"; mkdir -p "$node"
    redis-server --port "$port" --bind 127.0.0.1 --dir "$node" --save "" --appendonly no \
      --cluster-enabled yes --cluster-config-file "nodes-$port.conf" --cluster-require-full-coverage no \
      --cluster-node-timeout 2000 --daemonize yes --pidfile "$node/redis.pid" --logfile "$node/redis.log" >/dev/null \
      || die "Redis Cluster node $port did not start"
    echo "$port" >>"$dir/ports"
    ports+=("$port"); addresses+=("127.0.0.1:$port")
    port=$((port + 1))
  done
  for port in "${ports[@]}"; do
    for i in $(seq 1 50); do
      redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null | grep -q PONG && break
      [ "$i" -eq 50 ] && die "Redis Cluster node $port did not answer"
      sleep 0.1
    done
  done
  log "creating a 3-master Redis Cluster on ${addresses[*]}"
  redis-cli --cluster create "${addresses[@]}" --cluster-replicas 0 --cluster-yes >"$dir/create.log" 2>&1 \
    || { tail -20 "$dir/create.log" >&2; die "redis-cli --cluster create failed"; }
  for port in "${ports[@]}"; do
    for i in $(seq 1 100); do
      redis-cli -h 127.0.0.1 -p "$port" cluster info 2>/dev/null | grep -q '^cluster_state:ok' && break
      [ "$i" -eq 100 ] && die "Redis Cluster node $port did not reach cluster_state:ok"
      sleep 0.1
    done
  done
  (IFS=,; echo "${addresses[*]}")
}

stop_redis_cluster() {
  local dir=$1 port pid
  [ -f "$dir/ports" ] || return 0
  while read -r port; do
    pid=$(cat "$dir/$port/redis.pid" 2>/dev/null || true)
    # A pid file left by a crash may name a pid that now belongs to another program: only stop a redis-server.
    [ -n "$pid" ] && [ "$(ps -p "$pid" -o comm= 2>/dev/null)" = "redis-server" ] && kill "$pid" 2>/dev/null
    rm -f "$dir/$port/redis.pid"
  done <"$dir/ports"
  rm -f "$dir/ports"
}
