"""S1 soak: mixed traffic at fixed rates for a long run; latency per kind, errors, workers' memory.

Open loop per kind (as bench/b1_rate.py): request i of a kind is due at start + i / rate whatever
happened before, and its latency counts from that due time, so a server falling behind shows as
queueing. Kinds:
  intake  POST /api/v1/dossiers/ (B1's body, unique Idempotency-Key and 3 unique PDF scans)  → 201
          (round-robin over the desks in the targets: one, or B1's thirteen with SPREAD=1)
  lookup  GET /tra-cuu/?ma=<code> (a random code: seeded ones and those created in this run)  → 200
  list    GET /api/v1/dossiers/?page_size=25 (the desk officer's token)                       → 200
A request more than --late-cap seconds behind its due time is not sent and counts as dropped, so an
overloaded server cannot stretch the run. Keep-alive connections, one per thread (http.client); a
connection the server closed while idle is reopened once, as every HTTP client library does.
Every --sample seconds: the RSS of each gunicorn worker (children of --gunicorn-pid) and of the
other --watch-pid processes. 127.0.0.1 only; bounded by --seconds + --late-cap.

Usage: soak_driver.py --port P --seconds 600 --targets results/soak_targets.json --gunicorn-pid PID
       [--intake-rate 20] [--lookup-rate 400] [--list-rate 5] [--out results/soak-DATE.txt]
"""

from __future__ import annotations

import argparse
import base64
import http.client
import json
import os
import random
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Kind:
    name: str
    rate: float
    threads: int
    expect: int
    latencies: list[float] = field(default_factory=list)
    statuses: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    per_minute: dict[int, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors_per_minute: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    dropped: int = 0
    next_index: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def claim(self) -> int:
        with self.lock:
            index = self.next_index
            self.next_index += 1
            return index


def rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == pid:
            found.append(int(entry.name))
    return sorted(found)


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))]


