"""Appointments: slots, capacity, cancel, check-in window (services.md §3)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from motcua.notifications.models import OutboxMessage

from ..choices import AppointmentState
from ..errors import QueueError
from ..models import Appointment, SlotBooking
from ..selectors import people_ahead
from ..services import appointment_book, appointment_cancel, appointment_slots, ticket_checkin, ticket_issue
from .conftest import at

TUESDAY = dt.date(2026, 12, 8)
SATURDAY = dt.date(2026, 12, 12)


def book(floor, slot=dt.time(9, 30), day=TUESDAY, **kw):
    data = {"name": "Lò Thị Mai", "phone": "0912 000 111"} | kw
    return appointment_book(group=floor.a, day=day, slot=slot, **data)


def test_slots_follow_working_hours_and_skip_the_weekend(floor):
    slots = appointment_slots(group=floor.a, day=TUESDAY)
    assert slots[0].label == "07:00" and slots[-1].label == "16:30"
    assert "11:30" not in [s.label for s in slots] and "13:30" in [s.label for s in slots]
    assert appointment_slots(group=floor.a, day=SATURDAY) == []
    today = appointment_slots(group=floor.a, day=dt.date(2026, 12, 7))
    assert today[0].label == "09:30"  # past times of today are not offered


def test_booking_sends_the_code_and_holds_capacity(floor, django_capture_on_commit_callbacks):
    floor.a.slot_capacity = 2
    floor.a.save()
    first = book(floor)
    assert len(first.code) == 6 and first.phone == "0912000111"
    assert set(OutboxMessage.objects.filter(event="queue.appointment_booked").values_list("channel", flat=True)) == {
        "sms"
    }
    book(floor, name="Người thứ hai")
    with pytest.raises(QueueError) as refused:
        book(floor, name="Người thứ ba")
    assert refused.value.code == "full"
    assert Appointment.objects.count() == 2
    assert appointment_slots(group=floor.a, day=TUESDAY)[5].free == 0  # 09:30 is the 6th slot


@pytest.mark.parametrize(
    ("day", "slot", "code"),
    [
        (SATURDAY, dt.time(9, 0), "slot"),
        (dt.date(2026, 12, 30), dt.time(9, 0), "day"),
        (TUESDAY, dt.time(9, 10), "slot"),
        (dt.date(2026, 12, 7), dt.time(8, 0), "slot"),
    ],
)
def test_bad_days_and_times_are_refused(floor, day, slot, code):
    with pytest.raises(QueueError) as refused:
        book(floor, day=day, slot=slot)
    assert refused.value.code == code
    assert not Appointment.objects.exists() and not SlotBooking.objects.filter(booked__gt=0).exists()


def test_a_contact_is_required(floor):
    with pytest.raises(QueueError):
        book(floor, phone="", email="")
    with pytest.raises(QueueError):
        book(floor, phone="12")


def test_cancel_frees_the_place_once(floor):
    booked = book(floor)
    appointment_cancel(token=booked.cancel_token)
    assert SlotBooking.objects.get().booked == 0
    with pytest.raises(QueueError):
        appointment_cancel(token=booked.cancel_token)
    assert SlotBooking.objects.get().booked == 0


def test_checkin_window(floor, clock):
    booked = book(floor, day=dt.date(2026, 12, 7), slot=dt.time(10, 0))
    normal = ticket_issue(desk=floor.desk, group=floor.a, at=at(0))
    with pytest.raises(QueueError) as refused:
        ticket_checkin(desk=floor.desk, code=booked.code, at=at(44))  # 09:44: more than 15 min early
    assert refused.value.code == "too_early"
    ticket = ticket_checkin(desk=floor.desk, code=booked.code.lower(), at=at(50))
    assert ticket.is_front and ticket.appointment_id == booked.pk
    assert people_ahead(ticket) == 0 and people_ahead(normal) == 1
    assert ticket_checkin(desk=floor.desk, code=booked.code, at=at(51)).pk == ticket.pk  # again: same ticket
    booked.refresh_from_db()
    assert booked.state == AppointmentState.CHECKED_IN


def test_late_checkin_gives_a_normal_ticket(floor):
    booked = book(floor, day=dt.date(2026, 12, 7), slot=dt.time(9, 30))
    ticket = ticket_checkin(desk=floor.desk, code=booked.code, at=timezone.localtime(at(46)))  # 09:46
    assert not ticket.is_front


def test_checkin_with_an_unknown_or_cancelled_code(floor):
    with pytest.raises(QueueError):
        ticket_checkin(desk=floor.desk, code="ZZZZZZ")
    booked = book(floor, day=dt.date(2026, 12, 7), slot=dt.time(9, 30))
    appointment_cancel(token=booked.cancel_token)
    with pytest.raises(QueueError):
        ticket_checkin(desk=floor.desk, code=booked.code)
