#!/usr/bin/env bash
# Runs Meetcute locally. The server and the desktop app are not built yet.
set -euo pipefail
echo "Meetcute: the server and the desktop app do not exist yet; only the shared rules crate"
echo "is built. Run ./scripts/check.sh to test it."
exit 1