class Driver:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        targets = json.loads(Path(args.targets).read_text())
        self.token = targets["token"]  # the list reads: the provincial centre's desk officer
        self.intakes = [(t["token"], json.dumps(t["body"], ensure_ascii=False)) for t in targets["intakes"]]
        self.pdf_rest = targets["pdf_rest"]
        self.codes: list[str] = list(targets["codes"])
        self.codes_lock = threading.Lock()
        self.run = int(time.time()) % 1_000_000
        self.kinds = [
            Kind("intake", args.intake_rate, args.intake_threads, 201),
            Kind("lookup", args.lookup_rate, args.lookup_threads, 200),
            Kind("list", args.list_rate, args.list_threads, 200),
        ]
        self.start = time.perf_counter() + 1.0
        self.end = self.start + args.seconds
        self.samples: list[tuple[float, dict[str, list[int]]]] = []

    # --- requests ---------------------------------------------------------------------------------
    def request(self, kind: Kind, index: int) -> tuple[str, str, bytes, dict[str, str]]:
        if kind.name == "intake":
            token, text = self.intakes[index % len(self.intakes)]  # round-robin over the desks
            for k in (1, 2, 3):
                first = f"%PDF-1.4\n%s{self.run:06d}{index:08d}{k}\n".encode()  # 27 bytes: base64 concatenates
                text = text.replace(f"__SCAN{k}__", base64.b64encode(first).decode() + self.pdf_rest)
            headers = {
                "Authorization": f"Token {token}",
                "Content-Type": "application/json",
                "Idempotency-Key": f"soak-{self.run}-{index}",
            }
            return "POST", "/api/v1/dossiers/", text.encode(), headers
        if kind.name == "lookup":
            with self.codes_lock:
                code = random.choice(self.codes) if self.codes else "000.00.00.H15-000000-0001"
            return "GET", f"/tra-cuu/?ma={code}", b"", {}
        return "GET", "/api/v1/dossiers/?page_size=25", b"", {"Authorization": f"Token {self.token}"}

    def send(self, conn: http.client.HTTPConnection, method: str, path: str, body: bytes, headers: dict[str, str]):
        conn.request(method, path, body=body or None, headers=headers)
        response = conn.getresponse()
        data = response.read()
        return response.status, data

    def worker(self, kind: Kind) -> None:
        port = self.args.port
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=self.args.timeout)
        fresh = True
        while True:
            index = kind.claim()
            due = self.start + index / kind.rate
            if due >= self.end:
                break
            delay = due - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            elif -delay > self.args.late_cap:
                with kind.lock:
                    kind.dropped += 1
                continue
            method, path, body, headers = self.request(kind, index)
            status, data = "", b""
            for attempt in (1, 2):
                try:
                    code, data = self.send(conn, method, path, body, headers)
                    status = str(code)
                    fresh = False
                    break
                except (OSError, http.client.HTTPException) as error:
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=self.args.timeout)
                    # An idle keep-alive connection closed by the server: reopen once (not a server error).
                    reused_and_closed = not fresh and isinstance(
                        error, (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError)
                    )
                    fresh = True
                    if attempt == 1 and reused_and_closed:
                        continue
                    status = type(error).__name__
                    break
            took = time.perf_counter() - due
            minute = int((due - self.start) // 60)
            with kind.lock:
                kind.latencies.append(took)
                kind.statuses[status] += 1
                kind.per_minute[minute].append(took)
                if status != str(kind.expect):
                    kind.errors_per_minute[minute] += 1
            if kind.name == "intake" and status == "201":
                try:
                    code = json.loads(data)["code"]
                except (ValueError, KeyError):
                    continue
                with self.codes_lock:
                    self.codes.append(code)
        conn.close()

    # --- memory -----------------------------------------------------------------------------------
    def sample(self) -> None:
        rss: dict[str, list[int]] = {}
        if self.args.gunicorn_pid:
            rss["gunicorn workers"] = [rss_kb(pid) for pid in children(self.args.gunicorn_pid)]
            rss["gunicorn master"] = [rss_kb(self.args.gunicorn_pid)]
        for label_pid in self.args.watch_pid:
            label, _, pid = label_pid.partition("=")
            pids = [int(pid)] + children(int(pid))
            rss[label] = [rss_kb(p) for p in pids]
        self.samples.append((time.perf_counter() - self.start, rss))

    def sampler(self, stop: threading.Event) -> None:
        while not stop.wait(self.args.sample):
            self.sample()

    # --- run --------------------------------------------------------------------------------------
    def go(self) -> str:
        self.sample()
        load_before = Path("/proc/loadavg").read_text().split()[:3]
        stop = threading.Event()
        sampler = threading.Thread(target=self.sampler, args=(stop,), daemon=True)
        sampler.start()
        threads = [
            threading.Thread(target=self.worker, args=(kind,), daemon=True)
            for kind in self.kinds
            if kind.rate > 0
            for _ in range(kind.threads)
        ]
        for thread in threads:
            thread.start()
        deadline = self.end + self.args.late_cap + self.args.timeout + 5
        for thread in threads:
            thread.join(max(0.1, deadline - time.perf_counter()))
        stop.set()
        elapsed = time.perf_counter() - self.start
        self.sample()
        load_after = Path("/proc/loadavg").read_text().split()[:3]
        return self.report(elapsed, load_before, load_after)

    def report(self, elapsed: float, load_before: list[str], load_after: list[str]) -> str:
        a = self.args
        lines = [
            f"S1 soak: {a.seconds:.0f} s planned, {elapsed:.0f} s run; offered intake {a.intake_rate}/s, "
            f"lookup {a.lookup_rate}/s, list {a.list_rate}/s; load average before {' '.join(load_before)}, "
            f"after {' '.join(load_after)}",
            "",
            "kind    offered  sent    ok      errors  error%  dropped  achieved/s  p50 ms  p95 ms  p99 ms  max ms  "
            "statuses",
        ]
        summary = {}
        for kind in self.kinds:
            ms = [x * 1000 for x in kind.latencies]
            sent = len(ms)
            ok = kind.statuses.get(str(kind.expect), 0)
            errors = sent - ok
            offered = int(kind.rate * a.seconds)
            error_rate = 100.0 * (errors + kind.dropped) / max(1, sent + kind.dropped)
            summary[kind.name] = (ok / elapsed, pct(ms, 50), pct(ms, 95), pct(ms, 99), error_rate)
            lines.append(
                f"{kind.name:<7} {offered:<8} {sent:<7} {ok:<7} {errors:<7} {error_rate:<7.3f} {kind.dropped:<8} "
                f"{ok / elapsed:<11.1f} {pct(ms, 50):<7.1f} {pct(ms, 95):<7.1f} {pct(ms, 99):<7.1f} "
                f"{(max(ms) if ms else float('nan')):<7.1f} {dict(kind.statuses)}"
            )
        lines += ["", "per minute (ok/s; p95 ms; errors) — a soak should be flat:"]
        minutes = sorted({m for kind in self.kinds for m in kind.per_minute})
        header = "minute  " + "  ".join(f"{k.name:>26}" for k in self.kinds)
        lines.append(header)
        for minute in minutes:
            cells = []
            for kind in self.kinds:
                values = [x * 1000 for x in kind.per_minute.get(minute, [])]
                errors = kind.errors_per_minute.get(minute, 0)
                cells.append(f"{(len(values) - errors) / 60:>8.1f}/s {pct(values, 95):>8.1f} ms {errors:>4} err")
            lines.append(f"{minute:>6}  " + "  ".join(cells))
        lines += ["", "RSS (MB) over the run:"]
        for at, rss in self.samples:
            parts = [f"{label} " + "/".join(f"{kb / 1024:.0f}" for kb in values) for label, values in rss.items()]
            lines.append(f"  t={at:>6.0f} s  " + "; ".join(parts))
        if self.samples:
            first, last = self.samples[0][1], self.samples[-1][1]
            for label in first:
                before = "/".join(f"{kb / 1024:.0f}" for kb in first[label])
                after = "/".join(f"{kb / 1024:.0f}" for kb in last.get(label, []))
                lines.append(f"RSS {label}: before {before} MB, after {after} MB")
        parts = []
        for name, (rate, p50, p95, p99, err) in summary.items():
            parts.append(f"{name} {rate:.1f}/s p50={p50:.0f} p95={p95:.0f} p99={p99:.0f}ms err={err:.2f}%")
        lines.append("RESULT " + "; ".join(parts))
        return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--seconds", type=float, default=600)
    parser.add_argument("--targets", required=True)
    parser.add_argument("--intake-rate", type=float, default=20)
    parser.add_argument("--lookup-rate", type=float, default=400)
    parser.add_argument("--list-rate", type=float, default=5)
    parser.add_argument("--intake-threads", type=int, default=32)
    parser.add_argument("--lookup-threads", type=int, default=24)
    parser.add_argument("--list-threads", type=int, default=4)
    parser.add_argument("--timeout", type=float, default=30)
    parser.add_argument("--late-cap", type=float, default=10, help="seconds behind due before a request is dropped")
    parser.add_argument("--sample", type=float, default=60, help="seconds between RSS samples")
    parser.add_argument("--gunicorn-pid", type=int, default=0)
    parser.add_argument("--watch-pid", action="append", default=[], help="label=pid, e.g. celery=1234")
    parser.add_argument("--out", default="")
    args = parser.parse_args()
    text = Driver(args).go()
    print(text, end="")
    if args.out:
        with open(args.out, "a", encoding="utf-8") as out:
            out.write(text)
    os._exit(0)  # threads still blocked on a dead server must not hold the process


if __name__ == "__main__":
    main()
