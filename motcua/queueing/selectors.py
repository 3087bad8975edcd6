"""Reads of the office floor: queue order, people ahead, estimated wait, the board and a counter's view."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Max, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from motcua.org.models import Counter, Desk

from .choices import Priority, SeatStatus, TicketEventKind, TicketState
from .conf import queue_setting
from .models import CounterSeat, QueueTicket, ServiceGroup, TicketEvent

ORDER = ("-is_front", "queued_at", "id")


def priority_choices() -> list[tuple[str, str]]:
    return [(str(k), str(v)) for k, v in Priority.choices] + [
        (str(k), str(v)) for k, v in queue_setting("EXTRA_PRIORITIES")
    ]


def priority_keys() -> set[str]:
    return {key for key, _ in priority_choices()}


def priority_label(key: str) -> str:
    return dict(priority_choices()).get(key, key)


def desk_for_floor(code: str) -> Desk:
    desk = Desk.objects.filter(code=code, is_active=True).select_related("agency").first()
    if desk is None:
        raise Http404
    return desk


def groups_for_desk(desk: Desk) -> QuerySet[ServiceGroup]:
    return ServiceGroup.objects.filter(desk=desk, is_active=True).order_by("position", "prefix")


def waiting(day: dt.date) -> QuerySet[QueueTicket]:
    return QueueTicket.objects.filter(day=day, state=TicketState.WAITING)


def before_q(ticket: QueueTicket) -> Q:
    """Tickets that come before `ticket` in the queue order (front class, then time joined, then id)."""
    same_class_earlier = Q(queued_at__lt=ticket.queued_at) | Q(queued_at=ticket.queued_at, id__lt=ticket.pk)
    if ticket.is_front:
        return Q(is_front=True) & same_class_earlier
    return Q(is_front=True) | (Q(is_front=False) & same_class_earlier)


def people_ahead(ticket: QueueTicket) -> int:
    if ticket.state != TicketState.WAITING:
        return 0
    return waiting(ticket.day).filter(group_id=ticket.group_id).filter(before_q(ticket)).count()


def _service_minutes(group: ServiceGroup) -> float:
    """Mean service time of the group's last tickets today (cached a minute), else the default."""
    key = f"queueing:service:{group.pk}"
    value = cache.get(key)
    if value is None:
        recent = (
            QueueTicket.objects.filter(group=group, day=timezone.localdate(), state=TicketState.DONE)
            .order_by("-finished_at")
            .annotate(took=ExpressionWrapper(F("finished_at") - F("called_at"), output_field=DurationField()))
            .values_list("took", flat=True)[: int(queue_setting("ESTIMATE_SAMPLE"))]
        )
        samples = [d.total_seconds() / 60 for d in recent if d is not None]
        value = sum(samples) / len(samples) if len(samples) >= 3 else float(queue_setting("DEFAULT_SERVICE_MINUTES"))
        cache.set(key, value, 60)
    return float(value)


def _open_counters(group: ServiceGroup) -> int:
    key = f"queueing:open:{group.pk}"
    value = cache.get(key)
    if value is None:
        value = CounterSeat.objects.filter(counter__queue_groups=group, status=SeatStatus.OPEN).count()
        cache.set(key, value, 30)
    return max(1, int(value))


def estimate_wait_minutes(group: ServiceGroup, ahead: int) -> int:
    return round(ahead * _service_minutes(group) / _open_counters(group))


def ticket_by_token(token: str) -> QueueTicket:
    ticket = QueueTicket.objects.filter(public_token=token[:32]).select_related("group", "desk", "counter").first()
    if ticket is None:
        raise Http404
    return ticket


@dataclass
class TicketView:
    """What the person holding a ticket sees on a phone (no personal data: there is none)."""

    ticket: QueueTicket
    ahead: int
    wait_minutes: int
    now_serving: list[tuple[int, str]] = field(default_factory=list)


def ticket_view(ticket: QueueTicket) -> TicketView:
    ahead = people_ahead(ticket)
    serving = list(
        QueueTicket.objects.filter(group_id=ticket.group_id, day=ticket.day, state=TicketState.CALLED)
        .order_by("counter__number")
        .values_list("counter__number", "label")
    )
    return TicketView(ticket, ahead, estimate_wait_minutes(ticket.group, ahead), serving)


# The display board --------------------------------------------------------------------------------


