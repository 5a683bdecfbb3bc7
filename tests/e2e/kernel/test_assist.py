"""The velostream.assist comm (kernel spec §6.2) driven through jupyter_client: offline answers
streamed in order and valid when run, and the Claude path through the real SDK against the
engine's local fake Messages-API server (streaming, cancel, errors). The latencies (offline p50, cancel)
are printed by kernel/bench/assist_latency.py (`npm run bench` in kernel/), not asserted here."""
import json
import os
import subprocess
import time
import uuid
from pathlib import Path

import pytest
from jupyter_client.manager import start_new_kernel

from conftest import KERNEL_NAME

TIMEOUT = 60
REPO = Path(__file__).resolve().parents[3]
FAKE_SERVER = REPO / "engine" / "dist" / "ai" / "fake-messages-server.js"
SCHEMA = """%%schema trades
fields:
  - {name: symbol, type: string, constraints: {enum_values: {values: [AAPL, MSFT, NVDA]}}}
  - {name: price, type: "decimal(2)", constraints: {range: {min: 10, max: 500}}}
  - {name: ts, type: integer, constraints: {timestamp_epoch_ms: {start: "-1h", end: "now"}}}
"""
PREFIX = "SELECT symbol, AVG(price) FROM trades "
SLOW = "-- slow model\n"
OVERLOADED = "-- overloaded model\n"
TAIL = "GROUP BY symbol WINDOW TUMBLING(ts, INTERVAL '1' MINUTE) EMIT FINAL;"


class Assist:
    """One open velostream.assist comm on a running kernel."""

    def __init__(self, kc):
        self.kc = kc
        self.comm_id = str(uuid.uuid4())
        self.send("comm_open", {"comm_id": self.comm_id, "target_name": "velostream.assist", "data": {"v": 1}})

    def send(self, msg_type, content):
        msg = self.kc.session.msg(msg_type, content)
        self.kc.shell_channel.send(msg)

    def complete(self, request_id, prefix, cell_id="cell-1", suffix="", stream=True):
        self.send("comm_msg", {"comm_id": self.comm_id, "data": {"type": "complete", "request_id": request_id, "cell_id": cell_id, "prefix": prefix, "suffix": suffix, "stream": stream}})
        return time.monotonic()

    def cancel(self, request_id):
        self.send("comm_msg", {"comm_id": self.comm_id, "data": {"type": "cancel", "request_id": request_id}})
        return time.monotonic()

    def read_until(self, done, timeout=15):
        """Comm data from iopub (with arrival times) until done(list) holds."""
        seen = []
        deadline = time.monotonic() + timeout
        while not done(seen):
            remaining = deadline - time.monotonic()
            assert remaining > 0, f"timed out; got {json.dumps([d for d, _ in seen])}"
            try:
                msg = self.kc.get_iopub_msg(timeout=remaining)
            except Exception:
                continue
            if msg["msg_type"] == "comm_msg" and msg["content"]["comm_id"] == self.comm_id:
                seen.append((msg["content"]["data"], time.monotonic()))
        return seen


def result_of(request_id):
    return lambda seen: any(d["type"] == "result" and d["request_id"] == request_id for d, _ in seen)


@pytest.fixture
def offline_kernel():
    env = dict(os.environ)
    env.pop("ANTHROPIC_API_KEY", None)
    km, kc = start_new_kernel(kernel_name=KERNEL_NAME, startup_timeout=TIMEOUT, env=env)
    try:
        for cell in (SCHEMA, "%generate trades --records 50"):
            assert kc.execute_interactive(cell, timeout=TIMEOUT)["content"]["status"] == "ok"
        yield kc
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def test_offline_chunks_arrive_in_order_and_the_completed_cell_runs(offline_kernel):
    assist = Assist(offline_kernel)
    assist.complete("r1", PREFIX)
    seen = [d for d, _ in assist.read_until(result_of("r1"))]
    chunks = [d for d in seen if d["type"] == "chunk"]
    assert len(chunks) > 1 and all(c["request_id"] == "r1" and c["item"] == 0 for c in chunks)
    result = seen[-1]
    assert result == {"type": "result", "request_id": "r1", "done": True, "engine": "offline", "items": [{"insertText": TAIL, "engine": "offline"}]}
    assert "".join(c["text"] for c in chunks) == TAIL
    reply = offline_kernel.execute_interactive(PREFIX + result["items"][0]["insertText"], timeout=TIMEOUT)
    assert reply["content"]["status"] == "ok", json.dumps(reply["content"])


