"""Working calendars: special days per year, working schedules, and immutable calendar versions.

A year is seeded as a draft, reviewed and published by an administrator; every publish or edit of
a published year writes a `CalendarVersion` whose snapshot is all the engine needs, so a due date
that stores its version can always be recomputed and explained the same way (deadlines.md §1).
Writes go through `services.py`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import CalendarStatus, DayKind
from .workingtime import DAY_MINUTES, DEFAULT_PERIODS


def default_periods() -> list[list[int]]:
    return [list(period) for period in DEFAULT_PERIODS]


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def validate_periods(periods: Any) -> list[list[int]]:
    """Working periods as [[start, end], …] minutes after midnight, ordered, not overlapping, inside
    one day and totalling exactly 480 minutes; otherwise a ValidationError an administrator can read."""
    try:
        result = [[int(start), int(end)] for start, end in periods]
    except (TypeError, ValueError) as error:
        raise ValidationError(_("Give the working periods as pairs of minutes after midnight.")) from error
    if not result:
        raise ValidationError(_("A schedule needs at least one working period."))
    previous_end = 0
    for start, end in result:
        if not previous_end <= start < end < 24 * 60:
            raise ValidationError(
                _("Working periods must be in order, within the day, and must not overlap (%(start)s–%(end)s)."),
                params={"start": _clock(start), "end": _clock(end)},
            )
        previous_end = end
    total = sum(end - start for start, end in result)
    if total != DAY_MINUTES:
        raise ValidationError(
            _("The working periods total %(total)s minutes; a working day must total exactly 480 minutes (8 hours)."),
            params={"total": total},
        )
    return result


class CalendarYear(models.Model):
    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    status = models.CharField(_("status"), max_length=10, choices=CalendarStatus.choices, default=CalendarStatus.DRAFT)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )

    class Meta:
        verbose_name = _("calendar year")
        verbose_name_plural = _("calendar years")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)

    @property
    def is_published(self) -> bool:
        return self.status == CalendarStatus.PUBLISHED


class CalendarDay(models.Model):
    """A day that departs from Mon–Fri: holiday, swapped day off, swapped working Saturday, closure.

    `agency` empty = the whole province. `year` holds the year number (column "year").
    """

    year = models.ForeignKey(
        CalendarYear,
        to_field="year",
        db_column="year",
        on_delete=models.CASCADE,
        related_name="days",
        verbose_name=_("year"),
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=DayKind.choices)
    name = models.CharField(_("name"), max_length=200)
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    enabled = models.BooleanField(
        _("enabled"),
        default=True,
        help_text=_("Switch off instead of deleting a seeded day, so reseeding keeps it off."),
    )
    agency = models.ForeignKey(
        "org.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="calendar_days",
        verbose_name=_("agency"),
        help_text=_("Empty for the whole province."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["date", "agency"], name="calendar_day_date_agency"),
            models.UniqueConstraint(
                fields=["date"], condition=Q(agency__isnull=True), name="calendar_day_date_province"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.name}"

    def clean(self) -> None:
        if self.date and self.year_id and self.date.year != self.year_id:
            raise ValidationError({"date": _("The date is not in %(year)s.") % {"year": self.year_id}})
        if self.kind == DayKind.WORKING_SATURDAY and self.date and self.date.weekday() < 5:
            raise ValidationError({"kind": _("Only a Saturday or Sunday can be swapped into a working day.")})


class CalendarVersion(models.Model):
    """Immutable: every enabled special day of the published years and every schedule, as used by
    the engine. `changes` lists the dates (and schedules) that changed, for recomputing open dossiers."""

    number = models.PositiveIntegerField(_("number"), unique=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    snapshot = models.JSONField(_("snapshot"), default=dict)
    changes = models.JSONField(_("changes"), default=dict)

    class Meta:
        verbose_name = _("calendar version")
        verbose_name_plural = _("calendar versions")
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"v{self.number}"

    @property
    def changed_dates(self) -> frozenset[dt.date]:
        """Dates whose working status changed with this version: the hook for recomputing open dossiers."""
        return frozenset(dt.date.fromisoformat(day) for day in self.changes.get("dates", []))

    @property
    def changed_agency_id(self) -> int | None:
        """The only agency affected, or None when the change is province-wide."""
        return self.changes.get("agency")

    @property
    def schedule_changed_from(self) -> dt.date | None:
        """First date a changed working schedule applies to, if this version changed one."""
        start = self.changes.get("schedule_from")
        return dt.date.fromisoformat(start) if start else None


class WorkSchedule(models.Model):
    """Working periods of an agency (empty agency = everyone's default) for a date range."""

    agency = models.ForeignKey(
        "org.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="work_schedules",
        verbose_name=_("agency"),
        help_text=_("Empty for the default schedule of every agency."),
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    periods = models.JSONField(
        _("working periods"),
        default=default_periods,
        help_text=_("Minutes after midnight, e.g. [[420, 690], [810, 1020]] for 07:00–11:30 and 13:30–17:00."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("working schedule")
        verbose_name_plural = _("working schedules")
        ordering = ["agency_id", "valid_from"]

    def __str__(self) -> str:
        hours = ", ".join(f"{_clock(a)}–{_clock(b)}" for a, b in self.periods or [])
        owner = self.agency or _("Default")
        return f"{owner} {self.valid_from:%d/%m/%Y}: {hours}"

    def clean(self) -> None:
        self.periods = validate_periods(self.periods)
        if self.valid_to is not None and self.valid_from and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("The end date is before the start date.")})
