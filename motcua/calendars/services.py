"""Calendar writes: seed, publish and edit special days, set working schedules.

Every change that reaches the engine (publishing a year, editing a published year, any schedule
change) writes a new `CalendarVersion` and returns it; drafts return None. The version's
`changed_dates` (and `schedule_changed_from`) are the hook for the dossier app to recompute open
dossiers: a later due replaces the old one, an earlier one is ignored (deadlines.md §1).
Writers lock the calendar-year rows, so versions are numbered and snapshotted one at a time.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.audit.services import audit_record
from motcua.org.models import Agency

from . import selectors
from .choices import CalendarStatus, DayKind
from .models import CalendarDay, CalendarVersion, CalendarYear, WorkSchedule, validate_periods
from .seed import HOLIDAYS_VERSION, seed_days
from .workingtime import CLOSED_KINDS, WORKING_SATURDAY

logger = logging.getLogger(__name__)


def _lock_calendar() -> None:
    """Serialise calendar writers: version numbers and snapshots are taken one writer at a time."""
    list(CalendarYear.objects.select_for_update().order_by("year").values_list("pk", flat=True))


def _actor(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


def _snapshot() -> dict[str, Any]:
    """Everything the engine needs, independent of later edits (see selectors.working_time_for)."""
    years = sorted(CalendarYear.objects.filter(status=CalendarStatus.PUBLISHED).values_list("year", flat=True))
    days = CalendarDay.objects.filter(year__in=years, enabled=True).order_by("date", "agency_id")
    schedules = WorkSchedule.objects.order_by("agency_id", "valid_from", "pk")
    return {
        "years": years,
        "days": [
            [d.date.isoformat(), d.kind, d.name, d.legal_basis, d.agency_id]
            for d in days.only("date", "kind", "name", "legal_basis", "agency_id")
        ],
        "schedules": [
            [s.pk, s.agency_id, s.valid_from.isoformat(), s.valid_to.isoformat() if s.valid_to else None, s.periods]
            for s in schedules
        ],
    }


def _version_create(*, actor: Any, note: str, changes: dict[str, Any]) -> CalendarVersion:
    number = (CalendarVersion.objects.aggregate(top=Max("number"))["top"] or 0) + 1
    version = CalendarVersion.objects.create(
        number=number, created_by=_actor(actor), note=note[:300], snapshot=_snapshot(), changes=changes
    )
    audit_record(
        chain="calendar:versions",
        kind="calendar.version_create",
        object_type="calendar_version",
        object_id=number,
        actor=_actor(actor),
        data={"note": version.note, "changes": changes},
    )
    transaction.on_commit(selectors.cache_clear)
    selectors.cache_clear()
    logger.info("calendar.version_create v%s (%s) by %s", number, note, actor)
    return version


def _closed(kind: str | None, enabled: bool) -> bool | None:
    """Working status a special day imposes: True closed, False open (working Saturday), None none."""
    if kind is None or not enabled:
        return None
    return kind in CLOSED_KINDS if kind != WORKING_SATURDAY else False


def calendar_seed_year(*, year: int, actor: Any = None) -> CalendarVersion | None:
    """Draft rows for `year` from the pinned `holidays` seed plus its fix-ups (seed.py).

    Idempotent: days already present (however an administrator changed them) are left alone, and
    a published year is not reseeded. 24/11 is seeded disabled. Returns None (drafts make no version).
    """
    with transaction.atomic():
        _lock_calendar()
        calendar_year, _created = CalendarYear.objects.get_or_create(year=year)
        if calendar_year.is_published:
            return None
        present = set(CalendarDay.objects.filter(year=calendar_year, agency=None).values_list("date", flat=True))
        new = [
            CalendarDay(
                year=calendar_year,
                date=seed.date,
                kind=seed.kind,
                name=seed.name,
                legal_basis=seed.legal_basis,
                enabled=seed.enabled,
            )
            for seed in seed_days(year)
            if seed.date not in present
        ]
        CalendarDay.objects.bulk_create(new)
        if new:
            audit_record(
                chain=f"calendar:{year}",
                kind="calendar.seed",
                object_type="calendar_year",
                object_id=year,
                actor=_actor(actor),
                data={"holidays": HOLIDAYS_VERSION, "dates": [day.date.isoformat() for day in new]},
            )
    return None


def calendar_publish(*, year: int, actor: Any) -> CalendarVersion | None:
    """Publish a reviewed year: its days start to count. None if it was already published."""
    with transaction.atomic():
        _lock_calendar()
        calendar_year = CalendarYear.objects.filter(year=year).first()
        if calendar_year is None:
            raise ValidationError(_("There is no calendar for %(year)s yet: seed it first."), params={"year": year})
        if calendar_year.is_published:
            return None
        seeded = {seed.date: _closed(seed.kind, seed.enabled) for seed in seed_days(year)}
        rows = list(CalendarDay.objects.filter(year=calendar_year))
        province = {row.date: _closed(row.kind, row.enabled) for row in rows if row.agency_id is None}
        changed = {day for day in seeded.keys() | province.keys() if seeded.get(day) != province.get(day)}
        changed |= {row.date for row in rows if row.agency_id is not None and row.enabled}
        calendar_year.status = CalendarStatus.PUBLISHED
        calendar_year.published_at = timezone.now()
        calendar_year.published_by = _actor(actor)
        calendar_year.save(update_fields=["status", "published_at", "published_by"])
        audit_record(
            chain=f"calendar:{year}",
            kind="calendar.publish",
            object_type="calendar_year",
            object_id=year,
            actor=_actor(actor),
            data={"days": len(rows)},
        )
        changes = {"dates": sorted(day.isoformat() for day in changed), "agency": None}
        return _version_create(actor=actor, note=_("Calendar %(year)s published") % {"year": year}, changes=changes)


def _check_day(*, date: dt.date, kind: str, name: str) -> None:
    if kind not in DayKind.values:
        raise ValidationError(_("Unknown kind of day: %(kind)s."), params={"kind": kind})
    if not name.strip():
        raise ValidationError(_("Give the day a name."))
    if kind == DayKind.WORKING_SATURDAY and date.weekday() < 5:
        raise ValidationError(_("Only a Saturday or Sunday can be swapped into a working day."))


def calendar_day_set(
    *,
    date: dt.date,
    kind: str,
    name: str,
    legal_basis: str = "",
    enabled: bool = True,
    agency: Agency | None = None,
    actor: Any = None,
) -> CalendarVersion | None:
    """Create or change the special day of `date` (for the province, or one agency).

    In a published year this writes a new version whose `changed_dates` holds `date` when its
    working status changed; in a draft year it returns None.
    """
    _check_day(date=date, kind=kind, name=name)
    with transaction.atomic():
        _lock_calendar()
        calendar_year, _created = CalendarYear.objects.get_or_create(year=date.year)
        day = CalendarDay.objects.filter(date=date, agency=agency).first()
        before = _closed(day.kind, day.enabled) if day else None
        if day is None:
            day = CalendarDay(year=calendar_year, date=date, agency=agency)
        day.kind, day.name, day.legal_basis, day.enabled = kind, name.strip(), legal_basis.strip(), enabled
        day.full_clean(exclude=["year", "agency"])
        day.save()
        return _day_changed(day, before, _closed(kind, enabled), calendar_year, actor, "calendar.day_set")


def calendar_day_delete(*, day: CalendarDay, actor: Any = None) -> CalendarVersion | None:
    """Remove a special day (prefer switching a seeded day off: reseeding would add it again)."""
    with transaction.atomic():
        _lock_calendar()
        calendar_year = CalendarYear.objects.get(year=day.date.year)
        before = _closed(day.kind, day.enabled)
        CalendarDay.objects.filter(pk=day.pk).delete()
        return _day_changed(day, before, None, calendar_year, actor, "calendar.day_delete")


def _day_changed(
    day: CalendarDay, before: bool | None, after: bool | None, calendar_year: CalendarYear, actor: Any, kind: str
) -> CalendarVersion | None:
    data = {"date": day.date.isoformat(), "kind": day.kind, "name": day.name, "enabled": day.enabled}
    data.update(legal_basis=day.legal_basis, agency=day.agency_id)
    audit_record(
        chain=f"calendar:{calendar_year.year}",
        kind=kind,
        object_type="calendar_day",
        object_id=day.date.isoformat(),
        actor=_actor(actor),
        data=data,
    )
    if not calendar_year.is_published:
        return None
    changes = {"dates": [day.date.isoformat()] if before != after else [], "agency": day.agency_id}
    note = _("Calendar day %(date)s changed") % {"date": f"{day.date:%d/%m/%Y}"}
    return _version_create(actor=actor, note=note, changes=changes)


def work_schedule_validate(
    *, agency: Agency | None, valid_from: dt.date, valid_to: dt.date | None, periods: Any, exclude: int | None = None
) -> list[list[int]]:
    """The checked periods, or ValidationError: 480 minutes in order, dates in order, and no other
    schedule of the same agency (or of the default) overlapping these dates."""
    checked = validate_periods(periods)
    if valid_to is not None and valid_to < valid_from:
        raise ValidationError(_("The end date is before the start date."))
    overlapping = WorkSchedule.objects.filter(agency=agency)
    if exclude is not None:
        overlapping = overlapping.exclude(pk=exclude)
    overlapping = overlapping.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=valid_from))
    if valid_to is not None:
        overlapping = overlapping.filter(valid_from__lte=valid_to)
    if overlapping.exists():
        raise ValidationError(_("Another schedule of this agency covers part of these dates."))
    return checked


def work_schedule_set(
    *,
    periods: Any,
    valid_from: dt.date,
    valid_to: dt.date | None = None,
    agency: Agency | None = None,
    schedule: WorkSchedule | None = None,
    actor: Any = None,
) -> CalendarVersion:
    """Create (or, with `schedule`, change) working periods for an agency or the default, from
    `valid_from`. Periods must total 480 minutes. Always writes a new version."""
    with transaction.atomic():
        _lock_calendar()
        exclude = schedule.pk if schedule is not None else None
        checked = work_schedule_validate(
            agency=agency, valid_from=valid_from, valid_to=valid_to, periods=periods, exclude=exclude
        )
        target = schedule or WorkSchedule()
        target.agency, target.valid_from, target.valid_to, target.periods = agency, valid_from, valid_to, checked
        target.save()
        return _schedule_changed(target, actor, "calendar.schedule_set")


def work_schedule_delete(*, schedule: WorkSchedule, actor: Any = None) -> CalendarVersion:
    with transaction.atomic():
        _lock_calendar()
        WorkSchedule.objects.filter(pk=schedule.pk).delete()
        return _schedule_changed(schedule, actor, "calendar.schedule_delete")


def _schedule_changed(schedule: WorkSchedule, actor: Any, kind: str) -> CalendarVersion:
    valid_to = schedule.valid_to.isoformat() if schedule.valid_to else None
    data = {"agency": schedule.agency_id, "valid_from": schedule.valid_from.isoformat(), "valid_to": valid_to}
    data["periods"] = schedule.periods
    audit_record(
        chain=f"calendar:schedules:{schedule.agency_id or 0}",
        kind=kind,
        object_type="work_schedule",
        object_id=schedule.pk or 0,
        actor=_actor(actor),
        data=data,
    )
    changes: dict[str, Any] = {"dates": [], "agency": schedule.agency_id}
    changes["schedule_from"] = schedule.valid_from.isoformat()
    return _version_create(actor=actor, note=_("Working schedule changed"), changes=changes)
