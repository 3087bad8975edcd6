"""The period report's columns (reports.md §2) as conditions on `DossierFact`.

One definition serves the counts and the drill-down lists, so a list's length always equals the
number it explains. `start`/`end` are the period's inclusive local dates; the report date R is `end`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

from .models import EndKind

COLUMNS = "ABCDEFGHIJKLMNOP"


@dataclass(frozen=True)
class Column:
    key: str
    label: Promise
    short: Promise
    condition: Callable[[dt.date, dt.date], Q]


def relevant(start: dt.date, end: dt.date) -> Q:
    """Every fact that can count in [start, end]: received by the end, and not closed before the start."""
    return Q(received_on__lte=end) & (Q(last_on__isnull=True) | Q(last_on__gte=start))


def _carried(start: dt.date, end: dt.date) -> Q:
    return Q(received_on__lt=start) & (Q(ended_on__isnull=True) | Q(ended_on__gte=start))


def _received(channel: str) -> Callable[[dt.date, dt.date], Q]:
    return lambda start, end: Q(received_on__gte=start, received_on__lte=end, channel=channel)


def _to_handle(start: dt.date, end: dt.date) -> Q:
    return Q(received_on__lte=end) & (Q(ended_on__isnull=True) | Q(ended_on__gte=start))


def _finished(timeliness: str | None) -> Callable[[dt.date, dt.date], Q]:
    def cond(start: dt.date, end: dt.date) -> Q:
        q = Q(end_kind=EndKind.DONE, ended_on__gte=start, ended_on__lte=end)
        return q & Q(timeliness=timeliness) if timeliness is not None else q

    return cond


def _ended(kind: str) -> Callable[[dt.date, dt.date], Q]:
    return lambda start, end: Q(end_kind=kind, ended_on__gte=start, ended_on__lte=end)


def open_at(day: dt.date) -> Q:
    return Q(received_on__lte=day) & (Q(ended_on__isnull=True) | Q(ended_on__gt=day))


def waiting_supplement_at(day: dt.date) -> Q:
    return Q(sup_from__lte=day) & (Q(sup_to__isnull=True) | Q(sup_to__gt=day))


def _due_cmp(day: dt.date, op: str) -> Q:
    """The due date that stood at `day`: before a later supplement, `due_before_sup`; else `due_on`."""
    after = Q(sup_from__isnull=True) | Q(sup_to__lte=day)
    before = Q(sup_from__gt=day)
    return (after & Q(**{f"due_on__{op}": day})) | (before & Q(**{f"due_before_sup__{op}": day}))


def _open_within(start: dt.date, end: dt.date) -> Q:
    return open_at(end) & ~waiting_supplement_at(end) & _due_cmp(end, "gte")


def _open_overdue(start: dt.date, end: dt.date) -> Q:
    return open_at(end) & ~waiting_supplement_at(end) & _due_cmp(end, "lt")


def _waiting(start: dt.date, end: dt.date) -> Q:
    return open_at(end) & waiting_supplement_at(end)


def pending_pickup_at(day: dt.date) -> Q:
    return Q(end_kind=EndKind.DONE, ended_on__lte=day) & (Q(returned_on__isnull=True) | Q(returned_on__gt=day))


def _returned_by_post(start: dt.date, end: dt.date) -> Q:
    return Q(returned_on__gte=start, returned_on__lte=end, return_method="post")


COLUMN_LIST = [
    Column("A", pgettext_lazy("report", "Carried over"), pgettext_lazy("report", "Carried over"), _carried),
    Column("B", pgettext_lazy("report", "Received online"), pgettext_lazy("report", "Online"), _received("online")),
    Column(
        "C",
        pgettext_lazy("report", "Received at the counter"),
        pgettext_lazy("report", "Counter"),
        _received("counter"),
    ),
    Column("D", pgettext_lazy("report", "Received by post"), pgettext_lazy("report", "Postal"), _received("postal")),
    Column("E", pgettext_lazy("report", "To handle"), pgettext_lazy("report", "To handle"), _to_handle),
    Column("F", pgettext_lazy("report", "Finished early"), pgettext_lazy("report", "Early"), _finished("early")),
    Column("G", pgettext_lazy("report", "Finished on time"), pgettext_lazy("report", "On time"), _finished("on_time")),
    Column("H", pgettext_lazy("report", "Finished late"), pgettext_lazy("report", "Late"), _finished("late")),
    Column("I", pgettext_lazy("report", "Finished"), pgettext_lazy("report", "Finished"), _finished(None)),
    Column("J", pgettext_lazy("report", "Withdrawn"), pgettext_lazy("report", "Withdrawn"), _ended(EndKind.WITHDRAWN)),
    Column("K", pgettext_lazy("report", "Stopped"), pgettext_lazy("report", "Stopped"), _ended(EndKind.STOPPED)),
    Column(
        "L",
        pgettext_lazy("report", "In progress, within the deadline"),
        pgettext_lazy("report", "Within deadline"),
        _open_within,
    ),
    Column("M", pgettext_lazy("report", "In progress, overdue"), pgettext_lazy("report", "Overdue"), _open_overdue),
    Column("N", pgettext_lazy("report", "Waiting for a supplement"), pgettext_lazy("report", "Supplement"), _waiting),
    Column(
        "O",
        pgettext_lazy("report", "Waiting for pickup"),
        pgettext_lazy("report", "Pending pickup"),
        lambda start, end: pending_pickup_at(end),
    ),
    Column(
        "P",
        pgettext_lazy("report", "Results returned by post"),
        pgettext_lazy("report", "Returned by post"),
        _returned_by_post,
    ),
]
COLUMNS_BY_KEY = {c.key: c for c in COLUMN_LIST}

# Supporting figures (not columns of the legal table) used by the rates of reports.md §2.
EXTRA = {
    # Results handed over, posted or published in the period (the postal share's denominator).
    "returned": lambda start, end: Q(returned_on__gte=start, returned_on__lte=end),
    # Finished in the period and returned by the report date (the return rate's numerator).
    "finished_returned": lambda start, end: _finished(None)(start, end) & Q(returned_on__lte=end),
}


def condition(key: str, start: dt.date, end: dt.date) -> Q:
    if key in COLUMNS_BY_KEY:
        return COLUMNS_BY_KEY[key].condition(start, end)
    return EXTRA[key](start, end)
