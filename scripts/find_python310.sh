#!/usr/bin/env bash
# Print the path of a Python 3.10 interpreter for the bot env (Rasa 3.6 needs Python < 3.11).
# Order: $PYTHON310, python3.10 on PATH, pyenv's versions. Fails with a message naming what is missing.
set -euo pipefail

is_py310() { "$1" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 10) else 1)' >/dev/null 2>&1; }

if [ -n "${PYTHON310:-}" ]; then
  if is_py310 "$PYTHON310"; then echo "$PYTHON310"; exit 0; fi
  echo "PYTHON310=$PYTHON310 is not a working Python 3.10 interpreter." >&2; exit 1
fi
if command -v python3.10 >/dev/null 2>&1 && is_py310 python3.10; then
  command -v python3.10; exit 0
fi
pyenv_root="${PYENV_ROOT:-}"
[ -z "$pyenv_root" ] && command -v pyenv >/dev/null 2>&1 && pyenv_root="$(pyenv root)"
[ -z "$pyenv_root" ] && pyenv_root="$HOME/.pyenv"
for candidate in $(ls -d "$pyenv_root"/versions/3.10.* 2>/dev/null | sort -V -r); do
  if is_py310 "$candidate/bin/python"; then echo "$candidate/bin/python"; exit 0; fi
done
cat >&2 <<MSG
No Python 3.10 found. The bot env needs Python 3.10 (Rasa 3.6 does not run on 3.11+).
Looked at: \$PYTHON310 (unset), python3.10 on PATH, $pyenv_root/versions/3.10.*.
Install one (e.g. 'pyenv install 3.10') or set PYTHON310=/path/to/python3.10.
MSG
exit 1
