"""B6 check after a run: per group, the numbers issued are exactly 1..N (no duplicate, no gap), and
one ticket per Idempotency-Key. Prints one RESULT line and exits 1 on any fault."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
django.setup()

from django.db.models import Count, Max  # noqa: E402

from motcua.queueing.models import QueueTicket  # noqa: E402

tickets = QueueTicket.objects.filter(desk__code="B6-TTPVHCC")
faults = 0
total = 0
for row in tickets.values("issued_group__prefix").annotate(
    n=Count("id"), top=Max("number"), distinct=Count("number", distinct=True)
):
    total += row["n"]
    ok = row["n"] == row["top"] == row["distinct"]
    faults += not ok
    verdict = "ok" if ok else "FAULT"
    prefix = row["issued_group__prefix"]
    print(f"group {prefix}: {row['n']} tickets, top {row['top']}, {row['distinct']} distinct: {verdict}")
keys = tickets.exclude(client_key="").values("client_key").annotate(n=Count("id")).filter(n__gt=1).count()
faults += keys
print(f"RESULT tickets={total} groups_faulty={faults - keys} duplicate_keys={keys}")
sys.exit(1 if faults else 0)
