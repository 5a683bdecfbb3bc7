"""nbclient, papermill's translator and jupyter console against the kernel (spec §8, §9.2)."""
import os
import re
import subprocess
import sys
import tomllib

import nbformat
import pexpect
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from conftest import KERNEL_NAME, REPO

SHIM = REPO / "kernelspec" / "python" / "velostream-papermill"
sys.path.insert(0, str(SHIM))


def notebook(*sources):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source) for source in sources]
    return nb


def test_nbclient_runs_cells_and_records_language():
    nb = notebook("%echo hello", "%lsmagic")
    NotebookClient(nb, kernel_name=KERNEL_NAME, timeout=20).execute()
    assert nb.cells[0].outputs == [{"output_type": "stream", "name": "stdout", "text": "hello\n"}]
    assert nb.cells[1].outputs[0]["output_type"] == "execute_result"
    assert nb.cells[1].execution_count == 2
    assert nb.metadata["language_info"]["name"] == "velostream"


def test_nbclient_stops_at_a_failing_cell():
    nb = notebook("%echo first", "SELEC 1;", "%echo never")
    with pytest.raises(CellExecutionError, match="SqlSyntaxError"):
        NotebookClient(nb, kernel_name=KERNEL_NAME, timeout=20).execute()
    assert nb.cells[2].outputs == []


def test_papermill_translator_renders_set_statements():
    import papermill.engines  # noqa: F401  (loads entry points, as papermill does)
    from papermill.translators import papermill_translators

    from velostream_papermill import VelostreamTranslator

    papermill_translators.register("velostream", VelostreamTranslator)
    translator = papermill_translators.find_translator("velostream", "velostream")
    params = {"symbol": "AAPL", "threshold": 100.5, "live": False, "quote": "it's", "none": None, "nan": float("nan"), "ids": [1, 2]}
    assert translator.codify(params) == (
        "-- Parameters\n"
        "SET symbol = 'AAPL';\n"
        "SET threshold = 100.5;\n"
        "SET live = FALSE;\n"
        "SET quote = 'it''s';\n"
        "SET none = NULL;\n"
        "SET nan = 'NaN';\n"
        "SET ids = '[1,2]';\n"
    )
    with pytest.raises(ValueError):
        translator.assign("bad-name", "1")
    cell = nbformat.v4.new_code_cell("SET symbol = 'MSFT'; -- ticker\nSELECT 1;")
    [param] = translator.inspect(cell)
    assert (param.name, param.default, param.help) == ("symbol", "'MSFT'", "ticker")


def shim_environment(site):
    """Environment of a Python that has the shim installed as pip would: its source plus a dist-info
    holding pyproject's entry points, found before any copy in the venv."""
    project = tomllib.loads((SHIM / "pyproject.toml").read_text())["project"]
    dist_info = site / f"velostream_papermill-{project['version']}.dist-info"
    dist_info.mkdir()
    (dist_info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {project['name']}\nVersion: {project['version']}\n")
    (dist_info / "entry_points.txt").write_text(
        "".join(
            f"[{group}]\n" + "".join(f"{name} = {target}\n" for name, target in points.items())
            for group, points in project["entry-points"].items()
        )
    )
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), str(SHIM)])}


@pytest.mark.parametrize("first", ["velostream_papermill", "papermill"])
def test_papermill_shim_registers_whichever_is_imported_first(tmp_path, first):
    script = (
        f"import {first}\n"
        "from papermill.engines import papermill_engines\n"
        "from papermill.translators import papermill_translators\n"
        "print(papermill_translators.find_translator('velostream', 'velostream').__name__)\n"
        "print(papermill_engines.get_engine('velostream').__name__)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], env=shim_environment(tmp_path), capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["VelostreamTranslator", "VelostreamEngine"]


def test_jupyter_console_banner_output_error_and_exit():
    # --simple-prompt reads single lines (no is_complete continuation); that is covered by
    # test_kernel_protocol.test_is_complete.
    console = pexpect.spawn(
        str(REPO / ".venv" / "bin" / "jupyter"),
        ["console", "--kernel", KERNEL_NAME, "--simple-prompt"],
        encoding="utf-8",
        timeout=20,
    )
    try:
        console.expect("Velostream SQL kernel")
        # Typed at once: the kernel serves requests only after the console's IOPub subscription.
        console.expect(r"In \[1\]: ")
        console.sendline("%echo from console")
        console.expect(re.compile(r"^from console\r?\n", re.M))  # the output line, not the echoed input
        console.expect(r"In \[2\]: ")
        console.sendline("SELECT 1 + 2 AS x;")
        console.expect(r"1 row\s+x\s+-\s+3")
        console.expect(r"In \[3\]: ")
        console.sendline("SELEC 1;")
        console.expect("SqlSyntaxError")
        console.expect(r"In \[4\]: ")
        console.sendline("exit")
        console.expect(pexpect.EOF)
    finally:
        console.close(force=True)
    assert console.exitstatus == 0
