"""%%nl under a batch run (jupyter nbconvert --execute) and through jupyter_client (set_next_input)."""
import json
import os
import subprocess
import sys

import nbformat
from jupyter_client.manager import start_new_kernel

from conftest import KERNEL_NAME

TIMEOUT = 60
SCHEMA = """%%schema trades
fields:
  - {name: symbol, type: string, constraints: {enum_values: {values: [AAPL, MSFT, NVDA]}}}
  - {name: price, type: "decimal(2)", constraints: {range: {min: 10, max: 500}}}
  - {name: ts, type: integer, constraints: {timestamp_epoch_ms: {start: "-1h", end: "now"}}}
"""


def offline_env():
    env = dict(os.environ)
    env.pop("ANTHROPIC_API_KEY", None)
    return env


def test_nbconvert_shows_and_runs_the_generated_sql(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": KERNEL_NAME, "display_name": "Velostream", "language": "sql"}
    nb.cells = [nbformat.v4.new_code_cell(c) for c in (SCHEMA, "%generate trades --records 30", "%%nl --run\naverage price per symbol")]
    path = tmp_path / "nl.ipynb"
    nbformat.write(nb, path)
    subprocess.run(
        [sys.executable, "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute", "--inplace", str(path), "--ExecutePreprocessor.timeout=60"],
        check=True,
        capture_output=True,
        env=offline_env(),
    )
    outputs = nbformat.read(path, as_version=4).cells[2].outputs
    shown = outputs[0]["data"]
    assert "SELECT symbol, AVG(price) AS avg_price FROM trades GROUP BY symbol EMIT CHANGES;" in shown["text/markdown"]
    assert "(offline engine)" in shown["text/plain"]
    result = next(o for o in outputs if "application/vnd.velostream.result+json" in o.get("data", {}))
    rows = result["data"]["application/vnd.velostream.result+json"]["rows"]
    assert sorted(r[0] for r in rows) == ["AAPL", "MSFT", "NVDA"]


def test_jupyter_client_receives_a_set_next_input_payload():
    os.environ.pop("ANTHROPIC_API_KEY", None)
    km, kc = start_new_kernel(kernel_name=KERNEL_NAME, startup_timeout=TIMEOUT)
    try:
        kc.execute_interactive(SCHEMA, timeout=TIMEOUT)
        reply = kc.execute_interactive("%%nl\nNVDA trades with price above 400", timeout=TIMEOUT)
        content = reply["content"]
        assert content["status"] == "ok", json.dumps(content)
        assert content["payload"] == [
            {"source": "set_next_input", "text": "SELECT * FROM trades WHERE price > 400 AND symbol = 'NVDA';", "replace": False}
        ]
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
