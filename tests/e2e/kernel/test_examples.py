"""The example notebooks under batch clients (kernel spec §8, §9.2): `jupyter nbconvert --execute`
runs both to the end with final snapshots, tables and SVG charts; papermill injects parameters
into the trading notebook. The notebooks bring their own data (examples/data/), so they run from a
copy of examples/ with nothing beside it."""
import shutil
import subprocess
import sys

import nbformat
import pytest

from conftest import KERNEL_NAME, REPO, chart_svg

EXAMPLES = REPO / "examples"
RESULT = "application/vnd.velostream.result+json"
TEST_REPORT = "application/vnd.velostream.test+json"

sys.path.insert(0, str(REPO / "kernelspec" / "python" / "velostream-papermill"))


def outputs(nb, kind=None):
    return [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if kind is None or o.output_type == kind]


def executed(name, tmp_path, examples=EXAMPLES):
    out = tmp_path / name
    subprocess.run(
        [str(REPO / ".venv" / "bin" / "jupyter"), "nbconvert", "--to", "notebook", "--execute",
         f"--ExecutePreprocessor.kernel_name={KERNEL_NAME}", str(examples / name), "--output", str(out)],
        check=True, capture_output=True, timeout=120,
    )
    return nbformat.read(out, as_version=4)


def test_quickstart_runs_under_nbconvert(tmp_path):
    nb = executed("quickstart.ipynb", tmp_path)
    assert outputs(nb, "error") == []
    results = [o.data[RESULT] for o in outputs(nb, "display_data") if RESULT in o.data]
    # batch mode: every live result ends with a terminal snapshot, no job outlives its cell
    assert results and all(r["status"] in ("done", "stopped") and r["job"] is None for r in results)
    assert {r["viz"]["kind"] for r in results} >= {"bar", "line"}
    charted = [o.data for o in outputs(nb, "display_data") if o.data.get(RESULT, {}).get("viz", {}).get("kind") in ("bar", "line")]
    assert charted and all(chart_svg(data["text/html"]).startswith("<svg") for data in charted)
    # a run that reached its --for bound reads done; the unbounded preview says why it stopped
    assert [r["status"] for r in results if r["end_reason"] == "for"] == ["done", "done"]
    assert any(o.data["text/plain"].startswith("stopped after the 3 s preview (batch mode) · newest 50 of ")
               for o in outputs(nb, "display_data") if o.data.get(RESULT, {}).get("mode") == "append")
    [report] = [o.data[TEST_REPORT] for o in outputs(nb, "display_data") if TEST_REPORT in o.data]
    assert report["status"] == "passed"


def test_trading_runs_under_nbconvert_from_a_lone_copy(tmp_path):
    # a copy of examples/ alone in a fresh folder: no ../shared, no repository around it
    lone = tmp_path / "lone" / "examples"
    shutil.copytree(EXAMPLES, lone, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    nb = executed("trading.ipynb", tmp_path, examples=lone)
    assert outputs(nb, "error") == []
    results = [o.data[RESULT] for o in outputs(nb, "display_data")]
    assert len(results) >= 3 and all(r["status"] == "done" and r["bounded"] and r["rows"] for r in results)
    aapl = next(r for r in results if "WHERE symbol" in r["statement"])
    assert {row[0] for row in aapl["rows"]} == {"AAPL"}


def test_trading_runs_under_papermill_with_parameters(tmp_path):
    import papermill
    from papermill.translators import papermill_translators

    from velostream_papermill import VelostreamTranslator

    papermill_translators.register("velostream", VelostreamTranslator)
    out = tmp_path / "trading.papermill.ipynb"
    papermill.execute_notebook(
        str(EXAMPLES / "trading.ipynb"), str(out), parameters={"symbol": "MSFT"}, kernel_name=KERNEL_NAME, cwd=str(EXAMPLES), progress_bar=False
    )
    nb = nbformat.read(out, as_version=4)
    assert "SET symbol = 'MSFT';" in nb.cells[2].source
    filtered = next(o.data[RESULT] for o in outputs(nb, "display_data") if "WHERE symbol" in o.data[RESULT]["statement"])
    assert filtered["statement"].endswith("WHERE symbol = 'MSFT'")
    assert {row[0] for row in filtered["rows"]} == {"MSFT"}
