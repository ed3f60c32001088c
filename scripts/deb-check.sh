#!/usr/bin/env bash
# Builds the .deb the way QA gets it, installs it, and checks the installed app starts and shows
# a window under Xvfb (screenshot: target/deb-shots/installed.png). Removes the package after.
set -euo pipefail
cd "$(dirname "$0")/.."
target_dir=${CARGO_TARGET_DIR:-$PWD/target}
display_num=${DEB_DISPLAY:-98}
log() { printf '\033[1;35m[deb]\033[0m %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

log "bundling (debug profile: reuses the e2e build)"
(cd src-tauri && ../node_modules/.bin/tauri build --debug --bundles deb)
package=""
deb=$(ls -t "$target_dir"/debug/bundle/deb/*.deb | head -n 1)
log "package: $deb ($(du -h "$deb" | cut -f1))"
# Calls on Linux run on GStreamer: the package must pull in the plugins the engine uses.
depends=$(dpkg-deb -f "$deb" Depends)
for plugin in gstreamer1.0-plugins-good gstreamer1.0-plugins-bad gstreamer1.0-nice; do
  case "$depends" in *"$plugin"*) ;; *) log "Depends lacks $plugin: $depends"; exit 1 ;; esac
done

as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$deb" >/dev/null
package=$(dpkg-deb -f "$deb" Package)
app=$(dpkg -L "$package" | grep -E '/bin/meetcute-app$' | head -n 1)

pids=()
data_dir=$(mktemp -d)
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$data_dir"
  [ -n "${package:-}" ] && as_root dpkg -r "$package" >/dev/null 2>&1 || true
}
trap cleanup EXIT

Xvfb ":$display_num" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
pids+=($!)
for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X${display_num}" ] && break; sleep 0.1; done
DISPLAY=":$display_num" MEETCUTE_DATA_DIR="$data_dir" "$app" >"$data_dir/app.log" 2>&1 &
app_pid=$!
pids+=($app_pid)
sleep 6
if ! kill -0 "$app_pid" 2>/dev/null; then
  log "the installed app exited early:"; cat "$data_dir/app.log"; exit 1
fi
# The window starts hidden and is shown once its page has loaded (src-tauri/src/reveal.rs).
window_state=$(DISPLAY=":$display_num" xwininfo -name Meetcute 2>&1 || true)
if ! grep -q "Map State: IsViewable" <<<"$window_state"; then
  log "the installed app's window is not shown:"; cat "$data_dir/app.log"; exit 1
fi
mkdir -p target/deb-shots
DISPLAY=":$display_num" import -window root target/deb-shots/installed.png
log "installed app is running; screenshot target/deb-shots/installed.png"
