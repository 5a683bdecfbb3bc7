"""Live result displays through a real jupyter_client (kernel spec §3.1, §3.6, §1.11): updates under
one display_id with the final snapshot before the reply, background jobs that keep updating their
display after the cell went idle, and interrupts that end a query within 1 s keeping all state."""
import re
import time
from queue import Empty

import pytest
from jupyter_client.manager import start_new_kernel

from conftest import KERNEL_NAME, chart_svg

TIMEOUT = 15
RESULT = "application/vnd.velostream.result+json"
SCHEMA = """%%schema trades
fields:
  - {name: symbol, type: string, constraints: {enum_values: {values: [AAPL, MSFT, GOOG]}}}
  - {name: price, type: "decimal(2)", constraints: {range: {min: 100, max: 200}}}
  - {name: qty, type: integer, constraints: {range: {min: 1, max: 100}}}
"""


@pytest.fixture
def kc():
    km, client = start_new_kernel(kernel_name=KERNEL_NAME, startup_timeout=TIMEOUT)
    yield client
    client.stop_channels()
    km.shutdown_kernel(now=True)


def execute(kc, code, cell_id="cell-1", allow_stdin=True):
    """An execute_request as JupyterLab sends it: with cellId metadata (live displays on)."""
    msg = kc.session.msg(
        "execute_request",
        {"code": code, "silent": False, "store_history": True, "user_expressions": {}, "allow_stdin": allow_stdin, "stop_on_error": True},
        metadata={"cellId": cell_id},
    )
    kc.shell_channel.send(msg)
    return msg["header"]["msg_id"]


def reply_for(kc, msg_id):
    while True:
        reply = kc.get_shell_msg(timeout=TIMEOUT)
        if reply["parent_header"].get("msg_id") == msg_id:
            return reply


def iopub_until_idle(kc, msg_id):
    messages = []
    while True:
        msg = kc.get_iopub_msg(timeout=TIMEOUT)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        messages.append(msg)
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return messages


def run(kc, code, **options):
    msg_id = execute(kc, code, **options)
    reply = reply_for(kc, msg_id)
    return msg_id, reply, iopub_until_idle(kc, msg_id)


def displays(messages):
    return [m for m in messages if m["msg_type"] in ("display_data", "update_display_data")]


def test_live_updates_share_one_display_id_and_end_with_the_final_snapshot(kc):
    run(kc, SCHEMA)
    run(kc, "%config rate=2000 refresh=4")
    _, reply, messages = run(kc, "%%sql --for 1500ms\nSELECT symbol, COUNT(*) AS n FROM trades GROUP BY symbol;")
    assert reply["content"]["status"] == "ok"
    shown = displays(messages)
    assert shown[0]["msg_type"] == "display_data"
    ids = {m["content"]["transient"]["display_id"] for m in shown}
    assert len(ids) == 1 and next(iter(ids)).startswith("vs-")
    updates = [m for m in shown if m["msg_type"] == "update_display_data"]
    # 4 per second for 1.5 s, at least 250 ms apart
    assert 3 <= len(updates) <= 8
    stamps = [m["content"]["data"][RESULT]["timing"]["updated_at"] for m in shown]
    assert stamps == sorted(stamps)
    final = shown[-1]["content"]["data"]
    # reaching its own --for bound is a normal end: done, not stopped
    assert final[RESULT]["status"] == "done" and final[RESULT]["end_reason"] == "for" and final[RESULT]["mode"] == "update"
    assert sorted(row[0] for row in final[RESULT]["rows"]) == ["AAPL", "GOOG", "MSFT"]
    assert set(final) == {"text/plain", "text/html", RESULT}
    assert final["text/plain"].startswith("done (--for 1.5 s) · 3 rows (update)")
    assert '<div class="velostream-summary">done (--for 1.5 s) · 3 rows (update)' in final["text/html"]
    # the bars keep key order in every update, as the table does
    orders = [re.findall(r"<title>(\w+): ", chart_svg(m["content"]["data"]["text/html"])) for m in shown]
    assert all(order == sorted(order) for order in orders) and orders[-1] == ["AAPL", "GOOG", "MSFT"]
    # the final snapshot is published before idle, after every running one
    assert all(m["content"]["data"][RESULT]["status"] == "running" for m in shown[:-1])


