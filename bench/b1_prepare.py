"""B1 set-up: desk officers' tokens and create bodies with 3 checklist lines, each with a PDF scan.

Run by bench/run_b1.sh. Writes results/b1_targets.tsv, one line per desk: "token<TAB>body JSON".
By default one desk, the provincial centre (every request takes the same agency's code sequence);
with SPREAD=1 also the twelve demo commune desks (one officer each), as when many desks receive at
once. Each desk's procedure is the first published version in force today that it receives at the
counter, decided by one agency, with at least 3 components of which at most 3 are required. Scans
are placeholders `__SCAN1__`…: the load generators put a different small PDF in each (a unique
first line before a fixed ~3 KB body), so every dossier stores its own files, as at a real counter.
Prints shell assignments (PROCEDURE=…, AGENCY_IDS=…).
"""

from __future__ import annotations

import base64
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import django  # noqa: E402

django.setup()

from django.db.models import Count, Q  # noqa: E402
from django.utils import timezone  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402

from motcua.catalog.choices import VersionStatus  # noqa: E402
from motcua.catalog.models import ProcedureVersion  # noqa: E402
from motcua.catalog.selectors import version_in_force  # noqa: E402
from motcua.org import demo as org_demo  # noqa: E402
from motcua.org.models import Desk, User  # noqa: E402

RESULTS = Path(os.environ.get("RESULTS", Path(__file__).parent / "results"))
DESK, OFFICER = "LCI-TTPVHCC", "motcua.tinh"
# The fixed part of every scan: a small one-page PDF padded to about 3 KB (a compressed scan's size class).
PDF_BODY = (
    b"1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    + b"% "
    + b"0" * 3000
    + b"\n"
    + b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
PREFIX = b"%PDF-1.4\n%"  # + 16 unique characters + "\n" = 27 bytes, a multiple of 3: base64 concatenates


def version(desk: Desk) -> ProcedureVersion:
    today = timezone.localdate()
    level = "province" if desk.code == DESK else "commune"
    agencies = {"agencies": desk.agency} if level == "commune" else {}
    candidates = (
        ProcedureVersion.objects.filter(
            status=VersionStatus.PUBLISHED, accepts_counter=True, levels__contains=[level], **agencies
        )
        .exclude(time_unit="")
        .annotate(
            n=Count("components", distinct=True),
            required=Count("components", filter=Q(components__required=True), distinct=True),
            agencies_n=Count("agencies", distinct=True),
        )
        .filter(n__gte=3, required__lte=3, required__gte=1, agencies_n=1)
        .order_by("procedure__code")
    )
    for candidate in candidates:
        in_force = version_in_force(code=candidate.procedure.code, on=today)
        if in_force is not None and in_force.pk == candidate.pk:
            return candidate
    sys.exit("No suitable published procedure: run seed_demo first.")


def body(v: ProcedureVersion, desk: Desk) -> dict:
    components = list(v.components.order_by("-required", "order"))[:3]
    return {
        "desk": desk.code,
        "procedure": v.procedure.code,
        "applicant": {
            "name": "Nguyễn Thị Hoà",
            "id_type": "cccd",
            "id_number": "010190012345",
            "phone": "0912345678",
            "email": "hoa@example.vn",
            "address": "Tổ 5, Phường Yên Bái, tỉnh Lào Cai",
        },
        "return_method": "counter",
        "components": [
            {
                "order": c.order,
                "received": True,
                "original_qty": 1,
                "scans": [{"name": f"thanh-phan-{c.order}.pdf", "content_base64": f"__SCAN{k}__"}],
            }
            for k, c in enumerate(sorted(components, key=lambda c: c.order), start=1)
        ],
    }


def main() -> None:
    desks = [(Desk.objects.get(code=DESK), OFFICER)]
    if os.environ.get("SPREAD") == "1":
        for code in org_demo.DEMO_COMMUNES:
            desks.append((Desk.objects.get(code=f"LCI-{code}"), f"motcua.x{code}.1"))
    lines, agencies, names = [], [], []
    for desk, username in desks:
        token, _ = Token.objects.get_or_create(user=User.objects.get(username=username))
        v = version(desk)
        lines.append(f"{token.key}\t{json.dumps(body(v, desk), ensure_ascii=False)}\n")
        agencies.append(str(desk.agency_id))
        names.append(v.procedure.code)
    (RESULTS / "b1_targets.tsv").write_text("".join(lines))
    (RESULTS / "b1_pdf_rest.b64").write_text(base64.b64encode(PDF_BODY).decode())
    print(f"PROCEDURE='{len(desks)} desk(s); procedures {' '.join(sorted(set(names)))}'")
    print(f"AGENCY_IDS='{' '.join(agencies)}'")


if __name__ == "__main__":
    main()
