#!/usr/bin/env bash
# Set up everything and run the default experience: in a headset if an OpenXR
# runtime is active, otherwise in the desktop preview. Extra arguments go to
# `empathy-vr` (for example: ./start.sh run --experience crowd).
set -euo pipefail
cd "$(dirname "$0")"
scripts/bootstrap.sh run
.venv/bin/python run_vr.py narrate >&2 || echo "empathy-vr: narration not rendered; captions only" >&2
exec .venv/bin/python run_vr.py "$@"
