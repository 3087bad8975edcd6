"""The dossier side of deadlines: which calendar applies, and storing a computed `Due` on the dossier.

All arithmetic is in `motcua.calendars.engine`; this module only picks inputs and copies outputs.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from motcua.calendars.engine import Due, WorkingTime
from motcua.calendars.selectors import working_time_for
from motcua.org.models import Agency

from .models import Dossier


def cutoff() -> dt.time:
    hours, minutes = settings.MOTCUA.get("SAME_DAY_CUTOFF", "15:00").split(":")
    return dt.time(int(hours), int(minutes))


def wt_for(agency: Agency | int | None, on: dt.date | None = None) -> WorkingTime:
    agency_obj = agency if isinstance(agency, Agency) or agency is None else Agency(pk=agency)
    return working_time_for(agency=agency_obj, on=on or timezone.localdate())


def dossier_wt(dossier: Dossier) -> WorkingTime:
    """The receiving desk's calendar makes the promise on Mẫu 01 (deadlines.md §2)."""
    return wt_for(dossier.receiving_agency_id, (dossier.received_at or timezone.now()).date())


def due_of(dossier: Dossier) -> Due:
    """The dossier's current due as an engine value (to restart, pause or reschedule it)."""
    assert dossier.received_at and dossier.clock_start and dossier.clock_end and dossier.due_date and dossier.due_at
    minutes = None
    if dossier.duration_unit in ("working_days", "working_hours") and dossier.duration_value is not None:
        factor = 480 if dossier.duration_unit == "working_days" else 60
        minutes = int(Decimal(dossier.duration_value) * factor)
    return Due(
        start=dossier.received_at,
        clock_start=dossier.clock_start,
        clock_end=dossier.clock_end,
        due_date=dossier.due_date,
        due_at=dossier.due_at,
        minutes=minutes,
        explanation=dossier.due_explanation,
    )


def due_store(dossier: Dossier, due: Due, *, legal: bool = True, original: bool = False, version: int = 0) -> None:
    dossier.clock_start = due.clock_start
    dossier.clock_end = due.clock_end
    dossier.due_date = due.due_date
    dossier.due_at = due.due_at
    dossier.due_explanation = due.explanation
    if version:
        dossier.calendar_version = version
    if legal:
        dossier.legal_due_date = due.due_date
        dossier.legal_due_at = due.due_at
    if original:
        dossier.original_due_date = due.due_date


DUE_FIELDS = [
    "clock_start",
    "clock_end",
    "due_date",
    "due_at",
    "due_explanation",
    "calendar_version",
    "legal_due_date",
    "legal_due_at",
    "original_due_date",
]
