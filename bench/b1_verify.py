"""After B1: today's dossier codes of each receiving agency are gap-free (count == last sequence == max number).

Usage: b1_verify.py AGENCY_ID [AGENCY_ID…]"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import django  # noqa: E402

django.setup()

from django.utils import timezone  # noqa: E402

from motcua.dossiers.codes import code_parse  # noqa: E402
from motcua.dossiers.models import CodeSequence, Dossier  # noqa: E402
from motcua.org.models import Agency  # noqa: E402


def check(agency: Agency) -> bool:
    day = timezone.localdate()
    prefix = f"{agency.code}-{day:%y%m%d}-"
    numbers = sorted(
        code_parse(c)[2] for c in Dossier.objects.filter(code__startswith=prefix).values_list("code", flat=True)
    )
    last = CodeSequence.objects.filter(agency=agency, day=day).values_list("last", flat=True).first() or 0
    gap_free = numbers == list(range(1, len(numbers) + 1)) and last == len(numbers)
    print(
        f"codes {prefix}*: {len(numbers)} dossiers, sequence last={last}, max={numbers[-1] if numbers else 0} "
        f"-> {'gap-free' if gap_free else 'GAPS OR MISMATCH'}"
    )
    return gap_free


def main() -> None:
    results = [check(Agency.objects.get(pk=int(pk))) for pk in sys.argv[1:]]
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