def board_version(desk: Desk, day: dt.date | None = None) -> str:
    """Changes whenever a ticket of the day or a counter of the desk changes (one indexed query)."""
    day = day or timezone.localdate()
    row = QueueTicket.objects.filter(desk=desk, day=day).aggregate(n=Count("id"), t=Max("updated_at"))
    seat = CounterSeat.objects.filter(counter__desk=desk).aggregate(t=Max("updated_at"))
    return f"{day:%Y%m%d}.{row['n']}.{_stamp(row['t'])}.{_stamp(seat['t'])}"


def _stamp(at: dt.datetime | None) -> str:
    return f"{at.timestamp():.6f}" if at else "0"


@dataclass
class BoardState:
    desk: Desk
    counters: list[dict[str, Any]]
    recent: list[dict[str, Any]]
    groups: list[dict[str, Any]]
    version: str
    last_call_id: int


def board_state(desk: Desk, day: dt.date | None = None) -> BoardState:
    day = day or timezone.localdate()
    version = board_version(desk, day)
    seats = {s.counter_id: s for s in CounterSeat.objects.filter(counter__desk=desk).select_related("current")}
    counters = []
    for counter in Counter.objects.filter(desk=desk, is_active=True).order_by("number"):
        seat = seats.get(counter.pk)
        current = seat.current if seat and seat.current and seat.current.state == TicketState.CALLED else None
        counters.append(
            {
                "number": counter.number,
                "name": counter.name,
                "status": seat.status if seat else SeatStatus.CLOSED,
                "label": current.label if current else "",
            }
        )
    calls = (
        TicketEvent.objects.filter(
            ticket__desk=desk, ticket__day=day, kind__in=(TicketEventKind.CALL, TicketEventKind.RECALL)
        )
        .select_related("ticket", "counter")
        .order_by("-id")[: int(queue_setting("RECENT_CALLS"))]
    )
    recent: list[dict[str, Any]] = [
        {"id": e.pk, "label": e.ticket.label, "counter": e.counter.number if e.counter else None, "at": e.at}
        for e in calls
    ]
    counts = dict(
        waiting(day).filter(desk=desk).values_list("group_id").annotate(n=Count("id")).values_list("group_id", "n")
    )
    groups = [{"prefix": g.prefix, "name": g.name, "waiting": counts.get(g.pk, 0)} for g in groups_for_desk(desk)]
    return BoardState(desk, counters, recent, groups, version, int(recent[0]["id"]) if recent else 0)


# A counter's screen ------------------------------------------------------------------------------


def seat_for(counter: Counter) -> CounterSeat:
    seat = CounterSeat.objects.filter(counter=counter).select_related("current", "current__group", "officer").first()
    return seat or CounterSeat(counter=counter, status=SeatStatus.CLOSED, updated_at=timezone.now())


def counter_group_ids(counter: Counter) -> list[int]:
    return list(ServiceGroup.objects.filter(counters=counter, is_active=True).values_list("pk", flat=True))


def counter_queue(counter: Counter, day: dt.date | None = None) -> QuerySet[QueueTicket]:
    """The waiting tickets this counter may call, in the order it would call them."""
    day = day or timezone.localdate()
    mine = Q(group_id__in=counter_group_ids(counter), target_counter__isnull=True) | Q(target_counter=counter)
    return waiting(day).filter(mine).select_related("group").order_by(*ORDER)


def restorable_no_shows(counter: Counter, now: dt.datetime | None = None) -> QuerySet[QueueTicket]:
    now = now or timezone.now()
    since = now - dt.timedelta(minutes=int(queue_setting("NO_SHOW_RESTORE_MINUTES")))
    return QueueTicket.objects.filter(
        day=timezone.localdate(now), state=TicketState.NO_SHOW, skipped_at__gte=since, counter=counter
    ).order_by("-skipped_at")


def waiting_counts(desk: Desk, day: dt.date | None = None) -> dict[int, dict[str, int]]:
    """Per group: waiting tickets and how many are front class."""
    day = day or timezone.localdate()
    rows = (
        waiting(day)
        .filter(desk=desk)
        .values("group_id")
        .annotate(n=Count("id"), front=Count("id", filter=Q(is_front=True)))
    )
    return {r["group_id"]: {"waiting": r["n"], "front": r["front"]} for r in rows}


def mean_wait_today(desk: Desk) -> float | None:
    row = QueueTicket.objects.filter(desk=desk, day=timezone.localdate(), first_called_at__isnull=False).aggregate(
        w=Avg(ExpressionWrapper(F("first_called_at") - F("issued_at"), output_field=DurationField()))
    )
    return row["w"].total_seconds() / 60 if row["w"] else None
