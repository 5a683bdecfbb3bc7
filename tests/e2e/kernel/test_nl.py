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


APP_SCHEMAS = {
    "ticks": """name: ticks
fields:
  - {name: ticker, type: string, constraints: {enum_values: {values: [ABC, XYZ]}}}
  - {name: last_px, type: float, constraints: {range: {min: 10, max: 20}}}
  - {name: shares, type: integer, constraints: {range: {min: 1, max: 500}}}
  - {name: trade_ts, type: integer, constraints: {timestamp_epoch_ms: {start: "-1h", end: "now"}}}
""",
    "telemetry": """name: telemetry
fields:
  - {name: device_id, type: string, constraints: {enum_values: {values: [D1, D2, D3]}}}
  - {name: temp_c, type: float, constraints: {range: {min: -10, max: 60}}}
  - {name: ts, type: integer, constraints: {timestamp_epoch_ms: {start: "-1h", end: "now"}}}
""",
    "transactions": """name: transactions
fields:
  - {name: card_number, type: string, constraints: {enum_values: {values: [C1, C2, C3]}}}
  - {name: amount_usd, type: {decimal: {precision: 2}}, constraints: {range: {min: 1, max: 900}}}
  - {name: created_at, type: integer, constraints: {timestamp_epoch_ms: {start: "-1h", end: "now"}}}
""",
    "web_events": """name: web_events
fields:
  - {name: visitor_id, type: integer, constraints: {range: {min: 1, max: 50}}}
  - {name: url, type: string, constraints: {enum_values: {values: [/home, /cart]}}}
  - {name: ts, type: integer, constraints: {timestamp_epoch_ms: {start: "-1h", end: "now"}}}
""",
    "requests": """name: requests
fields:
  - {name: service_name, type: string, constraints: {enum_values: {values: [api, auth]}}}
  - {name: response_time_ms, type: integer, constraints: {range: {min: 5, max: 2000}}}
  - {name: status_code, type: integer, constraints: {enum_values: {values: [200, 500]}}}
  - {name: ts, type: integer, constraints: {timestamp_epoch_ms: {start: "-1h", end: "now"}}}
""",
}


def test_nl_app_notebooks_of_every_template_run_under_nbconvert(tmp_path):
    """%%nl --app writes a notebook beside this one; each template's notebook runs top to bottom."""
    requests = [
        "trading vwap on my ticks every 5 minutes",
        "iot monitoring of device temperature",
        "fraud detection: flag cards with more than 3 purchases a minute",
        "clickstream sessions with a 2 minute inactivity gap",
        "service latency and errors",
    ]
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": KERNEL_NAME, "display_name": "Velostream", "language": "sql"}
    cells = [f"%%schema {name}\n{yaml}" for name, yaml in APP_SCHEMAS.items()]
    cells += [f"%%nl --app\n{request}" for request in requests]
    nb.cells = [nbformat.v4.new_code_cell(c) for c in cells]
    path = tmp_path / "builder.ipynb"
    nbformat.write(nb, path)
    convert = [sys.executable, "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute", "--inplace", "--ExecutePreprocessor.timeout=120"]
    subprocess.run([*convert, str(path)], check=True, capture_output=True, env=offline_env(), cwd=tmp_path)
    built = sorted(p.name for p in tmp_path.glob("*.ipynb") if p.name != "builder.ipynb")
    assert built == ["clickstream_web_events.ipynb", "fraud_transactions.ipynb", "iot_telemetry.ipynb", "observability_requests.ipynb", "trading_ticks.ipynb"]
    for name in built:
        subprocess.run([*convert, str(tmp_path / name)], check=True, capture_output=True, env=offline_env(), cwd=tmp_path)
        executed = nbformat.read(tmp_path / name, as_version=4)
        tests = [c for c in executed.cells if c.cell_type == "code" and c.source.startswith("%%test")]
        assert tests and all("PASS" in json.dumps(c.outputs) for c in tests), name
        app = name.removesuffix(".ipynb")
        assert (tmp_path / "deploy" / app / "deploy.json").exists(), f"{name}: %%deploy --dry-run wrote no artifacts"
