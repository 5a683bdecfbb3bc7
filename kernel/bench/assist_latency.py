"""Latency of the velostream.assist comm (kernel spec §6.2) as one jupyter_client sees it.

- offline: `complete` sent → its `result` read on IOPub, over a mix of prefixes (target p50 ≤ 50 ms);
- cancel: `cancel` sent while a Claude call is streaming from the engine's local fake
  Messages-API server (the model still has seconds of deltas to send) → the `cancelled` result
  read (target ≤ 100 ms).

Prints one JSON line per figure. Timing lives here, not in the tests: the kernel tests check
what the comm answers, this script prints how fast.

Usage: .venv/bin/python kernel/bench/assist_latency.py [--rounds N]   (after `npm run build` and
the kernel installed into .venv, as `npm start` / `npm test` do)
"""
import argparse
import json
import os
import statistics
import subprocess
import time
import uuid
from pathlib import Path

from jupyter_client.manager import start_new_kernel

REPO = Path(__file__).resolve().parents[2]
FAKE_SERVER = REPO / "engine" / "dist" / "ai" / "fake-messages-server.js"
# The built-in demo source (id, ts, symbol, price, qty).
SETUP = "%generate demo --records 50"
PREFIXES = [
    "SELECT symbol, AVG(price) FROM demo ",
    "SELECT * FROM de",
    "SELECT symbol, price FROM demo WHERE ",
    "SELECT symbol, COU",
    "SELECT symbol, AVG(price) FROM demo GROUP BY symbol WINDOW ",
]


def comm_request(kc, comm_id, data):
    kc.shell_channel.send(kc.session.msg("comm_msg", {"comm_id": comm_id, "data": data}))
    return time.perf_counter()


def until_result(kc, comm_id, request_id, first_chunk=False):
    """Reads IOPub until the request's result (or first chunk); returns (data, arrival time)."""
    while True:
        msg = kc.get_iopub_msg(timeout=30)
        data = msg["content"].get("data", {}) if msg["msg_type"] == "comm_msg" and msg["content"]["comm_id"] == comm_id else {}
        if data.get("request_id") == request_id and (data["type"] == "result" or (first_chunk and data["type"] == "chunk")):
            return data, time.perf_counter()


def with_assist(env, run):
    km, kc = start_new_kernel(kernel_name="velostream", startup_timeout=60, env=env)
    try:
        kc.execute_interactive(SETUP, timeout=60, output_hook=lambda _msg: None)
        comm_id = str(uuid.uuid4())
        kc.shell_channel.send(kc.session.msg("comm_open", {"comm_id": comm_id, "target_name": "velostream.assist", "data": {"v": 1}}))
        return run(kc, comm_id)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def figures(name, latencies, target_ms):
    ordered = sorted(latencies)
    return {
        "figure": name,
        "runs": len(ordered),
        "p50_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))], 1),
        "max_ms": round(ordered[-1], 1),
        "target_ms": target_ms,
    }


def offline(rounds):
    def run(kc, comm_id):
        latencies = []
        for i in range(rounds + 5):  # the first five warm the completer up
            request = {"type": "complete", "request_id": f"o{i}", "cell_id": f"cell-{i}", "prefix": PREFIXES[i % len(PREFIXES)], "suffix": "", "stream": True}
            sent = comm_request(kc, comm_id, request)
            _, arrived = until_result(kc, comm_id, f"o{i}")
            if i >= 5:
                latencies.append((arrived - sent) * 1000)
        return latencies

    env = {k: v for k, v in os.environ.items() if k != "ANTHROPIC_API_KEY"}
    return figures("offline complete → result (p50 target)", with_assist(env, run), 50)


def cancel(rounds):
    reply = json.dumps([{"text": "GROUP BY symbol WINDOW TUMBLING(ts, INTERVAL '1' MINUTE) EMIT FINAL;", "delayMs": 1000}])
    script = f"require({json.dumps(str(FAKE_SERVER))}).fakeMessagesServer({reply}).then((s) => console.log(s.url))"
    server = subprocess.Popen(["node", "-e", script], stdout=subprocess.PIPE, text=True)
    try:
        env = dict(os.environ, ANTHROPIC_API_KEY="sk-bench", ANTHROPIC_BASE_URL=server.stdout.readline().strip(), VELOSTREAM_AI_MODEL="claude-test")

        def run(kc, comm_id):
            latencies = []
            for i in range(rounds):
                request = {"type": "complete", "request_id": f"c{i}", "cell_id": f"cell-{i}", "prefix": PREFIXES[0], "suffix": "", "stream": True}
                comm_request(kc, comm_id, request)
                until_result(kc, comm_id, f"c{i}", first_chunk=True)  # the model is streaming now
                sent = comm_request(kc, comm_id, {"type": "cancel", "request_id": f"c{i}"})
                data, arrived = until_result(kc, comm_id, f"c{i}")
                assert data.get("cancelled") is True, data
                latencies.append((arrived - sent) * 1000)
            return latencies

        return figures("cancel → cancelled result (max target)", with_assist(env, run), 100)
    finally:
        server.terminate()
        server.wait()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=40)
    args = parser.parse_args()
    print(json.dumps(offline(args.rounds), ensure_ascii=False))
    print(json.dumps(cancel(max(5, args.rounds // 4)), ensure_ascii=False))


if __name__ == "__main__":
    main()
