"""`%%deploy --target local --yes` under `jupyter nbconvert --execute` (kernel spec §4.6, deploy spec §1):
the notebook ends, its kernel exits, and the deployed job keeps running in the job runner the magic
started; records appended to its input afterwards reach its output. The test stops the runner."""
import json
import os
import subprocess
import time
import urllib.request

import nbformat

from conftest import KERNEL_NAME, REPO

VELO = REPO / "engine" / "bin" / "velo.js"

PIPELINE = """CREATE STREAM big_orders AS SELECT id, amount FROM orders WHERE amount > 10
WITH ('orders.type' = 'file_source', 'orders.path' = './orders.csv', 'orders.format' = 'csv', 'orders.watch' = 'true',
      'big_orders.type' = 'file_sink', 'big_orders.path' = './out/big_orders.csv', 'big_orders.format' = 'csv');"""


def wait_for(what, probe, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = probe()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def output_ids(path):
    # The runner may be mid-write: read only whole lines (a file can exist before its header).
    text = path.read_text() if path.exists() else ""
    header, *lines = text[: text.rfind("\n") + 1].splitlines() or [""]
    if not header:
        return []
    column = header.split(",").index("id")
    return [int(l.split(",")[column]) for l in lines if l.strip()]


def test_a_notebook_ending_with_deploy_leaves_its_jobs_running(tmp_path):
    (tmp_path / "orders.csv").write_text("id,amount\n1,5\n2,50\n3,500\n")
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(PIPELINE), nbformat.v4.new_code_cell("%%deploy --name shop --target local --yes")]
    notebook = tmp_path / "shop.ipynb"
    nbformat.write(nb, notebook)
    state = tmp_path / "runner"
    env = {**os.environ, "VELOSTREAM_RUNNER_STATE": str(state)}
    try:
        subprocess.run(
            [str(REPO / ".venv" / "bin" / "jupyter"), "nbconvert", "--to", "notebook", "--execute",
             f"--ExecutePreprocessor.kernel_name={KERNEL_NAME}", str(notebook), "--output", str(tmp_path / "done.ipynb")],
            check=True, capture_output=True, timeout=180, env=env, cwd=tmp_path,
        )
        done = nbformat.read(tmp_path / "done.ipynb", as_version=4)
        errors = [o for c in done.cells for o in c.outputs if o.output_type == "error"]
        assert errors == []
        report = done.cells[1].outputs[0].data["application/vnd.velostream.deploy+json"]
        assert report["deployed"]["version"] == 1 and [j["name"] for j in report["jobs"]] == ["big_orders"]
        assert (tmp_path / "deploy" / "shop" / "shop.sql").read_text().startswith("-- SQL Application: shop\n")

        # The kernel has exited; the runner still runs the job.
        info = json.loads((state / "runner.json").read_text())
        token = (state / "token").read_text().strip()
        request = urllib.request.Request(info["url"] + "/jobs", headers={"Authorization": f"Bearer {token}"})
        jobs = json.loads(urllib.request.urlopen(request, timeout=10).read())["jobs"]
        assert [(j["name"], j["app"], j["status"]) for j in jobs] == [("big_orders", "shop", "running")]
        output = tmp_path / "out" / "big_orders.csv"
        wait_for("the deployed job's first output", lambda: output_ids(output) == [2, 3])
        with open(tmp_path / "orders.csv", "a") as f:
            f.write("4,70\n5,1\n")
        wait_for("records appended after the notebook ended", lambda: output_ids(output) == [2, 3, 4])
    finally:
        subprocess.run(["node", str(VELO), "serve", "stop", "--state", str(state)], capture_output=True, timeout=60)
    assert not (state / "runner.json").exists()
