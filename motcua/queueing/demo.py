"""Demo floor: counter groups at the provincial centre and the first commune desk, and a month of
past tickets (with tablet ratings) so the queue statistics have something to show.

The history is written in bulk like the generated dossiers (it is past data, not live actions);
it is deterministic for a seed, and made once.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone

from motcua.calendars.selectors import working_time_for
from motcua.feedback.models import Criterion, Rating, RatingSource, Score
from motcua.org.models import Desk, RoleAssignment

from .choices import SeatStatus, TicketState
from .models import CounterSeat, QueueTicket, ServiceGroup, TicketSequence

RETURN_GROUP = "Trả kết quả, nhận hồ sơ bổ sung"


def build_groups(desk: Desk) -> list[ServiceGroup]:
    """One group per counter (its fields), plus a result-return group every counter serves."""
    made = []
    counters = list(desk.counters.filter(is_active=True).order_by("number"))
    for position, counter in enumerate(counters):
        prefix = "ABCDEFGHKLMN"[position]
        group, _ = ServiceGroup.objects.get_or_create(
            desk=desk, prefix=prefix, defaults={"name": counter.name or f"Quầy {counter.number}", "position": position}
        )
        group.counters.set([counter])
        group.fields.set(counter.fields.all())
        made.append(group)
    if counters:
        back, _ = ServiceGroup.objects.get_or_create(
            desk=desk, prefix="R", defaults={"name": RETURN_GROUP, "position": 50, "slot_capacity": 6}
        )
        back.counters.set(counters)
        made.append(back)
    return made


def build_queue_demo(desks: list[Desk], *, days: int = 30, seed: int = 7) -> int:
    """Groups on each desk and `days` working days of history; returns the tickets made now."""
    made = 0
    for desk in desks:
        groups = build_groups(desk)
        if groups and not QueueTicket.objects.filter(desk=desk).exists():
            made += _history(desk, groups, days=days, rng=random.Random(f"{seed}:{desk.code}"))
    return made


def _officers(desk: Desk) -> list[int]:
    ids = list(
        RoleAssignment.objects.filter(desk=desk, role="desk_officer").values_list("user_id", flat=True).distinct()
    )
    return ids or list(RoleAssignment.objects.filter(agency=desk.agency).values_list("user_id", flat=True)[:1])


def _history(desk: Desk, groups: list[ServiceGroup], *, days: int, rng: random.Random) -> int:
    wt = working_time_for(agency=desk.agency_id)
    today = timezone.localdate()
    officers = _officers(desk)
    counters = {g.pk: list(g.counters.all()) for g in groups}
    tickets: list[QueueTicket] = []
    day = today - dt.timedelta(days=1)
    worked = 0
    while worked < days:
        if wt.is_working_day(day):
            worked += 1
            tickets += _day(desk, groups, counters, officers, day, rng)
        day -= dt.timedelta(days=1)
    with transaction.atomic():
        QueueTicket.objects.bulk_create(tickets, batch_size=500)
        sequences: dict[tuple[int, dt.date], int] = {}
        for t in tickets:
            key = (t.group_id, t.day)
            sequences[key] = max(sequences.get(key, 0), t.number)
        TicketSequence.objects.bulk_create(
            [TicketSequence(group_id=g, day=d, last=n) for (g, d), n in sequences.items()], ignore_conflicts=True
        )
        saved = QueueTicket.objects.filter(desk=desk, state=TicketState.DONE).select_related("counter__desk")
        Rating.objects.bulk_create(_ratings(saved, rng), batch_size=500)
        for counter in {c for cs in counters.values() for c in cs}:
            CounterSeat.objects.get_or_create(
                counter=counter, defaults={"status": SeatStatus.CLOSED, "updated_at": timezone.now()}
            )
    return len(tickets)


def _day(
    desk: Desk, groups: list[ServiceGroup], counters: dict, officers: list[int], day: dt.date, rng: random.Random
) -> list[QueueTicket]:
    tz = timezone.get_current_timezone()
    made = []
    for group in groups:
        free_at: dict[int, dt.datetime] = {}
        start = dt.datetime.combine(day, dt.time(7, 0), tzinfo=tz)
        at = start
        for number in range(1, rng.randint(8, 28) + 1):
            at += dt.timedelta(minutes=rng.expovariate(1 / 12))
            if at.time() > dt.time(16, 30):
                break
            counter = rng.choice(counters[group.pk]) if counters[group.pk] else None
            key = counter.pk if counter else 0
            called = max(at, free_at.get(key, start)) + dt.timedelta(minutes=rng.uniform(0.5, 3))
            served = rng.random() > 0.06
            finished = called + dt.timedelta(minutes=rng.lognormvariate(2.0, 0.5)) if served else None
            free_at[key] = finished or called + dt.timedelta(minutes=2)
            priority = rng.choice(("elderly", "disabled", "pregnant", "small_child")) if rng.random() < 0.08 else ""
            made.append(
                QueueTicket(
                    desk=desk,
                    group=group,
                    issued_group=group,
                    day=day,
                    number=number,
                    label=f"{group.prefix}{number:03d}",
                    state=TicketState.DONE if served else TicketState.NO_SHOW,
                    priority=priority,
                    priority_status="confirmed" if priority else "",
                    is_front=bool(priority),
                    issued_at=at,
                    queued_at=at,
                    first_called_at=called,
                    called_at=called,
                    finished_at=finished,
                    skipped_at=None if served else called + dt.timedelta(minutes=3),
                    counter=counter,
                    officer_id=rng.choice(officers) if officers else None,
                    call_count=1 if served else 3,
                    public_token=secrets.token_urlsafe(12),
                    updated_at=finished or called,
                )
            )
    return made


def _ratings(tickets: Any, rng: random.Random) -> list[Rating]:
    made = []
    for t in tickets:
        if rng.random() > 0.55:
            continue
        roll = rng.random()
        score = Score.VERY_SATISFIED if roll < 0.55 else Score.SATISFIED if roll < 0.93 else Score.NOT_SATISFIED
        criteria = (
            [rng.choice((Criterion.WAITING, Criterion.ATTITUDE, Criterion.GUIDANCE))]
            if score == Score.NOT_SATISFIED
            else []
        )
        when = t.finished_at + dt.timedelta(seconds=rng.randint(5, 90))
        made.append(
            Rating(
                source=RatingSource.TABLET,
                score=score,
                criteria=criteria,
                ticket=t,
                officer_id=t.officer_id,
                counter_id=t.counter_id,
                agency_id=t.counter.desk.agency_id if t.counter else t.desk.agency_id,
                created_at=when,
                updated_at=when,
            )
        )
    return made
