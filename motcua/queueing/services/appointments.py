"""Appointments (services.md §3): book a slot within its capacity, cancel by link, check in at the kiosk.

Capacity holds under races: a slot's `SlotBooking` row is bumped with a conditional UPDATE
(`booked < capacity`), so the (capacity + 1)-th booking of the same instant updates nothing.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.identifiers import normalise_email, normalise_phone
from motcua.calendars.selectors import working_time_for
from motcua.notifications.services import outbox_enqueue
from motcua.org.models import Desk

from ..choices import AppointmentState
from ..conf import queue_setting
from ..errors import QueueError
from ..models import Appointment, QueueTicket, ServiceGroup, SlotBooking
from .tickets import ticket_issue

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed at a kiosk


@dataclass(frozen=True)
class Slot:
    start: dt.time
    free: int

    @property
    def label(self) -> str:
        return f"{self.start:%H:%M}"


def _slot_starts(desk: Desk, day: dt.date) -> list[dt.time]:
    wt = working_time_for(agency=desk.agency_id, on=day)
    if not wt.is_working_day(day):
        return []
    step = int(queue_setting("SLOT_MINUTES"))
    starts = []
    for begin, end in wt.periods:
        minute = begin
        while minute + step <= end:
            starts.append(dt.time(minute // 60, minute % 60))
            minute += step
    return starts


def appointment_slots(*, group: ServiceGroup, day: dt.date, at: dt.datetime | None = None) -> list[Slot]:
    """The slots of a working day still in the future, with the places left in each."""
    now = timezone.localtime(at or timezone.now())
    booked = dict(SlotBooking.objects.filter(group=group, day=day).values_list("slot", "booked"))
    slots = []
    for start in _slot_starts(group.desk, day):
        if dt.datetime.combine(day, start, tzinfo=now.tzinfo) <= now:
            continue
        slots.append(Slot(start, max(0, group.slot_capacity - booked.get(start, 0))))
    return slots


def booking_days(at: dt.datetime | None = None) -> tuple[dt.date, dt.date]:
    today = timezone.localdate(at or timezone.now())
    return today, today + dt.timedelta(days=int(queue_setting("BOOKING_DAYS")))


def _check_booking(group: ServiceGroup, day: dt.date, slot: dt.time, now: dt.datetime) -> None:
    if not group.is_active or not group.accepts_appointments:
        raise QueueError(_("This service does not take appointments."), field="group")
    first, last = booking_days(now)
    if not first <= day <= last:
        raise QueueError(
            _("Choose a day from today to %(last)s.") % {"last": f"{last:%d/%m/%Y}"}, field="day", code="day"
        )
    if slot not in _slot_starts(group.desk, day):
        raise QueueError(_("Choose one of the offered times on a working day."), field="slot", code="slot")
    if dt.datetime.combine(day, slot, tzinfo=timezone.get_current_timezone()) <= now:
        raise QueueError(_("This time has already passed."), field="slot", code="slot")


def _take_place(group: ServiceGroup, day: dt.date, slot: dt.time) -> None:
    try:
        with transaction.atomic():
            SlotBooking.objects.get_or_create(group=group, day=day, slot=slot)
    except IntegrityError:
        pass
    took = SlotBooking.objects.filter(group=group, day=day, slot=slot, booked__lt=group.slot_capacity).update(
        booked=F("booked") + 1
    )
    if not took:
        raise QueueError(_("This time is fully booked. Choose another time."), field="slot", code="full")


def _code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))


def appointment_book(
    *,
    group: ServiceGroup,
    day: dt.date,
    slot: dt.time,
    name: str,
    phone: str = "",
    email: str = "",
    at: dt.datetime | None = None,
) -> Appointment:
    """Book a place; the booking code (and the cancel link) go by SMS and e-mail."""
    now = at or timezone.now()
    name = " ".join((name or "").split())[:200]
    if not name:
        raise QueueError(_("Enter your name."), field="name")
    phone_n = normalise_phone(phone) if phone else ""
    if phone and not phone_n:
        raise QueueError(_("Enter a valid phone number."), field="phone")
    email_n = normalise_email(email) if email else ""
    if not phone_n and not email_n:
        raise QueueError(_("Enter a phone number or an e-mail address for the booking code."), field="phone")
    _check_booking(group, day, slot, now)
    with transaction.atomic():
        _take_place(group, day, slot)
        appointment = Appointment.objects.create(
            desk=group.desk,
            group=group,
            day=day,
            slot=slot,
            code=_code(),
            name=name,
            phone=phone_n or "",
            email=email_n or "",
            cancel_token=secrets.token_urlsafe(24),
            created_at=now,
        )
        _notify(appointment)
    return appointment


def _notify(appointment: Appointment) -> None:
    base = str(settings.MOTCUA.get("PUBLIC_BASE_URL", "")).rstrip("/")
    payload = {
        "name": appointment.name,
        "code": appointment.code,
        "day": f"{appointment.day:%d/%m/%Y}",
        "time": f"{appointment.slot:%H:%M}",
        "centre": appointment.desk.name,
        "group": appointment.group.name,
        "link": base + reverse("queue_public:appointment", args=[appointment.cancel_token]),
        "agency_id": appointment.desk.agency_id,
    }
    recipients = [("sms", appointment.phone), ("email", appointment.email)]
    outbox_enqueue(
        event="queue.appointment_booked",
        event_key=f"appointment:{appointment.pk}",
        recipients=recipients,
        payload=payload,
    )


def appointment_cancel(*, token: str) -> Appointment:
    """Cancel by the link sent at booking; the place is freed for others."""
    with transaction.atomic():
        appointment = Appointment.objects.select_for_update().filter(cancel_token=token).first()
        if appointment is None:
            raise QueueError(_("This appointment link is not valid."), code="not_found")
        if appointment.state != AppointmentState.BOOKED:
            raise QueueError(_("This appointment can no longer be cancelled."), code="not_allowed")
        appointment.state = AppointmentState.CANCELLED
        appointment.save(update_fields=["state"])
        SlotBooking.objects.filter(
            group_id=appointment.group_id, day=appointment.day, slot=appointment.slot, booked__gt=0
        ).update(booked=F("booked") - 1)
    return appointment


def ticket_checkin(*, desk: Desk, code: str, client_key: str = "", at: dt.datetime | None = None) -> QueueTicket:
    """At the kiosk with the booking code: from CHECKIN_EARLY before to CHECKIN_LATE after the slot
    the ticket is front class; later, a normal one; too early, none yet."""
    now = at or timezone.now()
    code = "".join((code or "").split()).upper()[:12]
    with transaction.atomic():
        appointment = Appointment.objects.select_for_update().filter(desk=desk, code=code).first()
        if appointment is None or appointment.day != timezone.localdate(now):
            raise QueueError(_("No appointment with this code today at this centre."), field="code", code="not_found")
        if appointment.state == AppointmentState.CHECKED_IN:
            ticket = QueueTicket.objects.filter(appointment=appointment).first()
            if ticket is not None:
                return ticket
        if appointment.state != AppointmentState.BOOKED:
            raise QueueError(_("This appointment was cancelled."), field="code", code="not_allowed")
        start = dt.datetime.combine(appointment.day, appointment.slot, tzinfo=timezone.get_current_timezone())
        early = start - dt.timedelta(minutes=int(queue_setting("CHECKIN_EARLY_MINUTES")))
        late = start + dt.timedelta(minutes=int(queue_setting("CHECKIN_LATE_MINUTES")))
        if now < early:
            raise QueueError(
                _("Check-in opens at %(time)s. Please come back then.")
                % {"time": f"{timezone.localtime(early):%H:%M}"},
                field="code",
                code="too_early",
            )
        ticket = ticket_issue(
            desk=desk,
            group=appointment.group,
            front=now <= late,
            appointment=appointment,
            client_key=client_key,
            at=now,
        )
        appointment.state, appointment.checked_in_at = AppointmentState.CHECKED_IN, now
        appointment.save(update_fields=["state", "checked_in_at"])
    return ticket


def appointments_erase_phones(*, at: dt.datetime | None = None) -> int:
    """Personal data of old appointments is erased (documents-and-codes.md §8, 90 days by default)."""
    before = timezone.localdate(at or timezone.now()) - dt.timedelta(days=int(queue_setting("PHONE_RETENTION_DAYS")))
    return (
        Appointment.objects.filter(day__lt=before)
        .exclude(name="", phone="", email="")
        .update(name="", phone="", email="")
    )
