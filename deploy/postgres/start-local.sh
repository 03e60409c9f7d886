#!/usr/bin/env bash
# Install (if missing) and start Debian's PostgreSQL on 127.0.0.1:5432, and make sure the
# role the tests use exists: onecouncil/onecouncil, allowed to create databases.
set -euo pipefail

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  if [ "$(id -u)" != "0" ]; then
    echo "PostgreSQL is not installed: run 'sudo apt-get install postgresql'" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi

version="$(ls /usr/lib/postgresql | sort -n | tail -1)"
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -q "^${version} main$"; then
  pg_createcluster "$version" main 1>&2
fi
# Its notices go to stderr: stdout's last line is the DATABASE_URL callers take.
pg_ctlcluster "$version" main start 1>&2 || true
for _ in $(seq 1 60); do
  if pg_isready -q -h 127.0.0.1 -p 5432; then break; fi
  sleep 1
done
pg_isready -h 127.0.0.1 -p 5432 >/dev/null

run_psql() { su postgres -c "psql -qtA -v ON_ERROR_STOP=1 -c \"$1\""; }
if [ "$(run_psql "SELECT 1 FROM pg_roles WHERE rolname='onecouncil'")" != "1" ]; then
  run_psql "CREATE ROLE onecouncil LOGIN CREATEDB PASSWORD 'onecouncil'"
fi
echo "DATABASE_URL=postgresql://onecouncil:onecouncil@127.0.0.1:5432/postgres"
