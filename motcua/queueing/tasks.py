"""Nightly housekeeping of the floor (Celery beat; in-process in the embedded default)."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from .choices import AppointmentState
from .models import Appointment
from .services import queue_close_day
from .services.appointments import appointments_erase_phones


@shared_task
def close_day() -> dict[str, int]:
    """After closing time: tickets never served become 'not served', appointments never checked in
    become 'missed', and old appointments lose their personal data."""
    today = timezone.localdate()
    expired = queue_close_day(day=today)
    missed = Appointment.objects.filter(day__lte=today, state=AppointmentState.BOOKED).update(
        state=AppointmentState.MISSED
    )
    return {"expired": expired, "missed": missed, "erased": appointments_erase_phones()}
