#!/usr/bin/env bash
# Set up everything (system packages, venv, test tools) and run the whole test suite.
# Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")"
scripts/bootstrap.sh test
exec .venv/bin/python -m pytest "$@"
