"""Citizen ID validation (documents-and-codes.md §8)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

# The 63 pre-2025 province codes used in the first three digits of a citizen ID (Circular 59/2021).
_PROVINCE_CODES = (
    "001 002 004 006 008 010 011 012 014 015 017 019 020 022 024 025 "
    "026 027 030 031 033 034 035 036 037 038 040 042 044 045 046 048 "
    "049 051 052 054 056 058 060 062 064 066 067 068 070 072 074 075 "
    "077 079 080 082 083 084 086 087 089 091 092 093 094 095 096"
)
CCCD_PROVINCES = frozenset(_PROVINCE_CODES.split())
CENTURY = {0: 1900, 1: 1900, 2: 2000, 3: 2000, 4: 2100, 5: 2100, 6: 2200, 7: 2200, 8: 2300, 9: 2300}


@dataclass
class IdCheck:
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    birth_year: int | None = None
    female: bool | None = None


def cccd_check(number: str, *, birth_date: dt.date | None = None, today: dt.date | None = None) -> IdCheck:
    """Errors make the number unusable; warnings (sex parity) are only shown."""
    check = IdCheck()
    if not re.fullmatch(r"\d{12}", number):
        check.errors.append(_("A citizen ID number has exactly 12 digits."))
        return check
    if number[:3] not in CCCD_PROVINCES:
        check.errors.append(_("The first three digits (%(code)s) are not a province code.") % {"code": number[:3]})
    digit = int(number[3])
    check.female = digit % 2 == 1
    check.birth_year = CENTURY[digit] + int(number[4:6])
    today = today or timezone.localdate()
    if check.birth_year > today.year:
        check.errors.append(_("The birth year in the number (%(year)s) is in the future.") % {"year": check.birth_year})
    elif birth_date and birth_date.year != check.birth_year:
        check.errors.append(
            _("The birth year in the number (%(year)s) differs from the date of birth.") % {"year": check.birth_year}
        )
    return check


def id_check(id_type: str, number: str, *, birth_date: dt.date | None = None) -> IdCheck:
    number = number.strip()
    if id_type == "cccd":
        return cccd_check(number, birth_date=birth_date)
    check = IdCheck()
    if id_type == "cmnd":
        if not re.fullmatch(r"\d{9}", number):
            check.errors.append(_("An old ID card number has exactly 9 digits."))
        else:
            check.warnings.append(_("Old 9-digit ID card: ask for the citizen ID card if the applicant has one."))
    elif id_type == "enterprise":
        if not re.fullmatch(r"\d{10}(-\d{3})?", number):
            check.errors.append(_("An enterprise code has 10 digits, branches add -NNN."))
    elif id_type == "passport":
        if not re.fullmatch(r"[A-Z0-9]{6,12}", number.upper()):
            check.errors.append(_("A passport number has 6 to 12 letters or digits."))
    else:
        check.errors.append(_("Unknown ID type."))
    return check
