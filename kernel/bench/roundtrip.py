"""Execute round-trip latency of the Velostream kernel beside ipykernel, measured in one run.

Each kernel gets the same client (jupyter_client), the same warm-up and the same number of
trivial executes; the latency of one execute is the time from sending execute_request to the
kernel's idle status for it (what a user waits for). Prints one JSON line per kernel and a
closing line with the p50 ratio (goal: velostream <= 1.0x ipykernel).

Usage: .venv/bin/python kernel/bench/roundtrip.py [--runs N]   (after `npm run build` and the
kernel installed into .venv, which `npm start` / `npm test` do)
"""
import argparse
import json
import statistics
import time

from jupyter_client.manager import start_new_kernel

TRIVIAL = {"velostream": "SELECT 1 AS one;", "python3": "1"}


def until_idle(kc, msg_id):
    while True:
        msg = kc.get_iopub_msg(timeout=30)
        if (
            msg["parent_header"].get("msg_id") == msg_id
            and msg["msg_type"] == "status"
            and msg["content"]["execution_state"] == "idle"
        ):
            return


def measure(kernel_name, runs, warmup=20):
    km, kc = start_new_kernel(kernel_name=kernel_name, startup_timeout=60)
    try:
        code = TRIVIAL[kernel_name]
        samples = []
        for i in range(warmup + runs):
            started = time.perf_counter()
            msg_id = kc.execute(code)
            until_idle(kc, msg_id)
            reply = kc.get_shell_msg(timeout=30)
            if reply["content"]["status"] != "ok":
                raise SystemExit(f"{kernel_name}: execute failed: {reply['content']}")
            if i >= warmup:
                samples.append((time.perf_counter() - started) * 1000)
        samples.sort()
        return {
            "kernel": kernel_name,
            "code": code,
            "runs": runs,
            "p50_ms": round(statistics.median(samples), 3),
            "p90_ms": round(samples[int(len(samples) * 0.9) - 1], 3),
            "min_ms": round(samples[0], 3),
        }
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=300)
    args = parser.parse_args()
    results = {name: measure(name, args.runs) for name in ("velostream", "python3")}
    for result in results.values():
        print(json.dumps(result))
    ratio = results["velostream"]["p50_ms"] / results["python3"]["p50_ms"]
    print(json.dumps({"p50_ratio_velostream_to_ipykernel": round(ratio, 3), "goal": "<= 1.0", "met": ratio <= 1.0}))


if __name__ == "__main__":
    main()
