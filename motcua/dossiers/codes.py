"""Dossier codes `<agency identifier>-YYMMDD-XXXX` and register entries, gap-free under concurrency.

The sequence row of (agency, day) is created if missing, then locked and bumped with an UPDATE in
the intake transaction; a rollback gives the number back. After 9999 the number widens to five
digits; beyond 99999 intake fails loudly (documents-and-codes.md §1).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Model
from django.utils.translation import gettext as _

from motcua.org.models import Agency, Desk

from .errors import DossierError
from .models import CodeSequence, RegisterSequence

CODE_RE = re.compile(r"^(?P<agency>[0-9A-Z.]+)-(?P<day>\d{6})-(?P<seq>\d{4,5})$")
MAX_PER_DAY = 99_999


def sequence_next(model: type[Model], **key: Any) -> int:
    """The next number of a sequence row (a model with a `last` column), created if missing.

    The UPDATE … SET last = last + 1 takes the row lock until the caller's transaction commits or
    rolls back, so numbers have no gaps and no repeats (dossier codes, register entries, PAKN codes).
    """
    rows = model._default_manager.filter(**key)
    try:
        with transaction.atomic():
            model._default_manager.get_or_create(**key)
    except IntegrityError:  # a concurrent writer created it first; it exists now
        pass
    rows.update(last=F("last") + 1)
    return int(rows.values_list("last", flat=True).get())


def code_allocate(*, agency: Agency, day: dt.date) -> str:
    number = sequence_next(CodeSequence, agency=agency, day=day)
    if number > MAX_PER_DAY:
        raise DossierError(
            _("The daily limit of %(max)s dossier codes for this agency is reached.") % {"max": MAX_PER_DAY},
            code="code_exhausted",
        )
    return f"{agency.code}-{day:%y%m%d}-{number:04d}"


def register_allocate(*, desk: Desk, year: int) -> int:
    return sequence_next(RegisterSequence, desk=desk, year=year)


def code_normalise(raw: str) -> str:
    """What a person types or a scanner reads → the stored form (trim, uppercase, no spaces)."""
    return re.sub(r"\s+", "", raw or "").upper()


def code_parse(code: str) -> tuple[str, dt.date, int] | None:
    match = CODE_RE.match(code_normalise(code))
    if not match:
        return None
    try:
        day = dt.datetime.strptime(match["day"], "%y%m%d").date()  # noqa: DTZ007 - a date, no time
    except ValueError:
        return None
    return match["agency"], day, int(match["seq"])
