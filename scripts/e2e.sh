#!/usr/bin/env bash
# Drives the real desktop app end to end (src-tauri/e2e/tests/app.rs, background.rs and
# requests.rs): builds the app with its bundled UI, starts Xvfb, a private D-Bus session bus (the
# desktop test owns the notification server's name on it and records what the app shows) and
# tauri-driver (+ WebKitWebDriver), runs the tests against a real meetcute-server started by each
# test, and cleans up. Screenshots: target/e2e-shots/.
#
# Environment: E2E_DISPLAY (default 99), E2E_DRIVER_PORT (default 4444), CARGO_TARGET_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."

display_num=${E2E_DISPLAY:-99}
driver_port=${E2E_DRIVER_PORT:-4444}
target_dir=${CARGO_TARGET_DIR:-$PWD/target}
log_dir="$target_dir/e2e-logs"
mkdir -p "$log_dir"

log() { printf '\033[1;35m[e2e]\033[0m %s\n' "$*"; }

for tool in trunk wasm-bindgen tauri-driver Xvfb /usr/bin/WebKitWebDriver dbus-daemon; do
  command -v "$tool" >/dev/null || { log "missing $tool: run scripts/setup.sh"; exit 1; }
done

log "building the app (debug, bundled UI)"
(cd src-tauri && ../node_modules/.bin/tauri build --debug --no-bundle)
log "building the test"
cargo test -p meetcute-e2e --test app --test background --test requests --no-run

pids=()
bus_dir=$(mktemp -d)
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$bus_dir"
}
trap cleanup EXIT

if [ -e "/tmp/.X${display_num}-lock" ]; then
  log "display :$display_num is taken; set E2E_DISPLAY to a free one"
  exit 1
fi
Xvfb ":$display_num" -screen 0 1280x800x24 -nolisten tcp >"$log_dir/xvfb.log" 2>&1 &
pids+=($!)
export DISPLAY=":$display_num"
for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X${display_num}" ] && break; sleep 0.1; done

# The app's session bus, its own: notifications go to the test's recorder, never to the
# desktop of whoever runs this. Exported before tauri-driver, which passes it on to the app.
dbus-daemon --session --nofork --nopidfile --address="unix:path=$bus_dir/bus" \
  >"$log_dir/dbus.log" 2>&1 &
pids+=($!)
for _ in $(seq 50); do [ -S "$bus_dir/bus" ] && break; sleep 0.1; done
[ -S "$bus_dir/bus" ] || { log "the session bus did not start: $(cat "$log_dir/dbus.log")"; exit 1; }
export DBUS_SESSION_BUS_ADDRESS="unix:path=$bus_dir/bus"

# Test pattern and tone instead of camera and microphone, in the app (started by the driver,
# which passes its environment on) and in the test's own engine (the other person).
export MEETCUTE_FAKE_MEDIA=1

tauri-driver --port "$driver_port" --native-port "$((driver_port + 1))" \
  --native-driver /usr/bin/WebKitWebDriver >"$log_dir/tauri-driver.log" 2>&1 &
pids+=($!)
for _ in $(seq 50); do
  curl -fs "http://127.0.0.1:$driver_port/status" >/dev/null 2>&1 && break
  sleep 0.1
done

log "driving the app"
rm -rf target/e2e-shots
MEETCUTE_APP="$target_dir/debug/meetcute-app" \
TAURI_DRIVER_URL="http://127.0.0.1:$driver_port" \
  cargo test -p meetcute-e2e --test app --test background --test requests --no-fail-fast -- --ignored --nocapture
log "screenshots: $(ls target/e2e-shots 2>/dev/null | tr '\n' ' ')"
