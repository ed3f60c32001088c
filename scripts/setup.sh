#!/usr/bin/env bash
# Installs everything Meetcute needs to build, run and test on Debian 12.
# Idempotent: each step checks first, so a second run takes seconds.
# Versions and traps: ../shared/design/TOOLCHAIN.md.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
TAURI_DRIVER_VERSION=2.1.0

APT_PACKAGES=(
  # build basics
  build-essential pkg-config libssl-dev file curl
  # Tauri 2 on Linux
  libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev libayatana-appindicator3-dev
  # driving the real app headless
  xvfb xauth webkit2gtk-driver imagemagick x11-utils
  # the app's own D-Bus session bus in the e2e test (notifications are recorded on it)
  dbus-daemon
  # emoji in the UI's screenshots ("💕", "🎉")
  fonts-noto-color-emoji
  # native call engine (GStreamer webrtcbin)
  libgstreamer1.0-dev libgstreamer-plugins-base1.0-dev libgstreamer-plugins-bad1.0-dev
  gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad
  gstreamer1.0-nice gstreamer1.0-tools
  # browser interop tests of the webview call engine (headless)
  chromium chromium-driver
  # a real TURN server for the relay-only call test
  coturn
)

log() { printf '\033[1;35m[setup]\033[0m %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "apt: installing ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Debian enables coturn's own service; the tests start their own turnserver.
if command -v systemctl >/dev/null && systemctl is-enabled coturn >/dev/null 2>&1; then
  as_root systemctl disable --now coturn >/dev/null 2>&1 || true
fi

rustup component list --installed | grep -q '^rustfmt' || rustup component add rustfmt
rustup component list --installed | grep -q '^clippy' || rustup component add clippy
rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown

command -v cargo-nextest >/dev/null || cargo install cargo-nextest --locked

if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  log "installing trunk $TRUNK_VERSION (slow, once)"
  cargo install "trunk@$TRUNK_VERSION" --locked
fi

# wasm-bindgen-cli must equal the wasm-bindgen crate the UI links; read it from Cargo.lock.
wasm_bindgen_version=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/"/, "", $3); print $3; exit}' Cargo.lock 2>/dev/null || true)
if [ -n "$wasm_bindgen_version" ] &&
   [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $wasm_bindgen_version" ]; then
  log "installing wasm-bindgen-cli $wasm_bindgen_version (slow, once)"
  # Without --locked: its own lockfile pins a crate missing from the registry.
  cargo install wasm-bindgen-cli --version "$wasm_bindgen_version"
fi

if ! tauri-driver --help >/dev/null 2>&1; then
  log "installing tauri-driver $TAURI_DRIVER_VERSION"
  cargo install "tauri-driver@$TAURI_DRIVER_VERSION" --locked
fi

# The Tauri CLI, pinned in package.json / package-lock.json.
if [ ! -x node_modules/.bin/tauri ]; then
  log "installing the Tauri CLI (npm)"
  npm ci --no-audit --no-fund --loglevel=error
fi

# The server's tests run on PostgreSQL too.
bash scripts/postgres.sh

log "ready"
