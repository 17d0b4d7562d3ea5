#!/usr/bin/env bash
# Everything CI checks, in both environments. Any failure fails the run; pytest's exit 5 ("no tests
# collected") is a failure too, since `set -e` sees every non-zero exit.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
export APP_ENV=test
results=var/test-results
rm -rf "$results" && mkdir -p "$results"
started=$(date +%s)
step() { printf '\n==> [%4ss] %s\n' "$(( $(date +%s) - started ))" "$*"; }

step "lint: ruff"
.venv/app/bin/ruff check .

step "app env: API and knowledge tests (SQLite and PostgreSQL)"
.venv/app/bin/pytest tests/api tests/knowledge -q -p no:cacheprovider --junitxml "$results/app.xml"

step "bot env: action server and socket.io channel tests"
.venv/bot/bin/pytest tests/actions tests/channels tests/bot -q -p no:cacheprovider --junitxml "$results/actions.xml"

step "Rasa: data validation"
.venv/bot/bin/rasa data validate --config config.yml --domain bot/domain --data bot/data --fail-on-warnings --quiet

step "Rasa: test stories"
.venv/bot/bin/rasa test core --model bot/models/current.tar.gz --stories tests/stories \
  --endpoints bot/endpoints.yml --fail-on-prediction-errors --out "$results/rasa-core" --quiet

step "Rasa: held-out NLU test set (intent accuracy floor 0.95)"
.venv/bot/bin/rasa test nlu --model bot/models/current.tar.gz --nlu tests/nlu/heldout.yml --domain bot/domain \
  --out "$results/rasa-nlu" --quiet
.venv/app/bin/python scripts/check_nlu_accuracy.py "$results/rasa-nlu/intent_report.json" --floor 0.95

step "end to end and security: one stack on free ports, over HTTP, socket.io and in Chromium"
scripts/ensure_chromium.sh
.venv/app/bin/pytest tests/e2e tests/security -q -p no:cacheprovider --junitxml "$results/e2e.xml"

step "reliability: idempotency, burst, faults (API killed, PostgreSQL restarted), two Rasa instances"
.venv/app/bin/pytest tests/reliability -q -p no:cacheprovider --basetemp "$PWD/var/reliability-tests" \
  --junitxml "$results/reliability.xml"

step "summary"
.venv/app/bin/python scripts/summarise_junit.py "$results"/*.xml
