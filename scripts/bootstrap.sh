#!/usr/bin/env bash
# Idempotent set-up for a fresh clone: a .venv with Python 3.10 and the locked packages.
# Rasa 3.6 needs Python 3.8-3.10; the lock file pins every package to versions that resolve together.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=.venv
STAMP="$VENV/.installed"

# Debian packages for speech: espeak-ng (synthesis) and sox (audio conversion and test recordings).
system_packages="espeak-ng libespeak-ng1 sox"
missing=$(for p in $system_packages; do dpkg -s "$p" >/dev/null 2>&1 || echo "$p"; done)
if [ -n "$missing" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing system packages: $missing" >&2
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
  else
    echo "Voice needs: sudo apt-get install $missing (the text shell works without them)" >&2
  fi
fi
want=$(cat requirements.lock pyproject.toml | sha256sum | cut -c1-16)
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ]; then
  exit 0
fi

find_python() {
  local candidate
  for candidate in ${PYTHON:-} python3.10 "$HOME"/.pyenv/versions/3.10*/bin/python3.10 /usr/local/bin/python3.10 /usr/bin/python3.10; do
    if [ -x "$(command -v "$candidate" 2>/dev/null)" ] && "$candidate" -c 'import sys; assert sys.version_info[:2] == (3, 10)' 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

if [ ! -x "$VENV/bin/python" ]; then
  python=$(find_python) || {
    echo "Python 3.10 is needed (Rasa 3.6 supports 3.8-3.10). Install it, or set PYTHON=/path/to/python3.10." >&2
    exit 1
  }
  echo "Creating $VENV with $python" >&2
  "$python" -m venv "$VENV"
fi

echo "Installing Python packages from requirements.lock (first run takes a few minutes)..." >&2
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "pip==23.3.2"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r requirements.lock
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
"$VENV/bin/rasa" telemetry disable >/dev/null 2>&1 || true
echo "$want" > "$STAMP"
