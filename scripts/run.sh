#!/usr/bin/env bash
# Runs Meetcute locally: the API server on embedded SQLite with three demo people, and the
# desktop app. Sign in as ana@demo.meetcute.app / meetcute-demo; for a second person in a
# second window, run (while this one runs):
#   target/debug/meetcute-app --profile ben      # then sign in as ben@demo.meetcute.app
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cargo build --release --locked -p meetcute-server
# Through the Tauri CLI, so the app bundles the UI (a plain cargo build would load devUrl).
(cd src-tauri && ../node_modules/.bin/tauri build --debug --no-bundle)

target/release/meetcute-server --demo &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -fs http://127.0.0.1:8787/healthz >/dev/null && break; sleep 0.1; done

cat <<'MSG'
Meetcute is running (server http://127.0.0.1:8787, demo data).
  Demo people: ana@demo.meetcute.app, ben@demo.meetcute.app, cleo@demo.meetcute.app
  Password:    meetcute-demo
  Second window as another person:  target/debug/meetcute-app --profile ben
MSG
MEETCUTE_FAKE_MEDIA=${MEETCUTE_FAKE_MEDIA:-0} target/debug/meetcute-app --profile "${MEETCUTE_PROFILE:-ana}"
