"""Counter actions and the queue order (services.md §3)."""

from __future__ import annotations

import pytest

from motcua.dossiers.errors import DossierError

from ..choices import SeatStatus, TicketEventKind, TicketState
from ..errors import QueueConflict, QueueError
from ..models import CounterSeat, QueueTicket, TicketEvent
from ..services import (
    seat_close,
    seat_pause,
    ticket_call_next,
    ticket_finish,
    ticket_recall,
    ticket_restore,
    ticket_skip,
    ticket_start,
    ticket_transfer,
)
from ..services import ticket_issue as issue
from .conftest import at


def call(floor, n=0, minutes=30.0):
    return ticket_call_next(counter=floor.counters[n], officer=floor.officer, at=at(minutes))


def test_front_class_first_then_fifo(floor):
    a1 = issue(desk=floor.desk, group=floor.a, at=at(0))
    a2 = issue(desk=floor.desk, group=floor.a, at=at(1))
    p = issue(desk=floor.desk, group=floor.a, priority="pregnant", at=at(2))
    assert [call(floor, minutes=10 + i).pk for i in range(3)] == [p.pk, a1.pk, a2.pk]
    assert call(floor, minutes=20) is None


def test_a_counter_calls_only_its_groups_and_tickets_sent_to_it(floor):
    b1 = issue(desk=floor.desk, group=floor.b, at=at(0))
    a1 = issue(desk=floor.desk, group=floor.a, at=at(1))
    assert call(floor, 0).pk == a1.pk  # counter 1 serves A and R, not B
    assert call(floor, 0, 31) is None
    assert call(floor, 2, 32).pk == b1.pk


def test_after_three_front_calls_a_long_waiting_normal_ticket_goes_first(floor):
    normal = issue(desk=floor.desk, group=floor.a, at=at(0))
    fronts = [issue(desk=floor.desk, group=floor.a, priority="elderly", at=at(1 + i)) for i in range(5)]
    called = [call(floor, minutes=40 + i).pk for i in range(5)]
    # three front-class calls, then the normal ticket that has waited over 30 minutes, then front again
    assert called == [fronts[0].pk, fronts[1].pk, fronts[2].pk, normal.pk, fronts[3].pk]


def test_no_starvation_rule_before_30_minutes(floor):
    normal = issue(desk=floor.desk, group=floor.a, at=at(0))
    fronts = [issue(desk=floor.desk, group=floor.a, priority="elderly", at=at(1 + i)) for i in range(4)]
    called = [call(floor, minutes=5 + i).pk for i in range(5)]
    assert called == [f.pk for f in fronts] + [normal.pk]


def test_call_next_finishes_the_current_ticket_and_one_ticket_per_counter(floor):
    first = issue(desk=floor.desk, group=floor.a, at=at(0))
    second = issue(desk=floor.desk, group=floor.a, at=at(1))
    assert call(floor, 0, 10).pk == first.pk
    assert call(floor, 1, 10).pk == second.pk  # the other counter of group A takes the next one
    third = issue(desk=floor.desk, group=floor.a, at=at(11))
    assert call(floor, 0, 20).pk == third.pk
    first.refresh_from_db()
    assert first.state == TicketState.DONE and first.finished_at == at(20)
    seat = CounterSeat.objects.get(counter=floor.counters[0])
    assert seat.current_id == third.pk and seat.rating_ticket_id == first.pk
    assert QueueTicket.objects.filter(state=TicketState.CALLED).count() == 2


def test_recall_up_to_three_times(floor):
    ticket = issue(desk=floor.desk, group=floor.a)
    call(floor)
    for _ in range(3):
        ticket_recall(counter=floor.counters[0], officer=floor.officer, ticket_id=ticket.pk)
    with pytest.raises(QueueError) as refused:
        ticket_recall(counter=floor.counters[0], officer=floor.officer, ticket_id=ticket.pk)
    assert refused.value.code == "recall_limit"
    assert TicketEvent.objects.filter(ticket=ticket, kind=TicketEventKind.RECALL).count() == 3


