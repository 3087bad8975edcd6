"""B2 set-up and in-process checks: a real code, the query count of its lookup, the raw SQL time.

Run by bench/run_b2.sh (settings, database and cache from its environment). Picks the newest dossier
being processed (it has an active step, so the lookup's step subqueries do real work), then, in this
process:
- checks the page answers 200 with the code and counts its queries (code alone: 1, whatever the dossier);
- times the lookup's SQL as Django sends it with EXPLAIN ANALYZE (the raw-SQL baseline; median of 15).
Prints shell assignments (CODE=…, QUERIES=…, SQL_MS=…) for the script to eval.
"""

from __future__ import annotations

import os
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from motcua.dossiers.models import Dossier  # noqa: E402

RESULTS = Path(os.environ.get("RESULTS", Path(__file__).parent / "results"))


def real_code() -> str:
    code = (
        Dossier.objects.filter(state="processing", code__isnull=False)
        .order_by("-id")
        .values_list("code", flat=True)
        .first()
    )
    if code is None:
        sys.exit("No dossier being processed: generate dossiers first (bench/generate.sh).")
    return code


def main() -> None:
    code = real_code()
    client = Client()
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/tra-cuu/", {"ma": code})
    if response.status_code != 200 or code not in response.content.decode():
        sys.exit(f"The lookup of {code} answered {response.status_code}: is the per-IP limit raised?")
    sql = queries.captured_queries[-1]["sql"]
    timings = []
    with connection.cursor() as cursor:
        for _ in range(15):
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
            plan = cursor.fetchone()[0][0]
            timings.append(plan["Planning Time"] + plan["Execution Time"])
        cursor.execute("EXPLAIN ANALYZE " + sql)
        text = "\n".join(row[0] for row in cursor.fetchall())
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "b2_lookup_sql.txt").write_text(f"{sql}\n\n{text}\n", encoding="utf-8")
    print(f"CODE={code}")
    print(f"QUERIES={len(queries.captured_queries)}")
    print(f"SQL_MS={statistics.median(timings):.2f}")


if __name__ == "__main__":
    main()
