#!/usr/bin/env bash
# Every check Meetcute has, the way CI runs them: set-up, format, lints, tests, wasm build.
set -euo pipefail
cd "$(dirname "$0")/.."

# Incremental caches only pay off when editing; in a one-shot check they just take disk.
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"

step() { printf '\n\033[1;35m== %s\033[0m\n' "$*"; }

step "disk before the build"
df -h . | tail -1

step "set-up"
bash scripts/setup.sh

step "format"
cargo fmt --all --check

step "lints"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "tests"
cargo nextest run --workspace --locked --no-fail-fast

step "the server's tests again, on PostgreSQL (a database of their own per test)"
# Databases a killed earlier run could not drop.
psql "${MEETCUTE_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}" -Atqc \
  "SELECT datname FROM pg_database WHERE datname LIKE 'meetcute\_test\_%'" |
  while read -r name; do
    psql "${MEETCUTE_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}" -qc "DROP DATABASE IF EXISTS \"$name\" WITH (FORCE)"
  done
MEETCUTE_TEST_BACKEND=postgres cargo nextest run -p meetcute-server --locked --no-fail-fast \
  -E "not test(/^(live_)?instances::/)"  # the several-instance tests ran on PostgreSQL already

step "wasm32: the shared rules and the webview call engine"
cargo build -p meetcute-domain --target wasm32-unknown-unknown --locked
cargo clippy -p meetcute-media-web --target wasm32-unknown-unknown --locked -- -D warnings

step "wasm32: the Yew UI"
cargo clippy -p meetcute-ui --target wasm32-unknown-unknown --locked -- -D warnings

step "the real app, driven end to end (Xvfb, tauri-driver, WebKitWebDriver)"
bash scripts/e2e.sh

step "the .deb installs and starts"
bash scripts/deb-check.sh

step "disk after the build"
df -h . | tail -1
du -sh target 2>/dev/null || true

step "all checks passed"
