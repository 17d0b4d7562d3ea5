#!/usr/bin/env bash
# make bench: every benchmark in one run on this machine, written to docs/benchmarks.md.
# Needs wrk (Debian package) for the API load: installed here when missing and we are root,
# otherwise the API section says it was skipped. Extra arguments go to scripts/bench.py
# (e.g. `scripts/bench.sh --only api bot --load-seconds 5`).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "bench: installing wrk (apt-get install -y wrk) for the API load test" >&2
    apt-get install -y -q wrk >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q wrk >/dev/null; } \
      || echo "bench: could not install wrk; the API load section will be skipped" >&2
  else
    echo "bench: wrk not found (apt-get install wrk); the API load section will be skipped" >&2
  fi
fi
exec .venv/app/bin/python scripts/bench.py "$@"
