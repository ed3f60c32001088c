#!/usr/bin/env bash
# Two server instances on one PostgreSQL database, on two ports, for trying several instances by
# hand: a person connected to one instance rings a person connected to the other.
#   ./scripts/run-cluster.sh                  # database meetcute_cluster on the local PostgreSQL
#   DATABASE_URL=postgres://… PORTS="8787 8788 8789" ./scripts/run-cluster.sh
# Point the apps at either: MEETCUTE_SERVER=http://127.0.0.1:8788 target/debug/meetcute-app --profile ben
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/postgres.sh
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/meetcute_cluster}"
PORTS="${PORTS:-8787 8788}"
cargo build --release --locked -p meetcute-server

pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT
first=1
for port in $PORTS; do
  # The first instance seeds the demo people (once); every instance migrates safely at start.
  args=(--listen "127.0.0.1:$port")
  [ "$first" = 1 ] && args+=(--demo)
  target/release/meetcute-server "${args[@]}" &
  pids+=($!)
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
  echo "instance on http://127.0.0.1:$port"
  first=0
done
echo "Both on $DATABASE_URL. Demo people: ana@demo.meetcute.app, ben@demo.meetcute.app (password meetcute-demo). Ctrl-C stops them."
wait
