"""Engine test helpers: the seeded calendar with default hours, and local datetimes."""

from __future__ import annotations

import datetime as dt

from motcua.calendars.engine import TZ
from motcua.calendars.seed import seed_working_time

WT = seed_working_time()


def at(day: str, time: str = "00:00") -> dt.datetime:
    """at("12/02/2026", "10:00") → aware datetime in Asia/Ho_Chi_Minh."""
    d, m, y = (int(part) for part in day.split("/"))
    h, mi = (int(part) for part in time.split(":"))
    return dt.datetime(y, m, d, h, mi, tzinfo=TZ)


def date(day: str) -> dt.date:
    d, m, y = (int(part) for part in day.split("/"))
    return dt.date(y, m, d)
