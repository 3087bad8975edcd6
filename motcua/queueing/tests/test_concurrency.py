"""Races on PostgreSQL (services.md §3, B6): 16 kiosks issuing at once, counters calling at once,
a slot booked by more people than it holds, a kiosk tap sent twice. Each thread has its own
connection; SQLite serialises writers, so these are skipped there."""

from __future__ import annotations

import datetime as dt
from collections import Counter as Tally

import pytest
from django.conf import settings
from django.utils import timezone

from motcua.dossiers.tests.test_api_concurrency import in_parallel

from ..errors import QueueError
from ..models import Appointment, QueueTicket
from ..services import appointment_book, ticket_call_next, ticket_issue
from .conftest import build_floor

pytestmark = [
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="needs PostgreSQL: SQLite serialises all writers, so these races cannot occur there",
    ),
    pytest.mark.django_db(transaction=True),
    pytest.mark.slow,
]

KIOSKS = 16
PER_KIOSK = 40


def test_sixteen_kiosks_issue_unique_gap_free_numbers():
    floor = build_floor()
    groups = [floor.a, floor.b]

    def kiosk(index: int) -> list[str]:
        return [ticket_issue(desk=floor.desk, group=groups[(index + n) % 2]).label for n in range(PER_KIOSK)]

    labels = [label for batch in in_parallel(KIOSKS, kiosk) for label in batch]
    assert len(labels) == len(set(labels)) == KIOSKS * PER_KIOSK
    for group in groups:
        numbers = sorted(QueueTicket.objects.filter(issued_group=group).values_list("number", flat=True))
        assert numbers == list(range(1, len(numbers) + 1))
    assert sum(1 for label in labels if label.startswith("A")) == KIOSKS * PER_KIOSK // 2


def test_the_same_tap_sent_by_many_threads_makes_one_ticket():
    floor = build_floor()
    made = in_parallel(8, lambda i: ticket_issue(desk=floor.desk, group=floor.a, client_key="double-tap").pk)
    assert len(set(made)) == 1
    assert QueueTicket.objects.count() == 1
    assert ticket_issue(desk=floor.desk, group=floor.a).label == "A002"  # no number lost to the losers


def test_counters_calling_at_once_never_get_the_same_ticket():
    floor = build_floor()
    for _ in range(30):
        ticket_issue(desk=floor.desk, group=floor.r)
    officers = [floor.officer, floor.officer2, floor.officer]

    def counter(index: int) -> list[int]:
        got = []
        for _ in range(10):
            ticket = ticket_call_next(counter=floor.counters[index], officer=officers[index])
            if ticket is not None:
                got.append(ticket.pk)
        return got

    called = [pk for batch in in_parallel(3, counter) for pk in batch]
    assert len(called) == len(set(called)) == 30
    assert not QueueTicket.objects.filter(state="waiting").exists()


def test_a_slot_is_never_overbooked():
    floor = build_floor()
    floor.a.slot_capacity = 3
    floor.a.save()
    day = timezone.localdate() + dt.timedelta(days=1)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)

    def booker(index: int) -> str:
        try:
            appointment_book(group=floor.a, day=day, slot=dt.time(14, 0), name=f"Người {index}", phone="0912000111")
        except QueueError as exc:
            return exc.code
        return "ok"

    outcomes = Tally(in_parallel(10, booker))
    assert outcomes == {"ok": 3, "full": 7}
    assert Appointment.objects.count() == 3
