#!/usr/bin/env bash
# Starts a local 2-node Anytime cluster for trying scale-out: two server processes sharing one
# PostgreSQL database and NATS, behind HAProxy on one port. Ctrl-C stops everything.
#
#   scripts/local-cluster.sh            # http://127.0.0.1:8080 (HAProxy) -> nodes on 8081 and 8082
#
# Needs: PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/anytime_cluster,
# created if missing), NATS (BROKER_URL, default nats://127.0.0.1:4222) and haproxy
# (`apt-get install haproxy`). Environment: PORT (8080), NODE_PORTS ("8081 8082").
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${PORT:-8080}"
NODE_PORTS="${NODE_PORTS:-8081 8082}"
DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/anytime_cluster}"
BROKER_URL="${BROKER_URL:-nats://127.0.0.1:4222}"
export DATABASE_URL BROKER_URL

command -v haproxy >/dev/null || { echo "haproxy is not installed: apt-get install haproxy" >&2; exit 1; }
db_name="${DATABASE_URL##*/}"
db_name="${db_name%%\?*}"
admin_url="${DATABASE_URL%/*}/postgres"
if ! psql "$admin_url" -tAc "SELECT 1 FROM pg_database WHERE datname = '$db_name'" | grep -q 1; then
  echo "creating database $db_name"
  psql "$admin_url" -qc "CREATE DATABASE \"$db_name\""
fi
[ -f packages/server/dist/main.js ] || npm run build

work="$(mktemp -d -t anytime-cluster.XXXXXX)"
pids=()
cleanup() {
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

servers=""
i=0
for port in $NODE_PORTS; do
  i=$((i + 1))
  # The first node applies migrations; the second waits for it to be healthy before starting.
  PORT="$port" NODE_ID="node-$i" DATA_DIR="$work/node-$i" node packages/server/dist/main.js \
    > >(sed -u "s/^/[node-$i] /") 2>&1 &
  pids+=($!)
  for _ in $(seq 1 100); do
    curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
    sleep 0.2
  done
  servers+="    server node-$i 127.0.0.1:$port check"$'\n'
done

cat > "$work/haproxy.cfg" <<CFG
global
    maxconn 9000
defaults
    mode http
    timeout connect 5s
    timeout client 60s
    timeout server 60s
    # WebSockets: once upgraded, a connection may stay quiet between heartbeats.
    timeout tunnel 1h
frontend anytime
    bind 127.0.0.1:$PORT
    default_backend nodes
backend nodes
    balance leastconn
    option httpchk GET /readyz
    http-check expect status 200
$servers
CFG

haproxy -f "$work/haproxy.cfg" -db &
pids+=($!)
echo "Anytime cluster: http://127.0.0.1:$PORT (HAProxy) -> nodes on $NODE_PORTS; database $db_name; Ctrl-C stops"
wait -n "${pids[@]}"
