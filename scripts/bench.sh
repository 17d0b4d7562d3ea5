#!/usr/bin/env bash
# make bench: every benchmark in one run on this machine, written to docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
exec .venv/app/bin/python scripts/bench.py "$@"
