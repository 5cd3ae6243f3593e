#!/usr/bin/env bash
# The production set-up under load: PostgreSQL 15 on loopback, the demo data, `meervoud serve`
# (gunicorn and the background worker) with debug off, then benchmarks/load.py against it.
# Plain HTTP on loopback (MEERVOUD_HTTPS=0): TLS belongs to the reverse proxy in front.
# Usage: benchmarks/load_production.sh [--workers N] [options of benchmarks/load.py]
# Needs root (PostgreSQL is installed and run as the postgres user); everything is thrown away.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
workers=2
if [ "${1:-}" = "--workers" ]; then workers=$2; shift 2; fi

bin/_venv bench .venv-bench
. bin/_postgres 54350
data=$(mktemp -d /tmp/meervoud-load.XXXXXX)
export MEERVOUD_DEBUG=0 MEERVOUD_HTTPS=0 MEERVOUD_DATA_DIR="$data"
# every simulated narrator comes from loopback: one address, which the intake limits to 20
# stories an hour (MEERVOUD_INTAKE_PER_HOUR); here it stands for many narrators
export MEERVOUD_INTAKE_PER_HOUR=1000000
export MEERVOUD_SECRET_KEY=$(.venv-bench/bin/python -c "import secrets; print(secrets.token_urlsafe(50))")
.venv-bench/bin/meervoud demo --no-serve --allow-without-debug >/dev/null
.venv-bench/bin/meervoud serve --port 8050 --workers "$workers" >/dev/null &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; stop_postgres; rm -rf "$data"' EXIT
for _ in $(seq 60); do
  curl -fs http://127.0.0.1:8050/gezond/ >/dev/null && break
  sleep 1
done
.venv-bench/bin/python benchmarks/load.py --base http://127.0.0.1:8050 "$@"
