#!/usr/bin/env bash
# The browser tests drive Debian's Chromium (Playwright's own browser download does not work on
# these machines). Install it when missing and we may; otherwise say what to do.
set -euo pipefail
chromium=${CHROMIUM_PATH:-/usr/bin/chromium}
[ -x "$chromium" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "    installing Debian's chromium for the browser tests (apt-get)"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
elif command -v sudo >/dev/null && command -v apt-get >/dev/null; then
  sudo apt-get update -qq >/dev/null && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
else
  echo "No Chromium at $chromium: install Debian's 'chromium' package or set CHROMIUM_PATH." >&2
  exit 1
fi
