"""S1 soak set-up: the intake target (B1's), a staff token for the list reads, and codes to look up.

Run by bench/run_soak.sh with its environment (database $BENCH_DB, production settings). Reuses
bench/b1_prepare.py for the desk officer's token and the create body (3 scans as placeholders), gives
the same officer's token to the list reads (his desk's dossiers), and writes up to 500 existing codes
for the public lookups (the dossiers made during the run are looked up too). With SPREAD=1 the intakes go
round-robin to B1's thirteen desks of thirteen agencies (each its own code sequence). Writes
results/soak_targets.json; prints shell assignments (AGENCY_ID=…, CODES=…).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import django  # noqa: E402

django.setup()

import b1_prepare  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402

from motcua.dossiers.models import Dossier  # noqa: E402
from motcua.org.models import Desk, User  # noqa: E402

RESULTS = Path(os.environ.get("RESULTS", Path(__file__).parent / "results"))


def main() -> None:
    desk = Desk.objects.get(code=b1_prepare.DESK)
    token, _ = Token.objects.get_or_create(user=User.objects.get(username=b1_prepare.OFFICER))
    version = b1_prepare.version(desk)
    desks = [(desk, token, version)]
    if os.environ.get("SPREAD") == "1":  # as B1's SPREAD=1: also the twelve demo commune desks
        for code in b1_prepare.org_demo.DEMO_COMMUNES:
            commune = Desk.objects.get(code=f"LCI-{code}")
            officer, _ = Token.objects.get_or_create(user=User.objects.get(username=f"motcua.x{code}.1"))
            desks.append((commune, officer, b1_prepare.version(commune)))
    codes = list(Dossier.objects.exclude(code__startswith="TMP-").order_by("-id").values_list("code", flat=True)[:500])
    targets = {
        "token": token.key,
        "intakes": [{"token": t.key, "body": b1_prepare.body(v, d)} for d, t, v in desks],
        "pdf_rest": b1_prepare.base64.b64encode(b1_prepare.PDF_BODY).decode(),
        "codes": codes,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "soak_targets.json").write_text(json.dumps(targets, ensure_ascii=False))
    print(f"AGENCY_ID='{' '.join(str(d.agency_id) for d, _, _ in desks)}'")
    print(f"CODES={len(codes)}")
    print(f"PROCEDURE='{len(desks)} desk(s); {' '.join(sorted({v.procedure.code for _, _, v in desks}))}'")


if __name__ == "__main__":
    main()
