#!/usr/bin/env bash
# Set up everything and run the default experience: in a headset if an OpenXR
# runtime is active, otherwise in the desktop preview. Extra arguments go to
# `empathy-vr` (for example: ./start.sh run --experience crowd).
set -euo pipefail
cd "$(dirname "$0")"
scripts/bootstrap.sh run
# The bundled narration ships rendered (audio/narration/); espeak-ng fills in, once, any line that has
# no audio (your own content, a new translation), and the sound library is generated once.
.venv/bin/python run_vr.py narrate --engine espeak >&2 || echo "empathy-vr: narration not rendered; captions only" >&2
.venv/bin/python run_vr.py sounds >&2 || echo "empathy-vr: sound library not generated; it is made on first use" >&2
exec .venv/bin/python run_vr.py "$@"
