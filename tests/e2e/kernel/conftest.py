"""Installs the built kernel into a throw-away Jupyter data dir before any test imports a client.

Assumes `npm run build` has produced kernel/dist; builds nothing itself.
"""
import atexit
import base64
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
KERNEL_BIN = REPO / "kernel" / "bin" / "velostream-kernel.js"
KERNEL_MAIN = REPO / "kernel" / "dist" / "main.js"
KERNEL_NAME = "velostream"

_prefix = Path(tempfile.mkdtemp(prefix="velostream-e2e-"))
atexit.register(shutil.rmtree, _prefix, ignore_errors=True)


def chart_svg(html):
    """The SVG inside a result's chart image (an <img> data URI, which sanitizers keep)."""
    match = re.search(r'<img class="velostream-chart" src="data:image/svg\+xml;base64,([^"]+)"', html)
    return base64.b64decode(match.group(1)).decode() if match else ""


def _install() -> None:
    if not KERNEL_MAIN.exists():
        pytest.exit(f"{KERNEL_MAIN} is missing: run `npm run build` first", returncode=2)
    node = shutil.which("node") or "node"
    subprocess.run([node, str(KERNEL_BIN), "install", "--prefix", str(_prefix)], check=True, capture_output=True)
    # Found first by jupyter_client; history goes to a scratch file so runs do not touch the user's.
    os.environ["JUPYTER_PATH"] = str(_prefix / "share" / "jupyter")
    os.environ["VELOSTREAM_HISTORY"] = str(_prefix / "history.jsonl")


_install()
