"""PAKN time limits in working days over the agency's calendar (services.md §5; Decision 766):
refuse ≤ 2, request more information ≤ 5, answer ≤ 15 from receipt or forwarding; publish ≤ 2 after
answering. `settings.MOTCUA["PAKN_DEADLINES"]` overrides any of them."""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from motcua.calendars.engine import due_compute
from motcua.calendars.selectors import working_time_for

DEFAULTS = {"refuse": 2, "supplement": 5, "answer": 15, "publish": 2}


def limit(stage: str) -> int:
    return int(settings.MOTCUA.get("PAKN_DEADLINES", {}).get(stage, DEFAULTS[stage]))


def due_after(*, agency_id: int, start: dt.datetime, stage: str) -> dt.datetime:
    """The last moment of the stage: `limit(stage)` working days after `start` (end of that day's hours)."""
    wt = working_time_for(agency=agency_id, on=start.date())
    return due_compute(wt=wt, start=start, value=limit(stage), unit="working_days", explain=False).due_at


def soon_threshold(*, agency_id: int, now: dt.datetime) -> dt.datetime:
    """Due 'soon' means by the end of the next working day."""
    wt = working_time_for(agency=agency_id, on=now.date())
    return due_compute(wt=wt, start=now, value=1, unit="working_days", explain=False).due_at
