"""B1 at a fixed arrival rate: latency of POST /api/v1/dossiers/ when dossiers arrive at RATE per second.

Open loop: request i is due at start + i / RATE whatever happened before, and its latency counts from
that due time, so a slow server shows as queueing (no coordinated omission). Keep-alive connections,
one per worker thread (http.client). Bounded by --seconds. 127.0.0.1 only.
Requests still unsent 5 s after the planned end are dropped and counted: an overloaded server cannot
stretch the run. Usage: b1_rate.py --port P --rate 100 --seconds 30 (env B1_TARGETS, B1_REST, B1_RUN; see
wrk/b1_post.lua: requests go round-robin over the desks of B1_TARGETS).
"""

from __future__ import annotations

import argparse
import base64
import http.client
import os
import queue
import statistics
import threading
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--rate", type=float, default=100)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--workers", type=int, default=32)
    args = parser.parse_args()
    targets = [line.split("\t", 1) for line in Path(os.environ["B1_TARGETS"]).read_text().splitlines() if line]
    rest = Path(os.environ["B1_REST"]).read_text()
    run = os.environ["B1_RUN"]
    total = int(args.rate * args.seconds)
    start = time.perf_counter() + 0.5
    jobs: queue.Queue[int | None] = queue.Queue()
    for i in range(total):
        jobs.put(i)
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()

    def payload(i: int) -> tuple[str, bytes]:
        token, text = targets[i % len(targets)]
        for k in (1, 2, 3):
            first = f"%PDF-1.4\n%r{int(run) % 100:02d}{i:012d}{k}\n".encode()
            text = text.replace(f"__SCAN{k}__", base64.b64encode(first).decode() + rest)
        return token, text.encode()

    deadline = start + args.seconds + 5  # requests not sent by then are dropped (and reported)
    dropped = [0]

    def worker() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=30)
        while True:
            try:
                i = jobs.get_nowait()
            except queue.Empty:
                return
            if time.perf_counter() > deadline:
                with lock:
                    dropped[0] += 1
                continue
            token, data = payload(i)
            due = start + i / args.rate
            delay = due - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            headers = {
                "Authorization": f"Token {token}",
                "Content-Type": "application/json",
                "Idempotency-Key": f"b1r-{run}-{i}",
            }
            try:
                conn.request("POST", "/api/v1/dossiers/", body=data, headers=headers)
                response = conn.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=30)
                status = 0
            took = time.perf_counter() - due
            with lock:
                latencies.append(took)
                statuses[status] = statuses.get(status, 0) + 1

    threads = [threading.Thread(target=worker) for _ in range(args.workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    ms = sorted(x * 1000 for x in latencies)
    pick = lambda p: ms[min(len(ms) - 1, int(len(ms) * p / 100))]  # noqa: E731
    print(
        f"RESULT rate={args.rate:.0f}/s achieved={len(ms) / elapsed:.1f}/s p50={statistics.median(ms):.1f}ms "
        f"p90={pick(90):.1f}ms p95={pick(95):.1f}ms p99={pick(99):.1f}ms max={ms[-1]:.1f}ms "
        f"requests={len(ms)} statuses={statuses} dropped={dropped[0]} (not sent within {args.seconds + 5:.0f} s)"
    )


if __name__ == "__main__":
    main()
