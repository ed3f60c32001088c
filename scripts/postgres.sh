#!/usr/bin/env bash
# Makes sure a PostgreSQL server answers for the server's tests: the one at
# MEETCUTE_TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres, trust auth, as
# every machine of this project runs), or else Debian's postgresql, installed and started here.
set -euo pipefail

url="${MEETCUTE_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
log() { printf '\033[1;35m[postgres]\033[0m %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
answers() { command -v psql >/dev/null && psql "$url" -Atqc 'SELECT 1' >/dev/null 2>&1; }

if ! command -v psql >/dev/null; then
  log "installing the PostgreSQL client"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql-client
fi
if answers; then
  exit 0
fi
if [ -n "${MEETCUTE_TEST_DATABASE_URL:-}" ]; then
  log "MEETCUTE_TEST_DATABASE_URL=$url does not answer"
  exit 1
fi

log "no PostgreSQL at $url: installing and starting Debian's postgresql"
if ! dpkg-query -W -f='${Status}' postgresql 2>/dev/null | grep -q 'install ok installed'; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql
fi
version=$(ls /usr/lib/postgresql | sort -V | tail -1)
cluster_conf="/etc/postgresql/$version/main"
if [ ! -d "$cluster_conf" ]; then
  as_root pg_createcluster "$version" main
fi
# The tests connect as postgres over TCP without a password, like the project's machines.
hba="$cluster_conf/pg_hba.conf"
if ! as_root grep -q '^host all all 127.0.0.1/32 trust' "$hba"; then
  as_root sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
fi
as_root pg_ctlcluster "$version" main start 2>/dev/null || as_root pg_ctlcluster "$version" main reload
for _ in $(seq 50); do answers && break; sleep 0.2; done
answers || { log "PostgreSQL did not start"; exit 1; }
log "PostgreSQL $version is running at $url"
