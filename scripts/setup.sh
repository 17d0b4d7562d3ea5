#!/usr/bin/env bash
# Idempotent, incremental setup of everything the stack needs on a fresh clone:
#   1. app env (.venv/app, Python 3.11) and bot env (.venv/bot, Python 3.10) from the pinned locks;
#   2. database migrations and demo seed (SQLite file by default, DATABASE_URL for PostgreSQL);
#   3. the knowledge index (rebuilt only when corpus, parser or model changed);
#   4. the Rasa model (retrained only when config.yml, bot/domain or bot/data changed).
# Each step is skipped when a content hash stamp says nothing changed, so a second run takes seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
exec 1>&2  # progress goes to stderr, so `TOKEN=$(make -s token)` captures the token alone

APP_VENV=.venv/app
BOT_VENV=.venv/bot
APP_PY=$APP_VENV/bin/python
BOT_PY=$BOT_VENV/bin/python
STAMPS=var/stamps
mkdir -p "$STAMPS" var/log

started=$(date +%s)
step() { printf '\n==> [%3ss] %s\n' "$(( $(date +%s) - started ))" "$*"; }

# Hash of files (and directories, recursively) given as arguments: the stamp of a step's inputs.
content_hash() { find "$@" -type f -not -path '*/__pycache__/*' -print0 2>/dev/null | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16; }

fresh() { [ -f "$STAMPS/$1" ] && [ "$(cat "$STAMPS/$1")" = "$2" ]; }
stamp() { echo "$2" > "$STAMPS/$1"; }

pip_quiet() { "$@" 2>&1 | grep -v -E "is ignored: it is neither a file nor a directory|^$" || true; }

ensure_venv() {  # name python venv_dir requirements_in lock
  local name=$1 python=$2 venv=$3 req=$4 lock=$5
  local key; key="$(content_hash "$req" "$lock")-$("$python" -c 'import sys; print(sys.version.split()[0])')"
  if [ -x "$venv/bin/python" ] && fresh "venv-$name" "$key"; then
    step "$name env up to date ($venv)"; return
  fi
  step "$name env: installing pinned packages into $venv (first time: several minutes)"
  [ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
  pip_quiet "$venv/bin/python" -m pip install --quiet --upgrade pip wheel
  local out; out=$(mktemp)
  if ! "$venv/bin/python" -m pip install --quiet --progress-bar off -r "$req" -c "$lock" >"$out" 2>&1; then
    grep -v "is ignored: it is neither" "$out" >&2; rm -f "$out"
    echo "pip install for the $name env failed (see above)." >&2; exit 1
  fi
  rm -f "$out"
  "$venv/bin/python" -m pip check
  stamp "venv-$name" "$key"
}

step "locating Python 3.11 (app env) and Python 3.10 (bot env)"
PYTHON311=${PYTHON311:-python3.11}
if ! "$PYTHON311" -c 'import sys; assert sys.version_info[:2] == (3, 11)' 2>/dev/null; then
  echo "No Python 3.11 found for the app env: put python3.11 on PATH or set PYTHON311." >&2; exit 1
fi
PYTHON310=$(scripts/find_python310.sh)
echo "    3.11: $(command -v "$PYTHON311")   3.10: $PYTHON310"

ensure_venv app "$PYTHON311" "$APP_VENV" requirements/app.in requirements/app.lock
ensure_venv bot "$PYTHON310" "$BOT_VENV" requirements/bot.in requirements/bot.lock

step "database: migrations and demo seed (${DATABASE_URL:-sqlite:///var/app.db})"
"$APP_PY" -m api migrate
"$APP_PY" -m api seed

step "knowledge index (built only when corpus, parser or model changed)"
"$APP_PY" -m knowledge build

model_key=$(content_hash config.yml bot/domain bot/data bot/nlu)
if [ -f bot/models/current.tar.gz ] && fresh rasa-model "$model_key"; then
  step "Rasa model up to date (bot/models/current.tar.gz)"
else
  step "training the Rasa model (bot data or config changed; takes a few minutes)"
  "$BOT_VENV/bin/rasa" train --config config.yml --domain bot/domain --data bot/data \
    --out bot/models --fixed-model-name current --quiet
  stamp rasa-model "$model_key"
fi

step "setup complete"
