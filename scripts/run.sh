#!/usr/bin/env bash
# Runs Meetcute locally: the API server on embedded SQLite with three demo people.
# (The desktop app joins here once it lands; until then this runs the server only.)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cargo build --release --locked -p meetcute-server
echo "Meetcute server with demo people (ana@/ben@/cleo@demo.meetcute.app, password meetcute-demo)"
exec target/release/meetcute-server --demo "$@"
