"""B4: the period report (every column A–P and the rates of reports.md §2) on the bench database.

Usage (after `bench/generate.sh N`):  bench/run_b4.sh   or
  DJANGO_SETTINGS_MODULE=config.settings.production DATABASE_URL=postgres://…/motcua_bench \
  DJANGO_SECRET_KEY=x .venv/bin/python bench/b4_report.py [--runs 15] [--today 2026-12-04]

Times `reports.selectors.period_report` in-process (warm; median and p95 of wall time) for the whole
province (a month, a quarter, a year, grouped by agency) and for the busiest agency's month, next to the
baseline of performance.md: a plain GROUP BY over the raw dossier table on the same data. Also prints
the planner's EXPLAIN ANALYZE of the province-month query. Nothing is asserted: figures go to
bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.utils import timezone  # noqa: E402

from motcua.reports.models import DossierFact  # noqa: E402
from motcua.reports.periods import Period, month, quarter, year  # noqa: E402
from motcua.reports.scope import Scope  # noqa: E402
from motcua.reports.selectors import facts_for, period_report  # noqa: E402

BASELINE = "SELECT competent_agency_id, channel, count(*) FROM dossiers_dossier GROUP BY 1, 2"


def timed(fn, runs: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    for _ in range(2):
        fn()
    samples = []
    for _ in range(runs):
        began = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - began) * 1000)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, int(len(samples) * 0.95))]


def baseline(sql: str = BASELINE) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        cursor.fetchall()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--today", type=dt.date.fromisoformat, default=None)
    parser.add_argument(
        "--baseline-table",
        default="dossiers_dossier",
        help="table of the plain GROUP BY baseline (10 M: the replicated facts, as no 10 M dossier table exists)",
    )
    args = parser.parse_args()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM dossiers_dossier")
        dossiers = cursor.fetchone()[0]
    facts = DossierFact.objects.count()
    last = DossierFact.objects.order_by("-received_on").values_list("received_on", flat=True).first()
    today = args.today or last or timezone.localdate()
    prev = month(today.year, today.month).previous()
    busiest = (
        DossierFact.objects.filter(received_on__gte=prev.start, received_on__lte=prev.end)
        .values("competent_agency_id")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .values_list("competent_agency_id", flat=True)[:1]
    )
    agency = busiest[0] if busiest else None
    cases: list[tuple[str, Scope, Period, str]] = [
        ("province, month, by agency", Scope(), prev, "agency"),
        ("province, month, total", Scope(), prev, ""),
        ("province, quarter, by agency", Scope(), quarter(prev.start.year, (prev.start.month - 1) // 3 + 1), "agency"),
        ("province, year, by agency", Scope(), year(prev.start.year), "agency"),
        ("one agency, month", Scope(agency_id=agency), prev, ""),
    ]
    print(f"dossiers {dossiers:,}, facts {facts:,}, report date {today}, agency {agency}")
    sql = f"SELECT competent_agency_id, channel, count(*) FROM {args.baseline_table} GROUP BY 1, 2"  # noqa: S608
    base = timed(lambda: baseline(sql), args.runs)
    print(f"{'baseline GROUP BY ' + args.baseline_table:<34} median {base[0]:8.1f} ms  p95 {base[1]:8.1f} ms")
    for label, scope, period, group_by in cases:

        def run(scope: Scope = scope, period: Period = period, group_by: str = group_by) -> None:
            period_report(scope=scope, period=period, group_by=group_by, today=today, with_side=False)

        med, p95 = timed(run, args.runs)
        rows = facts_for(scope, period, today).count()
        print(f"{label:<34} median {med:8.1f} ms  p95 {p95:8.1f} ms  ratio {med / base[0]:5.2f}  facts read {rows:,}")
    qs = facts_for(Scope(), prev, today)
    from motcua.reports.selectors import _annotations, bounds

    sql = qs.values("competent_agency_id").annotate(**_annotations(*bounds(prev, today))).order_by()
    with connection.cursor() as cursor:
        query, params = sql.query.sql_with_params()
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query, params)
        print("\n".join(r[0] for r in cursor.fetchall()))


if __name__ == "__main__":
    main()