@pytest.fixture
def claude_kernel():
    """A kernel whose Claude calls go to the engine's fake Messages API, which streams slowly:
    a second per delta, a minute per delta when the cell starts with the SLOW comment, a 529
    "overloaded" error when it starts with the OVERLOADED one."""
    text = json.dumps("```sql\n" + TAIL + "\n```")
    has = lambda marker: f"JSON.stringify(req.body).includes({json.dumps(marker.strip())})"
    overloaded = '{ status: 529, type: "overloaded_error", message: "Overloaded" }'
    reply = f"(req) => {has(OVERLOADED)} ? {overloaded} : ({{ text: {text}, delayMs: {has(SLOW)} ? 60000 : 1000 }})"
    script = f"require({json.dumps(str(FAKE_SERVER))}).fakeMessagesServer({reply}).then((s) => console.log(s.url))"
    server = subprocess.Popen(["node", "-e", script], stdout=subprocess.PIPE, text=True)
    url = server.stdout.readline().strip()
    assert url.startswith("http://127.0.0.1:")
    env = dict(os.environ, ANTHROPIC_API_KEY="sk-test", ANTHROPIC_BASE_URL=url, VELOSTREAM_AI_MODEL="claude-test")
    km, kc = start_new_kernel(kernel_name=KERNEL_NAME, startup_timeout=TIMEOUT, env=env)
    try:
        assert kc.execute_interactive(SCHEMA, timeout=TIMEOUT)["content"]["status"] == "ok"
        yield kc
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
        server.terminate()
        server.wait()


def test_claude_chunks_stream_in_order_and_the_result_is_validated(claude_kernel):
    assist = Assist(claude_kernel)
    assist.complete("c1", PREFIX)
    seen = assist.read_until(result_of("c1"))
    chunks = [(d, t) for d, t in seen if d["type"] == "chunk"]
    assert len(chunks) >= 2
    assert chunks[-1][1] - chunks[0][1] > 0.5  # deltas arrive as the model streams them
    assert "".join(d["text"] for d, _ in chunks) == TAIL
    assert seen[-1][0] == {"type": "result", "request_id": "c1", "done": True, "engine": "claude", "items": [{"insertText": TAIL, "engine": "claude"}]}


def test_cancel_answers_cancelled_at_once_and_a_newer_request_replaces_the_older(claude_kernel):
    """The model takes a minute per delta here, so a result read within read_until's 15 s can only
    come from the cancel itself. How fast it comes is measured by kernel/bench/assist_latency.py."""
    assist = Assist(claude_kernel)
    for attempt in range(2):
        request_id = f"k1-{attempt}"
        assist.complete(request_id, SLOW + PREFIX, cell_id=f"cancel-{attempt}")
        time.sleep(0.3)  # the model call is under way
        assist.cancel(request_id)
        seen = assist.read_until(result_of(request_id))
        assert [d for d, _ in seen if d["request_id"] == request_id] == [{"type": "result", "request_id": request_id, "done": True, "items": [], "cancelled": True}]

    assist.complete("k2", SLOW + PREFIX)
    time.sleep(0.1)
    assist.complete("k3", PREFIX)
    seen = assist.read_until(result_of("k3"))
    k2 = [d for d, _ in seen if d["request_id"] == "k2"]
    assert k2 == [{"type": "result", "request_id": "k2", "done": True, "items": [], "cancelled": True}]
    assert seen[-1][0]["items"] == [{"insertText": TAIL, "engine": "claude"}]


def test_a_provider_error_is_a_readable_message_in_the_result(claude_kernel):
    assist = Assist(claude_kernel)
    assist.complete("e1", OVERLOADED + PREFIX)
    result = assist.read_until(result_of("e1"))[-1][0]
    # The SDK retried once (maxRetries: 1) before giving up.
    assert result == {"type": "result", "request_id": "e1", "done": True, "items": [], "error": {"message": "inline completion: Claude API error 529: Overloaded"}}
