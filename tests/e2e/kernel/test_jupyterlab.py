"""JupyterLab (from PyPI) starts with the Velostream kernel available and runs a SQL cell.

Starts a real `jupyter lab` server, checks the kernelspec over the REST API, starts a kernel
through the server and executes a cell over the server's websocket channel, exactly the path a
notebook in the browser takes.
"""
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest
from tornado import ioloop, websocket

TOKEN = uuid.uuid4().hex
TIMEOUT = 60


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def api(base: str, path: str, method: str = "GET", body=None):
    request = urllib.request.Request(
        f"{base}{path}",
        method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Authorization": f"token {TOKEN}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read() or b"null")


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    port = free_port()
    root = tmp_path_factory.mktemp("lab")
    jupyter = Path(sys.executable).parent / "jupyter"
    process = subprocess.Popen(
        [str(jupyter), "lab", "--no-browser", f"--port={port}", "--ServerApp.ip=127.0.0.1",
         f"--IdentityProvider.token={TOKEN}", f"--ServerApp.root_dir={root}"]
        # CI containers run as root; Jupyter refuses that unless told it is intended.
        + (["--allow-root"] if os.geteuid() == 0 else []),
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=os.environ.copy(),
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + TIMEOUT
    while True:
        try:
            api(base, "/api/status")
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail("jupyter lab did not start:\n" + process.stdout.read().decode(errors="replace")[-3000:])
            time.sleep(0.3)
    yield base
    process.terminate()
    process.wait(timeout=15)


def test_lab_lists_the_velostream_kernelspec(lab):
    specs = api(lab, "/api/kernelspecs")["kernelspecs"]
    assert "velostream" in specs
    spec = specs["velostream"]["spec"]
    assert spec["display_name"] == "Velostream SQL"
    assert spec["interrupt_mode"] == "message"
    # JupyterLab's launcher shows the logo the kernelspec ships.
    assert "logo-64x64" in specs["velostream"]["resources"]


def test_lab_runs_a_sql_cell_over_its_websocket(lab):
    kernel = api(lab, "/api/kernels", "POST", {"name": "velostream"})
    try:
        outputs = ioloop.IOLoop.current().run_sync(lambda: execute_over_websocket(lab, kernel["id"]), timeout=TIMEOUT)
    finally:
        api(lab, f"/api/kernels/{kernel['id']}", "DELETE")
    reply, displays = outputs
    assert reply["status"] == "ok"
    bundle = displays[-1]
    result = bundle["application/vnd.velostream.result+json"]
    assert result["status"] == "done"
    assert result["rows"] == [[5]]
    assert bundle["text/plain"].startswith("done")


async def execute_over_websocket(base: str, kernel_id: str):
    url = base.replace("http", "ws") + f"/api/kernels/{kernel_id}/channels?token={TOKEN}"
    connection = await websocket.websocket_connect(url)
    await execute(connection, "%generate demo --records 5")
    outputs = await execute(connection, "SELECT COUNT(*) AS n FROM demo;")
    connection.close()
    return outputs


async def execute(connection, code: str):
    """One execute_request over the multiplexed channel: the reply and every display bundle."""
    msg_id = uuid.uuid4().hex
    await connection.write_message(json.dumps({
        "channel": "shell",
        "header": {"msg_id": msg_id, "msg_type": "execute_request", "username": "test",
                   "session": uuid.uuid4().hex, "version": "5.3", "date": ""},
        "parent_header": {}, "metadata": {},
        "content": {"code": code, "silent": False, "store_history": True,
                    "user_expressions": {}, "allow_stdin": False, "stop_on_error": True},
    }))
    displays, reply, idle = [], None, False
    while reply is None or not idle:
        message = json.loads(await connection.read_message())
        if message.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        kind = message["msg_type"]
        if kind in ("display_data", "update_display_data"):
            displays.append(message["content"]["data"])
        elif kind == "execute_reply":
            reply = message["content"]
        elif kind == "status" and message["content"]["execution_state"] == "idle":
            idle = True
    return reply, displays
