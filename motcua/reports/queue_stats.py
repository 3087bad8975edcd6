"""Queue statistics (services.md §3): wait (issue → first call), service (call → finish), no-show
rate and tickets per hour; p50 / p90 per centre, group, counter, officer and day, against the target
wait; with the counters' and officers' satisfaction from the tablets beside them.

Percentiles are computed in Python from one narrow query (two timestamps per ticket), the same on
PostgreSQL and SQLite; a centre's year is about 50,000 rows.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from motcua.org.models import Desk

from .periods import Period
from .rates import rate
from .scope import Scope

DIMENSIONS = ("desk", "group", "counter", "officer", "day")


def percentile(values: list[float], p: float) -> float | None:
    """Nearest-rank percentile (p in 0–100) of unsorted values; None for none."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


@dataclass
class QueueRow:
    key: Any
    label: str
    tickets: int = 0
    served: int = 0
    no_show: int = 0
    waits: list[float] = field(default_factory=list)
    services: list[float] = field(default_factory=list)
    over_target: int = 0
    satisfied: int = 0
    ratings: int = 0

    @property
    def wait_p50(self) -> float | None:
        return percentile(self.waits, 50)

    @property
    def wait_p90(self) -> float | None:
        return percentile(self.waits, 90)

    @property
    def service_p50(self) -> float | None:
        return percentile(self.services, 50)

    @property
    def service_p90(self) -> float | None:
        return percentile(self.services, 90)

    @property
    def no_show_rate(self) -> Decimal | None:
        return rate(self.no_show, self.tickets)

    @property
    def within_target(self) -> Decimal | None:
        return rate(len(self.waits) - self.over_target, len(self.waits))

    @property
    def satisfaction(self) -> Decimal | None:
        return rate(self.satisfied, self.ratings)


@dataclass
class QueueStats:
    total: QueueRow
    rows: list[QueueRow]
    by_hour: list[tuple[int, int]]
    target: int


def scope_desks(scope: Scope) -> list[int] | None:
    """Desks of the agencies in scope (None: all)."""
    from .index766 import scope_agency_ids

    ids = scope_agency_ids(scope)
    qs = Desk.objects.all() if ids is None else Desk.objects.filter(agency_id__in=ids)
    if scope.desk_id is not None:
        qs = qs.filter(pk=scope.desk_id)
    return None if ids is None and scope.desk_id is None else list(qs.values_list("pk", flat=True))


def _labels(dimension: str, keys: set[Any]) -> dict[Any, str]:
    from motcua.org.models import Counter, User
    from motcua.queueing.models import ServiceGroup

    if dimension == "desk":
        return dict(Desk.objects.filter(pk__in=keys).values_list("pk", "name"))
    if dimension == "group":
        return {
            g.pk: f"{g.prefix} – {g.name} ({g.desk.name})"
            for g in ServiceGroup.objects.filter(pk__in=keys).select_related("desk")
        }
    if dimension == "counter":
        return {c.pk: f"{c.desk.name} – {c.number}" for c in Counter.objects.filter(pk__in=keys).select_related("desk")}
    if dimension == "officer":
        return {u.pk: str(u) for u in User.objects.filter(pk__in=keys)}
    return {k: f"{k:%d/%m/%Y}" for k in keys if k}


def queue_stats(*, scope: Scope, period: Period, by: str = "desk") -> QueueStats:
    from motcua.feedback.models import Rating, RatingSource, Score
    from motcua.queueing.conf import queue_setting
    from motcua.queueing.models import QueueTicket

    by = by if by in DIMENSIONS else "desk"
    target = int(queue_setting("TARGET_WAIT_MINUTES"))
    tickets = QueueTicket.objects.filter(day__gte=period.start, day__lte=period.report_date())
    desks = scope_desks(scope)
    if desks is not None:
        tickets = tickets.filter(desk_id__in=desks)
    column = {"desk": "desk_id", "group": "group_id", "counter": "counter_id", "officer": "officer_id", "day": "day"}[
        by
    ]
    total = QueueRow("all", "")
    rows: dict[Any, QueueRow] = {}
    hours: dict[int, int] = defaultdict(int)
    for key, state, issued, first_called, called, finished in tickets.values_list(
        column, "state", "issued_at", "first_called_at", "called_at", "finished_at"
    ).iterator(chunk_size=5000):
        row = rows.setdefault(key, QueueRow(key, ""))
        hours[timezone.localtime(issued).hour] += 1
        for target_row in (row, total):
            target_row.tickets += 1
            target_row.no_show += state == "no_show"
            if first_called:
                wait = (first_called - issued).total_seconds() / 60
                target_row.waits.append(wait)
                target_row.over_target += wait > target
            if state == "done" and finished and called:
                target_row.served += 1
                target_row.services.append((finished - called).total_seconds() / 60)
    rated = Rating.objects.filter(source=RatingSource.TABLET, ticket__in=tickets.values("pk"))
    rating_key = f"ticket__{column}"
    counted = rated.values_list(rating_key).annotate(
        n=Count("id"), good=Count("id", filter=~Q(score=Score.NOT_SATISFIED))
    )
    for key, n, good in counted.values_list(rating_key, "n", "good"):
        if key in rows:
            rows[key].ratings, rows[key].satisfied = n, good
        total.ratings += n
        total.satisfied += good
    labels = _labels(by, set(rows))
    for key, row in rows.items():
        row.label = labels.get(key, "–")
    ordered = sorted(rows.values(), key=lambda r: (r.key is None, r.label if by != "day" else str(r.key)))
    return QueueStats(total, ordered, sorted(hours.items()), target)


def median_wait_today(scope: Scope, today: dt.date | None = None) -> float | None:
    from motcua.queueing.models import QueueTicket

    today = today or timezone.localdate()
    tickets = QueueTicket.objects.filter(day=today, first_called_at__isnull=False)
    desks = scope_desks(scope)
    if desks is not None:
        tickets = tickets.filter(desk_id__in=desks)
    waits = [(c - i).total_seconds() / 60 for i, c in tickets.values_list("issued_at", "first_called_at") if c]
    return percentile(waits, 50)


def live_queues(scope: Scope) -> list[dict[str, Any]]:
    """Per centre now: people waiting, counters open, mean wait of today's called tickets."""
    from motcua.queueing.choices import SeatStatus, TicketState
    from motcua.queueing.models import CounterSeat, QueueTicket

    today = timezone.localdate()
    desks = scope_desks(scope)
    tickets = QueueTicket.objects.filter(day=today)
    if desks is not None:
        tickets = tickets.filter(desk_id__in=desks)
    waiting = dict(
        tickets.filter(state=TicketState.WAITING)
        .values_list("desk_id")
        .annotate(n=Count("id"))
        .values_list("desk_id", "n")
    )
    served = dict(
        tickets.filter(state=TicketState.DONE)
        .values_list("desk_id")
        .annotate(n=Count("id"))
        .values_list("desk_id", "n")
    )
    seats = CounterSeat.objects.filter(status=SeatStatus.OPEN)
    open_counters = dict(
        seats.values_list("counter__desk_id").annotate(n=Count("id")).values_list("counter__desk_id", "n")
    )
    ids = set(waiting) | set(served) | set(open_counters)
    names = dict(Desk.objects.filter(pk__in=ids).values_list("pk", "name"))
    return [
        {
            "desk": names.get(pk, "–"),
            "waiting": waiting.get(pk, 0),
            "served": served.get(pk, 0),
            "open": open_counters.get(pk, 0),
        }
        for pk in sorted(ids, key=lambda i: names.get(i, ""))
    ]