def test_no_show_restored_within_30_minutes_goes_to_the_back(floor):
    gone = issue(desk=floor.desk, group=floor.a, at=at(0))
    other = issue(desk=floor.desk, group=floor.a, at=at(1))
    call(floor, minutes=5)
    ticket_skip(counter=floor.counters[0], officer=floor.officer, ticket_id=gone.pk, at=at(6))
    ticket_restore(ticket=gone, officer=floor.officer, at=at(20))
    gone.refresh_from_db()
    assert gone.state == TicketState.WAITING and gone.queued_at == at(20)
    assert call(floor, minutes=21).pk == other.pk
    assert call(floor, minutes=22).pk == gone.pk


def test_no_show_cannot_be_restored_after_the_window(floor):
    gone = issue(desk=floor.desk, group=floor.a, at=at(0))
    call(floor, minutes=5)
    ticket_skip(counter=floor.counters[0], officer=floor.officer, at=at(6))
    with pytest.raises(QueueError) as refused:
        ticket_restore(ticket=gone, officer=floor.officer, at=at(37))
    assert refused.value.code == "restore_window"
    gone.refresh_from_db()
    assert gone.state == TicketState.NO_SHOW


def test_transfer_to_a_group_keeps_the_issue_time(floor):
    moved = issue(desk=floor.desk, group=floor.a, at=at(0))
    later_b = issue(desk=floor.desk, group=floor.b, at=at(5))
    call(floor, 0, 10)
    ticket_transfer(counter=floor.counters[0], officer=floor.officer, to_group=floor.b, ticket_id=moved.pk, at=at(12))
    moved.refresh_from_db()
    assert (moved.group_id, moved.state, moved.label, moved.transfer_count) == (
        floor.b.pk,
        TicketState.WAITING,
        "A001",
        1,
    )
    assert call(floor, 2, 13).pk == moved.pk  # issued before B001
    assert QueueTicket.objects.get(pk=later_b.pk).state == TicketState.WAITING


def test_transfer_to_a_counter_only_that_counter_calls_it(floor):
    moved = issue(desk=floor.desk, group=floor.a, at=at(0))
    call(floor, 0, 5)
    ticket_transfer(counter=floor.counters[0], officer=floor.officer, to_counter=floor.counters[2], at=at(6))
    assert call(floor, 1, 7) is None  # counter 2 serves A but the ticket was sent to counter 3
    assert call(floor, 2, 8).pk == moved.pk


def test_transfer_needs_exactly_one_target(floor):
    issue(desk=floor.desk, group=floor.a)
    call(floor)
    with pytest.raises(QueueError):
        ticket_transfer(counter=floor.counters[0], officer=floor.officer)
    with pytest.raises(QueueError):
        ticket_transfer(counter=floor.counters[0], officer=floor.officer, to_counter=floor.counters[0])


def test_a_stale_screen_gets_changed_meanwhile(floor):
    first = issue(desk=floor.desk, group=floor.a, at=at(0))
    issue(desk=floor.desk, group=floor.a, at=at(1))
    call(floor, 0, 5)
    call(floor, 0, 6)  # e.g. a second tab called the next one
    with pytest.raises(QueueConflict):
        ticket_finish(counter=floor.counters[0], officer=floor.officer, ticket_id=first.pk)


def test_pause_stops_calls_and_close_finishes_the_current(floor):
    ticket = issue(desk=floor.desk, group=floor.a)
    issue(desk=floor.desk, group=floor.a)
    call(floor)
    ticket_start(counter=floor.counters[0], officer=floor.officer)
    seat_pause(counter=floor.counters[0], officer=floor.officer)
    with pytest.raises(DossierError) as refused:
        call(floor)
    assert refused.value.code == "paused"
    seat_close(counter=floor.counters[0], officer=floor.officer)
    ticket.refresh_from_db()
    assert ticket.state == TicketState.DONE and ticket.started_at is not None
    assert CounterSeat.objects.get(counter=floor.counters[0]).status == SeatStatus.CLOSED


def test_actions_without_a_current_ticket_are_refused(floor):
    for action in (ticket_recall, ticket_finish, ticket_skip, ticket_start):
        with pytest.raises(QueueError) as refused:
            action(counter=floor.counters[0], officer=floor.officer)
        assert refused.value.code == "no_ticket"
