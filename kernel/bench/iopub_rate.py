"""IOPub message rate of the Velostream kernel beside ipykernel, measured in one run.

Each kernel gets one cell that publishes N outputs as fast as it can: N `SELECT 1;` statements
(execute_result each, the per-cell result cap lifted) and `for i in range(N): display(i)`
(display_data each). The rate is N divided by the time from sending execute_request to the
cell's idle, as one jupyter_client reading IOPub all along sees it. Prints one JSON line per
kernel (best and median of the rounds) and the ratio of the medians.

Usage: .venv/bin/python kernel/bench/iopub_rate.py [--messages N] [--rounds R]
       (after `npm run build` and the kernel installed into .venv, as `npm start` / `npm test` do)
"""
import argparse
import json
import statistics
import time

from jupyter_client.manager import start_new_kernel

SETUP = {"velostream": "%config max_results=1000000", "python3": "from IPython.display import display"}
FLOOD = {"velostream": lambda n: "SELECT 1;\n" * n, "python3": lambda n: f"for i in range({n}): display(i)"}
OUTPUT = {"velostream": "execute_result", "python3": "display_data"}


def run_cell(kc, code):
    """Sends one cell, reads IOPub until its idle; returns (seconds, outputs counted)."""
    started = time.perf_counter()
    msg_id = kc.execute(code)
    outputs = {}
    while True:
        msg = kc.get_iopub_msg(timeout=120)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        outputs[msg["msg_type"]] = outputs.get(msg["msg_type"], 0) + 1
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return time.perf_counter() - started, outputs


def measure(kernel_name, messages, rounds):
    km, kc = start_new_kernel(kernel_name=kernel_name, startup_timeout=60)
    try:
        run_cell(kc, SETUP[kernel_name])
        run_cell(kc, FLOOD[kernel_name](100))  # warm-up
        rates = []
        for _ in range(rounds):
            seconds, outputs = run_cell(kc, FLOOD[kernel_name](messages))
            got = outputs.get(OUTPUT[kernel_name], 0)
            if got != messages:
                raise SystemExit(f"{kernel_name}: {got} of {messages} outputs arrived")
            rates.append(messages / seconds)
        return {
            "kernel": kernel_name,
            "messages_per_round": messages,
            "rounds": rounds,
            "median_msgs_per_s": round(statistics.median(rates)),
            "best_msgs_per_s": round(max(rates)),
        }
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    results = {name: measure(name, args.messages, args.rounds) for name in ("velostream", "python3")}
    for result in results.values():
        print(json.dumps(result))
    ratio = results["velostream"]["median_msgs_per_s"] / results["python3"]["median_msgs_per_s"]
    print(json.dumps({"iopub_rate_ratio_velostream_to_ipykernel": round(ratio, 3)}))


if __name__ == "__main__":
    main()
