"""JupyterHub end-to-end: a real hub (jupyterhub + configurable-http-proxy on 127.0.0.1), a user
logs in through the login form, the hub spawns their JupyterLab, the Velostream extension is
listed there, and a Velostream notebook runs through the hub's proxied kernel websocket."""
import getpass
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, Request, build_opener

import pytest
from tornado.httpclient import HTTPRequest
from tornado.ioloop import IOLoop
from tornado.websocket import websocket_connect

HERE = Path(__file__).parent
LABEXT = HERE.parent.parent
USER = getpass.getuser()

NOTEBOOK_CELLS = [
    "%%schema trades\nfields:\n  - name: symbol\n    type: string\n    constraints: {enum_values: {values: [AAPL, MSFT]}}\n"
    "  - name: qty\n    type: integer\n    constraints: {range: {min: 1, max: 100}}",
    "%%sql --for 1s\nSELECT symbol, SUM(qty) AS volume FROM trades GROUP BY symbol;",
    "%%test --records 200\n-- @assert: record_count > 0\nSELECT symbol, COUNT(*) AS n FROM trades GROUP BY symbol;",
]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def hub():
    run_dir = Path(tempfile.mkdtemp(prefix="velo-hub-"))
    (run_dir / "notebooks").mkdir()
    port = free_port()
    env = {
        **os.environ,
        "VELO_HUB_DIR": str(run_dir),
        "VELO_HUB_PORT": str(port),
        "VELO_HUB_API_PORT": str(free_port()),
        "VELO_PROXY_API_PORT": str(free_port()),
        "VELO_CHP": str(LABEXT / "node_modules" / ".bin" / "configurable-http-proxy"),
        "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
    }
    log = open(run_dir / "jupyterhub.log", "w")
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "jupyterhub"), "-f", str(HERE / "jupyterhub_config.py")],
        cwd=run_dir, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 90
        while time.time() < deadline:
            try:
                build_opener().open(f"{base}/hub/api", timeout=5)
                break
            except (OSError, HTTPError):
                if process.poll() is not None:
                    break
                time.sleep(0.5)
        else:
            pytest.fail("the hub did not start in 90 s")
        if process.poll() is not None:
            pytest.fail(f"jupyterhub exited: {(run_dir / 'jupyterhub.log').read_text()[-3000:]}")
        yield {"base": base, "dir": run_dir}
    finally:
        # The hub stops the single-user servers it spawned (cleanup_servers) on SIGTERM.
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        log.close()
        if os.environ.get("VELO_KEEP_HUB_DIR") is None:
            shutil.rmtree(run_dir, ignore_errors=True)


class Browser:
    """Cookies and the `_xsrf` token, as a browser would keep them."""

    def __init__(self, base):
        self.base = base
        self.jar = CookieJar()
        self.opener = build_opener(HTTPCookieProcessor(self.jar))

    def cookie(self, name, path_prefix="/"):
        for c in self.jar:
            if c.name == name and path_prefix.startswith(c.path.rstrip("/") or "/"):
                return c.value
        return None

    def get(self, path):
        with self.opener.open(f"{self.base}{path}", timeout=30) as response:
            return response.geturl(), response.read().decode()

    def send(self, method, path, body=None, form=False):
        data = urlencode(body).encode() if form else (json.dumps(body).encode() if body is not None else None)
        request = Request(f"{self.base}{path}", data=data, method=method)
        request.add_header("Content-Type", "application/x-www-form-urlencoded" if form else "application/json")
        xsrf = self.cookie("_xsrf", path)
        if xsrf:
            request.add_header("X-XSRFToken", xsrf)
        with self.opener.open(request, timeout=60) as response:
            return response.geturl(), response.read().decode()

    def cookie_header(self):
        return "; ".join(f"{c.name}={c.value}" for c in self.jar)


