"""IOPub under floods (issue 17): nothing that matters is dropped when clients read late, slowly or
never; display updates coalesce to the newest snapshot; a cell shows at most `max_results` results.

Every test uses real jupyter_client clients against the real kernel. The "never reads" test runs
VELOSTREAM_STALL_SECONDS (default 15; the 60 s figure in docs/decisions.md was measured with 60).
"""
import os
import threading
import time
from pathlib import Path
from queue import Empty

import pytest
import zmq
from jupyter_client import BlockingKernelClient
from jupyter_client.manager import start_new_kernel

from conftest import KERNEL_NAME

TIMEOUT = 60
RESULT = "application/vnd.velostream.result+json"
BURST = "SELECT 1;\n" * 2000
SCHEMA = """%%schema ticks
fields:
  - {name: symbol, type: string, constraints: {enum_values: {values: [AAPL, MSFT, GOOG, AMZN, NVDA]}}}
  - {name: price, type: "decimal(2)", constraints: {range: {min: 100, max: 200}}}
  - {name: qty, type: integer, constraints: {range: {min: 1, max: 100}}}
"""
# Kernel RSS allowed while a client never reads IOPub (docs/decisions.md "IOPub back-pressure").
MEMORY_CAP_MB = 300


@pytest.fixture
def kernel():
    km, kc = start_new_kernel(kernel_name=KERNEL_NAME, startup_timeout=TIMEOUT)
    yield km, kc
    kc.stop_channels()
    km.shutdown_kernel(now=True)


def run(kc, code, cell_id=None):
    """Executes and returns (reply, the request's IOPub messages up to its idle)."""
    msg_id = send_execute(kc, code, cell_id)
    messages = until_idle(kc, msg_id)
    return reply_for(kc, msg_id), messages


