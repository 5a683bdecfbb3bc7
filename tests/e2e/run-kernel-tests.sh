#!/usr/bin/env bash
# End-to-end tests of the Velostream kernel against real Jupyter clients (jupyter_client,
# jupyter_kernel_test). Builds nothing: expects `npm run build` and the Python venv
#   python3 -m venv .venv && .venv/bin/pip install -r scripts/python-requirements.txt
# The tests install the kernelspec into a temporary prefix and point JUPYTER_PATH at it.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
python="$repo/.venv/bin/python"
if [[ ! -x "$python" ]]; then
  echo "missing $python: python3 -m venv .venv && .venv/bin/pip install -r scripts/python-requirements.txt" >&2
  exit 2
fi
if [[ ! -f "$repo/kernel/dist/main.js" ]]; then
  echo "missing kernel/dist/main.js: run npm run build" >&2
  exit 2
fi
cd "$repo"
exec "$python" -m pytest tests/e2e/kernel -q "$@"
