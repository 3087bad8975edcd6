"""B8: warm render time of the receipt (Mẫu 01, two A5 copies with QR) from its snapshot.

Run:  .venv/bin/python bench/b8_receipt_pdf.py [--runs 30]
No database: the snapshot dict is what `form_issue` stores, and `render_form` is what `form_pdf` calls
before storing the bytes. Baseline in the same run: WeasyPrint rendering a one-line HTML page.
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()
# The project logging config prints WeasyPrint's per-step INFO progress lines; they are not the render.
logging.getLogger("weasyprint").setLevel(logging.WARNING)

from weasyprint import HTML  # noqa: E402

from motcua.dossiers.forms.qr import qr_target  # noqa: E402
from motcua.dossiers.forms.render import render_form  # noqa: E402

CODE = "000.00.00.H56-260212-0042"
SNAPSHOT = {
    "key": "receipt",
    "form_set": "03/2025",
    "number": "01",
    "title": "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
    "issue_no": 1,
    "issued_at": "2026-02-12T10:05:00+07:00",
    "officer_name": "Lê Văn Tiếp",
    "header": {
        "upper": "Ủy ban nhân dân xã Tả Van",
        "lower": "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ",
        "name": "Bộ phận tiếp nhận và trả kết quả",
        "place": "Tả Van",
    },
    "code": CODE,
    "qr_target": qr_target(CODE),
    "applicant": {
        "kind": "person",
        "name": "Nguyễn Thị Hoà",
        "organisation": "",
        "address": "Số 5 đường Hoàng Liên, xã Tả Van, tỉnh Lào Cai",
        "phone": "0912345678",
        "email": "hoa.nguyen@example.vn",
    },
    "procedure": {"code": "1.001193", "name": "Đăng ký khai sinh"},
    "subject": "Đăng ký khai sinh",
    "components": [
        {"name": "Tờ khai đăng ký khai sinh theo mẫu", "original_qty": 1, "copy_qty": 0},
        {"name": "Giấy chứng sinh", "original_qty": 1, "copy_qty": 0},
        {"name": "Giấy chứng nhận kết hôn của cha mẹ", "original_qty": 0, "copy_qty": 1},
    ],
    "sets_count": 1,
    "duration": {"value": "1.0", "unit": "working_days"},
    "received_at": "2026-02-12T10:05:00+07:00",
    "due_at": "2026-02-13T10:05:00+07:00",
    "due_date": "2026-02-13",
    "return": {"method": "counter", "label": "Tại Bộ phận một cửa xã Tả Van, thôn Tả Van Mông"},
    "register": {"year": 2026, "no": 42},
    "desk": {"name": "Bộ phận một cửa xã Tả Van", "address": "Thôn Tả Van Mông", "phone": ""},
    "receiving_agency": "Ủy ban nhân dân xã Tả Van",
    "competent_agency": "Ủy ban nhân dân xã Tả Van",
    "extra": {},
}


def timings(fn: Callable[[], object], runs: int, warmups: int = 3) -> tuple[list[float], list[float]]:
    """(wall ms, CPU ms) per call after `warmups` untimed calls; CPU time is steadier on a shared machine."""
    for _ in range(warmups):
        fn()
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return wall, cpu


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    start = time.perf_counter()
    size = len(render_form(SNAPSHOT))
    cold = (time.perf_counter() - start) * 1000
    receipt, receipt_cpu = timings(lambda: render_form(SNAPSHOT), args.runs)
    baseline, baseline_cpu = timings(lambda: HTML(string="<p>Xin chào</p>").write_pdf(), args.runs)
    med, base = statistics.median(receipt), statistics.median(baseline)
    print(f"B8 receipt PDF ({size} bytes, 2 A5 pages, QR): cold {cold:.0f} ms")
    print(f"  warm median {med:.0f} ms, p95 {p95(receipt):.0f} ms over {args.runs} renders (target <= 300 ms)")
    print(f"  baseline one-line page: median {base:.0f} ms, p95 {p95(baseline):.0f} ms")
    cpu, cpu_base = statistics.median(receipt_cpu), statistics.median(baseline_cpu)
    print(f"  ratio {med / base:.1f}x (CPU time: {cpu:.0f} ms / {cpu_base:.0f} ms)")


if __name__ == "__main__":
    main()