def send_execute(kc, code, cell_id=None):
    content = {"code": code, "silent": False, "store_history": True, "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}
    msg = kc.session.msg("execute_request", content, metadata={"cellId": cell_id} if cell_id else {})
    kc.shell_channel.send(msg)
    return msg["header"]["msg_id"]


def reply_for(kc, msg_id, timeout=TIMEOUT):
    while True:
        reply = kc.get_shell_msg(timeout=timeout)
        if reply["parent_header"].get("msg_id") == msg_id:
            return reply


def until_idle(kc, msg_id, into=None):
    """IOPub messages of one request up to its idle; every message read is also appended to `into`."""
    mine = []
    while True:
        msg = kc.get_iopub_msg(timeout=TIMEOUT)
        if into is not None:
            into.append(msg)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        mine.append(msg)
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return mine


def by_parent(messages):
    grouped = {}
    for msg in messages:
        grouped.setdefault(msg["parent_header"].get("msg_id"), []).append(msg)
    return grouped


def texts(messages, msg_type):
    return [m["content"]["data"]["text/plain"] if "data" in m["content"] else m["content"]["text"] for m in messages if m["msg_type"] == msg_type]


def burst_then_probe(kc, pause_s):
    """Three 2,000-statement cells sent at once, nothing read for `pause_s`, then `SELECT 1 AS x;`."""
    cells = [send_execute(kc, BURST) for _ in range(3)]
    time.sleep(pause_s)
    probe = send_execute(kc, "SELECT 1 AS x;")
    everything = []
    until_idle(kc, probe, into=everything)
    assert reply_for(kc, probe)["content"]["status"] == "ok"
    return cells, probe, by_parent(everything)


def assert_cell_shape(messages, results):
    types = [m["msg_type"] for m in messages]
    assert types[:2] == ["status", "execute_input"] and types[-1] == "status"
    assert [m["content"]["execution_state"] for m in messages if m["msg_type"] == "status"] == ["busy", "idle"]
    assert types.count("execute_result") == results


def test_three_flooding_cells_then_a_query_gets_its_answer(kernel):
    _, kc = kernel
    cells, probe, grouped = burst_then_probe(kc, pause_s=3)
    for cell in cells:
        assert_cell_shape(grouped[cell], results=100)
        assert texts(grouped[cell], "stream") == ["1,900 more results not shown\n"]
        assert grouped[cell][-2]["msg_type"] == "stream", "the count line ends the cell's outputs"
    assert_cell_shape(grouped[probe], results=1)
    assert texts(grouped[probe], "execute_result") == ["1 row\nx\n-\n1"]


def test_with_the_result_cap_lifted_every_one_of_6000_results_arrives_in_order(kernel):
    _, kc = kernel
    reply, _ = run(kc, "%config max_results=10000")
    assert reply["content"]["status"] == "ok"
    cells, probe, grouped = burst_then_probe(kc, pause_s=2)
    for cell in cells:
        assert_cell_shape(grouped[cell], results=2000)
        assert texts(grouped[cell], "stream") == []
    counts = [m["content"]["execution_count"] for cell in cells for m in grouped[cell] if m["msg_type"] == "execute_input"]
    assert counts == sorted(counts) and len(set(counts)) == 3
    assert texts(grouped[probe], "execute_result") == ["1 row\nx\n-\n1"]


def test_the_flood_scenario_succeeds_twenty_times_in_a_row(kernel):
    _, kc = kernel
    for run_number in range(20):
        # pauses of 1 to 5 s are covered by the tests around; here the loop keeps to 1-2 s
        cells, probe, grouped = burst_then_probe(kc, pause_s=1 + (run_number % 2))
        for cell in cells:
            assert_cell_shape(grouped[cell], results=100)
        assert texts(grouped[probe], "execute_result") == ["1 row\nx\n-\n1"], f"run {run_number + 1} of 20"


def test_a_live_query_at_full_refresh_ends_with_its_final_snapshot_after_a_5s_pause(kernel):
    _, kc = kernel
    run(kc, SCHEMA)
    run(kc, "%config rate=0")
    msg_id = send_execute(kc, "%%sql --for 6s --refresh 1000\nSELECT symbol, COUNT(*) AS n, SUM(qty) AS q FROM ticks GROUP BY symbol;", cell_id="cell-live")
    time.sleep(5)
    messages = until_idle(kc, msg_id)
    reply = reply_for(kc, msg_id)
    assert reply["content"]["status"] == "ok"
    types = [m["msg_type"] for m in messages]
    shown = [m for m in messages if m["msg_type"] in ("display_data", "update_display_data")]
    assert types[:2] == ["status", "execute_input"] and types[-1] == "status"
    assert shown[0]["msg_type"] == "display_data" and len(shown) > 10
    final = shown[-1]["content"]["data"][RESULT]
    # a run that reached its --for bound ends done (docs/decisions.md, display choices)
    assert final["status"] == "done" and len(final["rows"]) == 5
    assert all(m["content"]["data"][RESULT]["status"] == "running" for m in shown[:-1])
    # the final snapshot counts every record the query read: nothing newer was dropped behind it
    assert sum(row[1] for row in final["rows"]) == final["counters"]["records_in"]
    records = [m["content"]["data"][RESULT]["counters"]["records_in"] for m in shown]
    assert records == sorted(records)


def test_a_slow_and_a_fast_client_both_get_every_status_message(kernel):
    km, fast = kernel
    # its own session (km.client() would share the first client's, and with it its shell identity)
    slow = BlockingKernelClient()
    slow.load_connection_file(km.connection_file)
    slow.start_channels()
    try:
        slow.wait_for_ready(timeout=TIMEOUT)
        fast.execute_interactive("%config max_results=10000", timeout=TIMEOUT, output_hook=lambda m: None)
        slow_seen = []
        stop = threading.Event()

        def read_slowly():
            # dozes through the flood, then reads with pauses: its pipe is full for seconds
            time.sleep(3)
            while not stop.is_set():
                try:
                    slow_seen.append(slow.get_iopub_msg(timeout=0.5))
                except Empty:
                    continue
                if len(slow_seen) % 500 == 0:
                    time.sleep(0.2)

        reader = threading.Thread(target=read_slowly, daemon=True)
        reader.start()
        requests = []
        fast_seen = []
        for i in range(3):
            requests.append(send_execute(fast, BURST))
            requests.append(send_execute(fast, f"SELECT {i} AS i;"))
        for msg_id in requests:
            until_idle(fast, msg_id, into=fast_seen)
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline and not any(is_idle_of(m, requests[-1]) for m in slow_seen):
            time.sleep(0.2)
        stop.set()
        reader.join()

        def statuses(seen):
            return [(m["parent_header"].get("msg_id"), m["content"]["execution_state"]) for m in seen if m["msg_type"] == "status" and m["parent_header"].get("msg_id") in requests]

        expected = [(msg_id, state) for msg_id in requests for state in ("busy", "idle")]
        assert statuses(fast_seen) == expected
        assert statuses(slow_seen) == expected
        results = lambda seen: sum(1 for m in seen if m["msg_type"] == "execute_result" and m["parent_header"].get("msg_id") in requests)
        assert results(fast_seen) == results(slow_seen) == 3 * 2001
    finally:
        slow.stop_channels()


def is_idle_of(msg, msg_id):
    return msg["msg_type"] == "status" and msg["parent_header"].get("msg_id") == msg_id and msg["content"]["execution_state"] == "idle"


def rss_mb(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def timed_reply(kc, channel, msg_type):
    msg = kc.session.msg(msg_type, {})
    sent = time.monotonic()
    getattr(kc, f"{channel}_channel").send(msg)
    while True:
        reply = getattr(kc, f"get_{channel}_msg")(timeout=5)
        if reply["parent_header"].get("msg_id") == msg["header"]["msg_id"]:
            return time.monotonic() - sent


def test_a_client_that_never_reads_iopub_keeps_memory_bounded_and_requests_answered(kernel):
    """A subscriber that never reads, with small buffers, so its pipe is full within a second."""
    km, kc = kernel
    seconds = float(os.environ.get("VELOSTREAM_STALL_SECONDS", "15"))
    pid = km.provisioner.process.pid
    run(kc, SCHEMA)
    run(kc, "%config rate=20000 keep_rows=1000 max_results=100000")
    kc.iopub_channel.stop()  # this client only talks on shell and control from here on
    context = zmq.Context.instance()
    stalled = context.socket(zmq.SUB)
    stalled.setsockopt(zmq.RCVHWM, 10)
    stalled.setsockopt(zmq.RCVBUF, 64 * 1024)
    stalled.setsockopt(zmq.SUBSCRIBE, b"")
    stalled.connect(f"{kc.transport}://{kc.ip}:{kc.iopub_port}")
    time.sleep(0.5)
    baseline = rss_mb(pid)
    # a live query whose snapshot holds 1,000 rows, published up to 1,000 times a second
    send_execute(kc, f"%%sql --for {seconds + 30}s --refresh 1000 --mode append\nSELECT symbol, price, qty FROM ticks;", cell_id="cell-flood")
    send_execute(kc, BURST)
    # the query's start (plan, first 1,000-row render) is not what is measured: the stalled IOPub is
    time.sleep(2)
    peak, info = 0.0, []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        info.append(timed_reply(kc, "shell", "kernel_info_request"))
        info.append(timed_reply(kc, "control", "kernel_info_request"))
        peak = max(peak, rss_mb(pid))
        time.sleep(0.5)
    interrupt = timed_reply(kc, "control", "interrupt_request")
    info.sort()
    print(f"\nnever-reading client, {seconds:.0f} s: RSS baseline {baseline:.0f} MB, peak {peak:.0f} MB; kernel_info median {info[len(info) // 2] * 1000:.0f} ms, slowest {info[-1] * 1000:.0f} ms of {len(info)}; interrupt {interrupt * 1000:.0f} ms")
    stalled.close(linger=0)
    assert peak < MEMORY_CAP_MB
    assert info[-1] < 1.0
    assert interrupt < 1.0