def log_in_and_spawn(browser):
    _, login_page = browser.get("/hub/login")
    xsrf = re.search(r'name="_xsrf"\s+value="([^"]+)"', login_page).group(1)
    browser.send("POST", "/hub/login?next=", {"username": USER, "password": "any", "_xsrf": xsrf}, form=True)
    deadline = time.time() + 150
    while time.time() < deadline:
        url, page = browser.get(f"/user/{USER}/lab")
        if url.endswith(f"/user/{USER}/lab") and "jupyter-config-data" in page:
            return page
        time.sleep(1)
    pytest.fail("the single-user JupyterLab did not come up in 150 s")


def page_config(lab_page):
    raw = re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>', lab_page, re.S).group(1)
    return json.loads(raw)


async def execute_over_websocket(browser, kernel_id, cells):
    """Runs `cells` on the kernel through the hub's proxy; returns the iopub messages of each."""
    url = browser.base.replace("http", "ws", 1) + f"/user/{USER}/api/kernels/{kernel_id}/channels?session_id={uuid.uuid4().hex}"
    connection = await websocket_connect(HTTPRequest(url, headers={"Cookie": browser.cookie_header()}, connect_timeout=30))
    results = []
    try:
        for code in cells:
            msg_id = uuid.uuid4().hex
            header = {"msg_id": msg_id, "msg_type": "execute_request", "username": USER, "session": uuid.uuid4().hex,
                      "date": "", "version": "5.3"}
            connection.write_message(json.dumps({
                "header": header, "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
                "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                            "allow_stdin": False, "stop_on_error": True},
            }))
            iopub, reply = [], None
            deadline = time.time() + 90
            while time.time() < deadline and (reply is None or not any(
                    m["msg_type"] == "status" and m["content"]["execution_state"] == "idle" for m in iopub)):
                raw = await connection.read_message()
                assert raw is not None, "the kernel websocket closed"
                message = json.loads(raw)
                if message.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                if message["channel"] == "iopub":
                    iopub.append(message)
                elif message["msg_type"] == "execute_reply":
                    reply = message["content"]
            results.append((reply, iopub))
    finally:
        connection.close()
    return results


def test_a_user_runs_a_velostream_notebook_through_the_hub(hub):
    browser = Browser(hub["base"])
    lab_page = log_in_and_spawn(browser)

    # The extension is listed in the user's JupyterLab.
    extensions = [e["name"] for e in page_config(lab_page)["federated_extensions"]]
    assert "velostream-jupyterlab" in extensions

    # A notebook saved into the user's server, then its cells run on a kernel through the proxy.
    notebook = {"nbformat": 4, "nbformat_minor": 5,
                "metadata": {"kernelspec": {"name": "velostream", "display_name": "Velostream SQL", "language": "velostream"}},
                "cells": [{"cell_type": "code", "id": f"c{i}", "metadata": {}, "execution_count": None, "outputs": [], "source": src}
                          for i, src in enumerate(NOTEBOOK_CELLS)]}
    browser.send("PUT", f"/user/{USER}/api/contents/hub.ipynb", {"type": "notebook", "content": notebook})
    _, session = browser.send("POST", f"/user/{USER}/api/sessions",
                              {"path": "hub.ipynb", "type": "notebook", "name": "", "kernel": {"name": "velostream"}})
    kernel_id = json.loads(session)["kernel"]["id"]

    results = IOLoop.current().run_sync(lambda: execute_over_websocket(browser, kernel_id, NOTEBOOK_CELLS), timeout=300)

    assert [reply["status"] for reply, _ in results] == ["ok", "ok", "ok"]
    query_outputs = [m["content"]["data"] for m in results[1][1] if m["msg_type"] in ("display_data", "update_display_data")]
    final = query_outputs[-1]["application/vnd.velostream.result+json"]
    assert final["status"] in ("done", "stopped")
    assert sorted(row[0] for row in final["rows"]) == ["AAPL", "MSFT"]
    report = [m["content"]["data"] for m in results[2][1] if "application/vnd.velostream.test+json" in m["content"].get("data", {})]
    assert report[-1]["application/vnd.velostream.test+json"]["status"] == "passed"
