"""Checks a restored database (tests/faults/test_backup_restore.py); prints one JSON object.

Settings and database from the environment (DATABASE_URL = the restored database, MEDIA_ROOT = the
restored files). Reports:
  audit      chains verified and every problem `audit_verify_all` finds
  files      every file named by a FileField of any model (scans, forms and receipts, results, payment
             receipts, feedback attachments, exports…), and those missing from MEDIA_ROOT
  dossiers   how many; those without a history entry; those without a report fact
  codes      per (agency, day) sequence: count of codes, the sequence's `last`, gap-free or not
  registers  the same for register numbers per (desk, year)
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import django

django.setup()

from django.apps import apps  # noqa: E402
from django.conf import settings  # noqa: E402
from django.db import models  # noqa: E402

from motcua.audit.verify import audit_verify_all  # noqa: E402
from motcua.dossiers.codes import code_parse  # noqa: E402
from motcua.dossiers.models import CodeSequence, Dossier, RegisterSequence  # noqa: E402


def files() -> dict[str, object]:
    root = Path(settings.MEDIA_ROOT)
    named, missing = 0, []
    for model in apps.get_models():
        fields = [f.name for f in model._meta.get_fields() if isinstance(f, models.FileField)]
        for field in fields:
            for name in model._default_manager.exclude(**{field: ""}).values_list(field, flat=True):
                if not name:
                    continue
                named += 1
                if not (root / name).is_file():
                    missing.append(f"{model._meta.label}.{field}: {name}")
    return {"named": named, "missing": missing}


def codes() -> list[dict[str, object]]:
    numbers: dict[tuple[str, str], list[int]] = {}
    for code in Dossier.objects.exclude(code__startswith="TMP-").values_list("code", flat=True):
        parsed = code_parse(code)
        if parsed:
            numbers.setdefault((parsed[0], parsed[1].isoformat()), []).append(parsed[2])
    out = []
    for seq in CodeSequence.objects.select_related("agency"):
        got = sorted(numbers.get((seq.agency.code, seq.day.isoformat()), []))
        out.append(
            {
                "sequence": f"{seq.agency.code} {seq.day}",
                "codes": len(got),
                "last": seq.last,
                "gap_free": got == list(range(1, seq.last + 1)),
            }
        )
    return out


def registers() -> list[dict[str, object]]:
    counts = Counter(Dossier.objects.exclude(register_no__isnull=True).values_list("desk_id", "register_year"))
    return [
        {"sequence": f"desk {s.desk_id} {s.year}", "entries": counts[(s.desk_id, s.year)], "last": s.last}
        for s in RegisterSequence.objects.all()
    ]


def main() -> None:
    chains, problems = audit_verify_all()
    dossiers = Dossier.objects.exclude(code__startswith="TMP-")
    report = {
        "audit": {"chains": chains, "problems": [str(p) for p in problems]},
        "files": files(),
        "dossiers": {
            "count": dossiers.count(),
            "without_history": list(dossiers.filter(history__isnull=True).values_list("code", flat=True)),
            "without_fact": list(dossiers.filter(report_fact__isnull=True).values_list("code", flat=True)),
        },
        "codes": codes(),
        "registers": registers(),
    }
    print(json.dumps(report, default=str))


if __name__ == "__main__":
    main()
