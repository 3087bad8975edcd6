"""Calendar reads: the `WorkingTime` for an agency and date, cached per immutable calendar version.

Each call reads the latest version number with one small query (or takes `version` from the
caller), then serves the engine object from an in-process cache keyed by (version, agency with
its own days, schedule). Versions never change once written, so a second process building its
own cache sees the same data. Years not yet published fall back to the pinned seed, so a fresh
install (version 0, no rows) already computes correct dates.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass, field

from django.utils import timezone

from motcua.org.models import Agency

from .models import CalendarVersion
from .seed import DEFAULT_YEARS, special_days
from .workingtime import DEFAULT_PERIODS, SpecialDay, WorkingTime

CACHE_SIZE = 32
_lock = threading.Lock()
_snapshots: dict[int, _Snapshot] = {}
_working_times: dict[tuple[int, int | None, int | None], WorkingTime] = {}


@dataclass(frozen=True)
class _Schedule:
    pk: int
    agency_id: int | None
    valid_from: dt.date
    valid_to: dt.date | None
    periods: tuple[tuple[int, int], ...]

    def covers(self, on: dt.date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)


@dataclass(frozen=True)
class _Snapshot:
    number: int
    created_at: dt.datetime | None
    province: dict[dt.date, SpecialDay]
    agencies: dict[int, dict[dt.date, SpecialDay]] = field(default_factory=dict)
    schedules: tuple[_Schedule, ...] = ()

    def schedule_for(self, agency_id: int | None, on: dt.date) -> _Schedule | None:
        """The agency's schedule valid on `on`, else the default one, else None (DEFAULT_PERIODS)."""
        for wanted in (agency_id, None) if agency_id is not None else (None,):
            for schedule in self.schedules:
                if schedule.agency_id == wanted and schedule.covers(on):
                    return schedule
        return None


def _parse(number: int, created_at: dt.datetime | None, snapshot: dict) -> _Snapshot:
    """Published years from the snapshot, every other year of the engine's range from the seed."""
    published = set(snapshot.get("years", []))
    province = {day: spec for day, spec in special_days(DEFAULT_YEARS).items() if day.year not in published}
    agencies: dict[int, dict[dt.date, SpecialDay]] = {}
    for iso, kind, name, legal_basis, agency_id in snapshot.get("days", []):
        target = province if agency_id is None else agencies.setdefault(agency_id, {})
        target[dt.date.fromisoformat(iso)] = (kind, name, legal_basis)
    schedules = tuple(
        _Schedule(
            pk,
            agency_id,
            dt.date.fromisoformat(valid_from),
            dt.date.fromisoformat(valid_to) if valid_to else None,
            tuple((int(a), int(b)) for a, b in periods),
        )
        for pk, agency_id, valid_from, valid_to, periods in snapshot.get("schedules", [])
    )
    return _Snapshot(number, created_at, province, agencies, schedules)


def _latest() -> tuple[int, dt.datetime | None]:
    row = CalendarVersion.objects.order_by("-number").values_list("number", "created_at").first()
    return row if row is not None else (0, None)


def latest_version() -> int:
    """Number of the newest calendar version; 0 before anything is published (seed only)."""
    return _latest()[0]


def _snapshot_for(number: int, created_at: dt.datetime | None, *, check: bool) -> _Snapshot:
    cached = _snapshots.get(number)
    if cached is not None and (not check or cached.created_at == created_at):
        return cached
    if number == 0:
        parsed = _parse(0, None, {})
    else:
        row = CalendarVersion.objects.filter(number=number).values_list("created_at", "snapshot").first()
        if row is None:
            raise CalendarVersion.DoesNotExist(f"calendar version {number} does not exist")
        parsed = _parse(number, row[0], row[1])
    with _lock:
        if len(_snapshots) >= CACHE_SIZE:
            _snapshots.pop(next(iter(_snapshots)))
        _snapshots[number] = parsed
    return parsed


def working_time_for(
    *, agency: Agency | int | None = None, on: dt.date | None = None, version: int | None = None
) -> WorkingTime:
    """The engine's working time for `agency` (None = province-wide) with the schedule valid on `on`
    (default today), from calendar `version` (default: the latest, read with one query).

    Province-wide special days plus the agency's own (its local closures win on the same date);
    the agency's schedule, else the default schedule, else 07:00–11:30 and 13:30–17:00.
    """
    if version is None:
        number, created_at = _latest()
        snapshot = _snapshot_for(number, created_at, check=True)
    else:
        snapshot = _snapshot_for(version, None, check=False)
    agency_id = agency.pk if isinstance(agency, Agency) else agency
    own_days = agency_id if agency_id in snapshot.agencies else None
    schedule = snapshot.schedule_for(agency_id, on or timezone.localdate())
    key = (snapshot.number, own_days, schedule.pk if schedule else None)
    cached = _working_times.get(key)
    if cached is not None and _snapshots.get(snapshot.number) is snapshot:
        return cached
    special = dict(snapshot.province)
    if own_days is not None:
        special.update(snapshot.agencies[own_days])
    periods = schedule.periods if schedule else DEFAULT_PERIODS
    built = WorkingTime(special_days=special, periods=periods, version=snapshot.number, years=DEFAULT_YEARS)
    with _lock:
        if len(_working_times) >= CACHE_SIZE:
            _working_times.pop(next(iter(_working_times)))
        _working_times[key] = built
    return built


def cache_clear() -> None:
    """Forget cached versions (called when this process writes a version; tests roll numbers back)."""
    with _lock:
        _snapshots.clear()
        _working_times.clear()
