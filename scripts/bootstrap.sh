#!/usr/bin/env bash
# Idempotent set-up for a fresh clone: a .venv with Python 3.10 and the locked packages.
# Rasa 3.6 needs Python 3.8-3.10; the lock file pins every package to versions that resolve together.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=.venv
STAMP="$VENV/.installed"

# Debian packages for voice: espeak-ng (synthesis), sox (audio conversion and test recordings) and flite
# (a second synthesiser, for test speech);
# portaudio19-dev to build PyAudio (microphone capture), alsa-utils for aplay (playback), and PulseAudio with
# the ALSA pulse plugin for the test's virtual microphone. pulseaudio is left out where PipeWire's
# pipewire-pulse is installed: the two conflict, and apt would remove the desktop's sound server.
speech_packages="espeak-ng libespeak-ng1 sox flite"
# festival with two of Debian's English voices (a woman's HTS voice, a man's diphones): more natural test speech
speech_packages="$speech_packages festival festvox-us-slt-hts festvox-kallpc16k"
audio_packages="portaudio19-dev alsa-utils pulseaudio-utils libasound2-plugins"
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }  # not just config files left
missing_of() { for p in "$@"; do installed "$p" || echo "$p"; done | tr '\n' ' ' | sed 's/ $//'; }
apt_install() {  # quiet unless it fails; then its own words, and the text shell still works
  local log
  log=$(mktemp)
  if ! apt-get install -y -qq "$@" >/dev/null 2>"$log"; then
    grep -v "^debconf: " "$log" >&2 || true
    rm -f "$log"
    return 1
  fi
  rm -f "$log"
}
installed pipewire-pulse || audio_packages="$audio_packages pulseaudio"
missing_speech=$(missing_of $speech_packages)
missing_audio=$(missing_of $audio_packages)
if [ -n "$missing_speech$missing_audio" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing system packages:" $missing_speech $missing_audio >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null 2>&1 || echo "apt-get update failed; trying the install anyway" >&2
    if [ -n "$missing_speech" ]; then
      apt_install $missing_speech \
        || echo "Could not install $missing_speech: voice will not work; the text shell does" >&2
    fi
    if [ -n "$missing_audio" ]; then
      apt_install --no-install-recommends $missing_audio \
        || echo "Could not install $missing_audio: no microphone; the text shell and voice --audio still work" >&2
    fi
  else
    echo "Voice needs: sudo apt-get install" $missing_speech $missing_audio "(the text shell works without them)" >&2
    told_packages=1
  fi
fi

# Chromium and its driver from Debian, for the web page's browser test (tests/test_web.py), so nothing is
# downloaded when the tests run. Without them (not root) that test is skipped and says why.
browser_packages="chromium chromium-driver"
missing_browser=$(missing_of $browser_packages)
if [ -n "$missing_browser" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing system packages for the browser test:" $missing_browser >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null 2>&1 || echo "apt-get update failed; trying the install anyway" >&2
    apt_install --no-install-recommends $missing_browser \
      || echo "Could not install $missing_browser: the browser test will be skipped; the web page works in any browser" >&2
  else
    echo "The browser test needs: sudo apt-get install" $missing_browser "(it is skipped without them)" >&2
  fi
fi

# PyAudio (microphone capture through SpeechRecognition) has no Linux wheel: it is built against
# portaudio19-dev's headers, so it lives outside requirements.lock and is built here when they exist.
PYAUDIO="PyAudio==0.2.14"
PYAUDIO_STAMP="$VENV/.pyaudio"
install_pyaudio() {
  [ -f "$PYAUDIO_STAMP" ] && [ "$(cat "$PYAUDIO_STAMP")" = "$PYAUDIO" ] && return 0
  if [ ! -f /usr/include/portaudio.h ]; then
    [ -n "${told_packages:-}" ] || echo "No microphone support yet: PyAudio needs portaudio19-dev (sudo apt-get install portaudio19-dev, then make voice)" >&2
    return 0
  fi
  echo "Building $PYAUDIO for the microphone..." >&2
  if "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "$PYAUDIO" >&2; then
    echo "$PYAUDIO" > "$PYAUDIO_STAMP"
  else
    echo "Could not build $PYAUDIO: no microphone; the text shell and voice --audio still work" >&2
  fi
}

want=$(cat requirements.lock requirements-models.lock requirements-browser.lock pyproject.toml | sha256sum | cut -c1-16)
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ]; then
  install_pyaudio
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
echo "Installing pretrained weights from requirements-models.lock (hash-checked, as data)..." >&2
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements-models.lock
echo "Installing the browser test's driver from requirements-browser.lock (hash-checked)..." >&2
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements-browser.lock
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
"$VENV/bin/rasa" telemetry disable >/dev/null 2>&1 || true
echo "$want" > "$STAMP"
install_pyaudio
