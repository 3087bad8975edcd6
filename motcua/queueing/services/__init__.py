"""Writes of the office floor (services.md §3): tickets, counters, appointments, devices."""

from .appointments import appointment_book, appointment_cancel, appointment_slots, ticket_checkin
from .counter import (
    seat_close,
    seat_open,
    seat_pause,
    ticket_call_next,
    ticket_finish,
    ticket_link_dossier,
    ticket_recall,
    ticket_restore,
    ticket_skip,
    ticket_start,
    ticket_transfer,
)
from .devices import device_bind, device_revoke
from .tickets import queue_close_day, ticket_issue, ticket_priority_check

__all__ = [
    "appointment_book",
    "appointment_cancel",
    "appointment_slots",
    "device_bind",
    "device_revoke",
    "queue_close_day",
    "seat_close",
    "seat_open",
    "seat_pause",
    "ticket_call_next",
    "ticket_checkin",
    "ticket_finish",
    "ticket_issue",
    "ticket_link_dossier",
    "ticket_priority_check",
    "ticket_recall",
    "ticket_restore",
    "ticket_skip",
    "ticket_start",
    "ticket_transfer",
]
