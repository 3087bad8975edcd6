"""Applying a calendar change to open dossiers (deadlines.md §1).

When an administrator edits a published calendar, open dossiers whose clock ran over a changed
day are recomputed with the new version: a later due date replaces the old one and the applicant
is told; an earlier one is ignored, because a promise made on the receipt is never shortened.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from motcua.calendars.engine import Due, due_compute, due_pause
from motcua.calendars.models import CalendarVersion
from motcua.calendars.selectors import working_time_for
from motcua.catalog.choices import SupplementMode

from ..choices import OPEN_STATES
from ..deadline import DUE_FIELDS, cutoff, due_store
from ..models import Dossier
from ._base import dossier_lock, dossier_save, history_append

PAUSES = {"request_supplement": "complete_supplement", "request_obligation": "obligation_met"}


def _pauses(dossier: Dossier) -> list[tuple[dt.datetime, dt.datetime]]:
    """Closed pauses after the current clock start, from the history (pause-mode supplements, obligations)."""
    wanted = set()
    if dossier.supplement_mode == SupplementMode.PAUSE:
        wanted.add("request_supplement")
    if settings.MOTCUA.get("OBLIGATION_PAUSES_CLOCK", True):
        wanted.add("request_obligation")
    pauses, opened = [], None
    for action, at in dossier.history.order_by("seq").values_list("action", "at"):
        if action in wanted:
            opened = (action, at)
        elif opened and PAUSES[opened[0]] == action:
            if dossier.clock_start and opened[1] >= dossier.clock_start:
                pauses.append((opened[1], at))
            opened = None
    return pauses


def _fresh_due(dossier: Dossier, version: int) -> Due:
    assert dossier.clock_start is not None and dossier.received_at is not None
    wt = working_time_for(agency=dossier.receiving_agency_id, on=dossier.received_at.date(), version=version)
    due = due_compute(
        wt=wt,
        start=dossier.clock_start,
        value=dossier.duration_value or 0,
        unit=dossier.duration_unit,
        channel=dossier.channel,
        same_day_cutoff=cutoff(),
    )
    for paused_from, resumed_at in _pauses(dossier):
        due = due_pause(wt=wt, due=due, paused_from=paused_from, resumed_at=resumed_at, reason="recompute")
    return due


def dossier_recompute_due(*, dossier: Dossier, version: int, actor: Any = None) -> bool:
    """Recompute one open dossier under calendar `version`; True if its dates moved later."""
    with transaction.atomic():
        dossier = dossier_lock(dossier)
        if dossier.state not in OPEN_STATES or dossier.clock_start is None or dossier.legal_due_at is None:
            return False
        fresh = _fresh_due(dossier, version)
        if fresh.due_at <= dossier.legal_due_at:
            return False  # an earlier date is ignored: the promise is never shortened
        before = dossier.due_at
        rescheduled = dossier.due_date if dossier.due_date != dossier.legal_due_date else None
        due_store(dossier, fresh, legal=True, version=version)
        if rescheduled and rescheduled > fresh.due_date:
            dossier.due_date = rescheduled  # the apology's later date still stands
            dossier.due_at = before
        dossier.due_explanation = {
            **dossier.due_explanation,
            "recomputed": {
                "calendar_version": version,
                "at": timezone.now().isoformat(),
                "previous_due": before.isoformat() if before else None,
            },
        }
        dossier_save(dossier, DUE_FIELDS)
        history_append(
            dossier,
            action="calendar_recompute",
            actor=actor,
            at=timezone.now(),
            from_state=dossier.state,
            reason=f"calendar version {version}",
            due_before=before,
            due_after=dossier.due_at,
            data={"calendar_version": version},
        )
    return True


def dossiers_recompute_for_calendar(*, version: CalendarVersion, actor: Any = None) -> int:
    """Recompute every open dossier whose clock may have run over a changed date; returns how many moved."""
    dates = sorted(version.changed_dates)
    since = version.schedule_changed_from
    if since:
        dates.append(since)
    if not dates:
        return 0
    candidates = Dossier.objects.filter(state__in=OPEN_STATES, due_date__gte=min(dates))
    if not since:
        candidates = candidates.filter(clock_start__date__lte=max(dates))
    if version.changed_agency_id is not None:  # a local closure or schedule: that agency's promises only
        candidates = candidates.filter(receiving_agency_id=version.changed_agency_id)
    moved = 0
    for pk in candidates.values_list("pk", flat=True).iterator():
        moved += dossier_recompute_due(dossier=Dossier.objects.get(pk=pk), version=version.number, actor=actor)
    return moved
