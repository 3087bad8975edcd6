"""Report periods: inclusive local dates for a month, quarter, year or custom range (reports.md §1)."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

KINDS = ("month", "quarter", "year", "custom")


class PeriodError(ValueError):
    """Bad period parameters; the message is shown to the user."""


@dataclass(frozen=True)
class Period:
    kind: str
    start: dt.date
    end: dt.date

    @property
    def label(self) -> str:
        if self.kind == "month":
            return _("Month %(m)02d/%(y)d") % {"m": self.start.month, "y": self.start.year}
        if self.kind == "quarter":
            return _("Quarter %(q)d/%(y)d") % {"q": (self.start.month - 1) // 3 + 1, "y": self.start.year}
        if self.kind == "year":
            return _("Year %(y)d") % {"y": self.start.year}
        return _("%(a)s to %(b)s") % {"a": self.start.strftime("%d/%m/%Y"), "b": self.end.strftime("%d/%m/%Y")}

    def report_date(self, today: dt.date | None = None) -> dt.date:
        """R of reports.md §2: the period's end, or today while the period is running."""
        return min(self.end, today or timezone.localdate())

    def params(self) -> dict[str, str]:
        """Query parameters that rebuild this period (links, exports, drill-downs)."""
        if self.kind == "custom":
            return {"ky": "custom", "tu": self.start.isoformat(), "den": self.end.isoformat()}
        out = {"ky": self.kind, "nam": str(self.start.year)}
        if self.kind == "month":
            out["thang"] = str(self.start.month)
        elif self.kind == "quarter":
            out["quy"] = str((self.start.month - 1) // 3 + 1)
        return out

    def previous(self) -> Period:
        if self.kind == "month":
            day = self.start - dt.timedelta(days=1)
            return month(day.year, day.month)
        if self.kind == "quarter":
            day = self.start - dt.timedelta(days=1)
            return quarter(day.year, (day.month - 1) // 3 + 1)
        if self.kind == "year":
            return year(self.start.year - 1)
        length = self.end - self.start
        return Period("custom", self.start - length - dt.timedelta(days=1), self.start - dt.timedelta(days=1))


def month(y: int, m: int) -> Period:
    return Period("month", dt.date(y, m, 1), dt.date(y, m, calendar.monthrange(y, m)[1]))


def quarter(y: int, q: int) -> Period:
    first = 3 * (q - 1) + 1
    return Period("quarter", dt.date(y, first, 1), month(y, first + 2).end)


def year(y: int) -> Period:
    return Period("year", dt.date(y, 1, 1), dt.date(y, 12, 31))


def months_back(end: Period, count: int) -> list[Period]:
    """`count` calendar months ending with the month of `end.end`, oldest first."""
    out = [month(end.end.year, end.end.month)]
    while len(out) < count:
        out.append(out[-1].previous())
    return out[::-1]


def _int(params: Mapping[str, str], key: str, low: int, high: int, default: int) -> int:
    raw = (params.get(key) or "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise PeriodError(_("“%(v)s” is not a number.") % {"v": raw}) from None
    if not low <= value <= high:
        raise PeriodError(_("%(v)d is outside %(a)d–%(b)d.") % {"v": value, "a": low, "b": high})
    return value


def _date(params: Mapping[str, str], key: str) -> dt.date:
    raw = (params.get(key) or "").strip()
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise PeriodError(_("Enter the dates as YYYY-MM-DD.")) from None


def period_from_params(params: Mapping[str, str], *, today: dt.date | None = None) -> Period:
    """`ky` = month (default; `nam`, `thang`), quarter (`quy`), year, or custom (`tu`, `den`)."""
    today = today or timezone.localdate()
    kind = (params.get("ky") or "month").strip()
    if kind not in KINDS:
        raise PeriodError(_("Unknown period kind."))
    y = _int(params, "nam", 2000, 2100, today.year)
    if kind == "month":
        period = month(y, _int(params, "thang", 1, 12, today.month))
    elif kind == "quarter":
        period = quarter(y, _int(params, "quy", 1, 4, (today.month - 1) // 3 + 1))
    elif kind == "year":
        period = year(y)
    if kind != "custom":
        if period.start > today:
            raise PeriodError(_("The period has not started yet."))
        return period
    start, end = _date(params, "tu"), _date(params, "den")
    if end < start:
        raise PeriodError(_("The period ends before it starts."))
    if start > today:
        raise PeriodError(_("The period has not started yet."))
    if (end - start).days > 3660:
        raise PeriodError(_("A custom period is at most ten years."))
    return Period("custom", start, end)


def period_or_current_quarter(params: Mapping[str, str], *, today: dt.date | None = None) -> Period:
    """The evaluation's period: as asked, or the current quarter when no `ky` is given (reports.md §4)."""
    if (params.get("ky") or "").strip():
        return period_from_params(params, today=today)
    today = today or timezone.localdate()
    return quarter(today.year, (today.month - 1) // 3 + 1)
