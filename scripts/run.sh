#!/usr/bin/env bash
# Start the whole stack under honcho (one process manager: Ctrl-C stops every service).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
for port in "$API_PORT" "$RASA_PORT" "$ACTIONS_PORT"; do
  if .venv/app/bin/python -c "import socket,sys; s=socket.socket(); sys.exit(s.connect_ex(('127.0.0.1', $port)) != 0)"; then
    echo "Port $port is already in use: stop what runs there or choose other ports (API_PORT, RASA_PORT, ACTIONS_PORT)." >&2
    exit 1
  fi
done
exec .venv/app/bin/honcho start -f Procfile
