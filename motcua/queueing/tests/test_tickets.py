"""Issuing tickets: numbers, labels, idempotent taps, priorities, people ahead and the estimate."""

from __future__ import annotations

import datetime as dt

import pytest

from ..choices import PriorityStatus, TicketState
from ..errors import QueueError
from ..models import QueueTicket
from ..selectors import estimate_wait_minutes, people_ahead
from ..services import queue_close_day, ticket_issue, ticket_priority_check
from .conftest import at


def test_numbers_run_per_group_and_day_without_gaps(floor):
    labels = [
        ticket_issue(desk=floor.desk, group=g, at=at(i)).label
        for i, g in enumerate([floor.a, floor.a, floor.b, floor.a])
    ]
    assert labels == ["A001", "A002", "B001", "A003"]
    tomorrow = at(24 * 60)
    assert ticket_issue(desk=floor.desk, group=floor.a, at=tomorrow).label == "A001"


def test_a_retried_tap_returns_the_same_ticket(floor):
    first = ticket_issue(desk=floor.desk, group=floor.a, client_key="tap-1")
    again = ticket_issue(desk=floor.desk, group=floor.a, client_key="tap-1")
    assert again.pk == first.pk
    assert QueueTicket.objects.count() == 1
    assert ticket_issue(desk=floor.desk, group=floor.a, client_key="tap-2").label == "A002"


def test_a_group_of_another_centre_or_an_unknown_priority_is_refused(floor):
    from motcua.org.tests.factories import DeskFactory

    from ..models import ServiceGroup

    elsewhere = ServiceGroup.objects.create(desk=DeskFactory(), prefix="A", name="x")
    with pytest.raises(QueueError):
        ticket_issue(desk=floor.desk, group=elsewhere)
    with pytest.raises(QueueError):
        ticket_issue(desk=floor.desk, group=floor.a, priority="vip")
    assert not QueueTicket.objects.exists()


def test_priority_goes_to_the_front_and_staff_can_refuse_it(floor):
    normal = ticket_issue(desk=floor.desk, group=floor.a, at=at(0))
    elderly = ticket_issue(desk=floor.desk, group=floor.a, priority="elderly", at=at(1))
    assert elderly.is_front and elderly.priority_status == PriorityStatus.CLAIMED
    assert people_ahead(elderly) == 0
    assert people_ahead(QueueTicket.objects.get(pk=normal.pk)) == 1
    ticket_priority_check(ticket=elderly, actor=floor.officer, confirmed=False)
    elderly.refresh_from_db()
    assert (elderly.is_front, elderly.priority_status, elderly.priority) == (False, PriorityStatus.REVOKED, "elderly")
    assert people_ahead(elderly) == 1  # back in the normal queue, at its issue time


def test_people_ahead_and_estimate(floor):
    for i in range(4):
        ticket_issue(desk=floor.desk, group=floor.a, at=at(i))
    fifth = ticket_issue(desk=floor.desk, group=floor.a, at=at(5))
    assert fifth.people_ahead == 4
    # default 10 minutes per person, one open counter at least
    assert fifth.estimated_wait_minutes == 40
    assert estimate_wait_minutes(floor.a, 0) == 0


def test_close_day_marks_the_unserved(floor):
    ticket = ticket_issue(desk=floor.desk, group=floor.a)
    assert queue_close_day() == 1
    ticket.refresh_from_db()
    assert ticket.state == TicketState.EXPIRED


def test_the_daily_limit_fails_loudly(floor):
    from ..models import TicketSequence

    TicketSequence.objects.create(group=floor.a, day=dt.date(2026, 12, 7), last=99_999)
    with pytest.raises(QueueError) as refused:
        ticket_issue(desk=floor.desk, group=floor.a)
    assert refused.value.code == "exhausted"
    assert TicketSequence.objects.get(group=floor.a).last == 99_999  # rolled back
