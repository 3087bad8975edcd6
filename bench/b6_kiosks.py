"""B6 load: KIOSKS processes, each a kiosk with one keep-alive connection, together issue TICKETS
tickets through the API (a fresh Idempotency-Key per request), released together. Prints a RESULT
line: tickets per second over the whole run, latency percentiles, non-2xx answers.

Usage: b6_kiosks.py URL TOKEN GROUPS TICKETS KIOSKS   (GROUPS like "A,B,C,D")
"""

from __future__ import annotations

import http.client
import json
import multiprocessing as mp
import sys
import time
import uuid
from urllib.parse import urlsplit


def kiosk(args: tuple[str, str, list[str], int, int, object, object]) -> tuple[list[float], list[str]]:
    url, token, groups, count, index, barrier, _ = args
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    headers = {"Authorization": f"Device {token}", "Content-Type": "application/json"}
    latencies: list[float] = []
    failures: list[str] = []
    barrier.wait()  # type: ignore[attr-defined]
    for n in range(count):
        body = json.dumps({"group": groups[(index + n) % len(groups)]})
        started = time.perf_counter()
        conn.request("POST", parts.path, body, headers | {"Idempotency-Key": uuid.uuid4().hex})
        response = conn.getresponse()
        answer = response.read()
        latencies.append((time.perf_counter() - started) * 1000)
        if response.status != 201:
            failures.append(f"{response.status} {answer[:200]!r}")
    conn.close()
    return latencies, failures


def main() -> None:
    url, token, groups_raw, tickets, kiosks = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
    groups = groups_raw.split(",")
    manager = mp.Manager()
    barrier = manager.Barrier(kiosks + 1)
    shares = [tickets // kiosks + (1 if i < tickets % kiosks else 0) for i in range(kiosks)]
    with mp.Pool(kiosks) as pool:
        pending = pool.map_async(kiosk, [(url, token, groups, shares[i], i, barrier, None) for i in range(kiosks)])
        barrier.wait()
        started = time.perf_counter()
        results = pending.get(timeout=600)
        elapsed = time.perf_counter() - started
    latencies = sorted(ms for lat, _ in results for ms in lat)
    failures = [f for _, fs in results for f in fs]
    for failure in failures[:5]:
        print(f"non-201: {failure}", file=sys.stderr)

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))]

    print(
        f"RESULT tickets={len(latencies)} seconds={elapsed:.2f} rate={len(latencies) / elapsed:.1f}/s "
        f"p50={pct(50):.1f}ms p95={pct(95):.1f}ms p99={pct(99):.1f}ms max={latencies[-1]:.1f}ms non201={len(failures)}"
    )


if __name__ == "__main__":
    main()