def test_background_job_keeps_updating_after_its_cell_went_idle(kc):
    run(kc, SCHEMA)
    run(kc, "%config rate=1000 refresh=10 preview=500ms")
    msg_id, reply, messages = run(kc, "-- @name: ticker\nSELECT symbol, price FROM trades;")
    assert reply["content"]["status"] == "ok"
    display_id = displays(messages)[0]["content"]["transient"]["display_id"]
    last = displays(messages)[-1]["content"]["data"]
    assert last[RESULT]["job"] == "ticker" and "%stop ticker" in last["text/plain"].splitlines()[0]

    later = []
    deadline = time.monotonic() + 1.5
    while time.monotonic() < deadline:
        try:
            msg = kc.get_iopub_msg(timeout=0.2)
        except Empty:
            continue
        if msg["msg_type"] == "update_display_data":
            later.append(msg)
    assert len(later) >= 3, "the job stopped updating after the cell returned"
    assert all(m["parent_header"]["msg_id"] == msg_id for m in later)
    assert all(m["content"]["transient"]["display_id"] == display_id for m in later)
    counts = [m["content"]["data"][RESULT]["counters"]["records_in"] for m in later]
    assert counts == sorted(counts) and counts[-1] > counts[0]

    _, _, jobs = run(kc, "%jobs", cell_id="cell-2")
    assert "ticker" in [m for m in jobs if m["msg_type"] == "execute_result"][0]["content"]["data"]["text/plain"]
    _, stop_reply, stopped = run(kc, "%stop ticker", cell_id="cell-3")
    assert stop_reply["content"]["status"] == "ok"
    assert [m["content"]["text"] for m in stopped if m["msg_type"] == "stream"] == ["stopped ticker\n"]


def test_interrupt_ends_a_foreground_query_within_a_second_and_keeps_state(kc):
    run(kc, SCHEMA)
    run(kc, "SET limit_price = 150;\n%config preview=300ms rate=500")
    _, _, job = run(kc, "%%sql --name background_job\nSELECT * FROM trades WHERE price > ${limit_price};", cell_id="cell-job")
    assert displays(job)[-1]["content"]["data"][RESULT]["job"] == "background_job"

    msg_id = execute(kc, "%%sql --no-detach\nSELECT symbol, qty FROM trades;", cell_id="cell-fg")
    time.sleep(0.8)
    interrupt = kc.session.msg("interrupt_request", {})
    sent = time.monotonic()
    kc.control_channel.send(interrupt)
    reply = reply_for(kc, msg_id)
    assert time.monotonic() - sent < 1.0
    assert reply["content"]["status"] == "error" and reply["content"]["ename"] == "KeyboardInterrupt"
    messages = iopub_until_idle(kc, msg_id)
    assert [m["msg_type"] for m in messages].count("error") == 1
    final = displays(messages)[-1]["content"]["data"]
    assert final[RESULT]["status"] == "stopped" and final[RESULT]["end_reason"] == "interrupt"
    assert final["text/plain"].startswith("stopped (interrupted) · ")

    # parameters, schemas and the background job survive
    _, _, after = run(kc, "SELECT ${limit_price} AS p;", cell_id="cell-after")
    assert [m["content"]["data"]["text/plain"] for m in after if m["msg_type"] == "execute_result"] == ["1 row\n  p\n---\n150"]
    _, _, jobs = run(kc, "%jobs", cell_id="cell-jobs")
    listing = [m for m in jobs if m["msg_type"] == "execute_result"][0]["content"]["data"]["text/plain"]
    assert "background_job | running" in listing
