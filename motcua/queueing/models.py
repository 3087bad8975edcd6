"""Queue tickets, counters at work, appointments and the floor devices (services.md §3).

A ticket's number comes from a sequence row per (group, day) bumped in the issuing transaction, so
numbers are unique and gap-free like dossier codes. The queue order is (front class first, then the
time the ticket joined the queue, then id); a counter claims its next ticket with a row lock that
skips rows another counter holds.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import AppointmentState, DeviceKind, PriorityStatus, SeatStatus, TicketEventKind, TicketState


class ServiceGroup(models.Model):
    """A counter group (*nhóm quầy*): what a person picks at the kiosk; its prefix starts each number."""

    desk = models.ForeignKey("org.Desk", on_delete=models.CASCADE, related_name="queue_groups", verbose_name=_("desk"))
    prefix = models.CharField(_("prefix"), max_length=2)
    name = models.CharField(_("name"), max_length=200)
    fields = models.ManyToManyField("catalog.Field", blank=True, related_name="+", verbose_name=_("fields"))
    counters = models.ManyToManyField(
        "org.Counter", blank=True, related_name="queue_groups", verbose_name=_("counters")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    accepts_appointments = models.BooleanField(_("takes appointments"), default=True)
    slot_capacity = models.PositiveSmallIntegerField(_("appointments per slot"), default=4)

    class Meta:
        verbose_name = _("counter group")
        verbose_name_plural = _("counter groups")
        ordering = ["desk", "position", "prefix"]
        constraints = [models.UniqueConstraint(fields=["desk", "prefix"], name="queue_group_prefix_per_desk")]

    def __str__(self) -> str:
        return f"{self.prefix} – {self.name}"


class TicketSequence(models.Model):
    group = models.ForeignKey(ServiceGroup, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["group", "day"], name="ticket_sequence_group_day")]

    def __str__(self) -> str:
        return f"{self.group_id}/{self.day}: {self.last}"


class QueueTicket(models.Model):
    desk = models.ForeignKey("org.Desk", on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey(ServiceGroup, on_delete=models.PROTECT, related_name="tickets")
    # The group whose sequence gave the number: a transfer moves `group`, never the number's owner.
    issued_group = models.ForeignKey(ServiceGroup, on_delete=models.PROTECT, related_name="+")
    day = models.DateField()
    number = models.PositiveIntegerField()
    label = models.CharField(_("number"), max_length=10)
    state = models.CharField(_("state"), max_length=12, choices=TicketState.choices, default=TicketState.WAITING)
    priority = models.CharField(_("priority"), max_length=24, blank=True)
    priority_status = models.CharField(max_length=12, choices=PriorityStatus.choices, blank=True, default="")
    is_front = models.BooleanField(default=False)
    appointment = models.OneToOneField(
        "Appointment", on_delete=models.SET_NULL, null=True, blank=True, related_name="ticket"
    )
    issued_at = models.DateTimeField(_("issued at"))
    queued_at = models.DateTimeField()
    first_called_at = models.DateTimeField(null=True, blank=True)
    called_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    skipped_at = models.DateTimeField(null=True, blank=True)
    counter = models.ForeignKey("org.Counter", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    target_counter = models.ForeignKey(
        "org.Counter", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    call_count = models.PositiveSmallIntegerField(default=0)
    transfer_count = models.PositiveSmallIntegerField(default=0)
    dossier = models.ForeignKey(
        "dossiers.Dossier", on_delete=models.SET_NULL, null=True, blank=True, related_name="queue_tickets"
    )
    estimated_wait_minutes = models.PositiveIntegerField(default=0)
    public_token = models.CharField(max_length=32, unique=True)
    client_key = models.CharField(max_length=64, blank=True)
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name = _("queue ticket")
        verbose_name_plural = _("queue tickets")
        ordering = ["-issued_at"]
        constraints = [
            models.UniqueConstraint(fields=["issued_group", "day", "number"], name="ticket_number_per_group_day"),
            models.UniqueConstraint(
                fields=["desk", "client_key"], condition=~Q(client_key=""), name="ticket_client_key_once"
            ),
        ]
        indexes = [
            models.Index(fields=["desk", "day", "state"], name="ticket_desk_day_state"),
            models.Index(fields=["group", "day", "state", "queued_at"], name="ticket_queue_order"),
            models.Index(fields=["desk", "updated_at"], name="ticket_desk_updated"),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.day:%d/%m/%Y})"


class TicketEvent(models.Model):
    """What happened to a ticket after it was issued (append-only)."""

    ticket = models.ForeignKey(QueueTicket, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=12, choices=TicketEventKind.choices)
    counter = models.ForeignKey("org.Counter", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField()
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.kind}"


class CounterSeat(models.Model):
    """A counter at work now: who sits there, whether it calls, the ticket it serves (one at most)."""

    counter = models.OneToOneField("org.Counter", on_delete=models.CASCADE, related_name="seat")
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=8, choices=SeatStatus.choices, default=SeatStatus.CLOSED)
    current = models.ForeignKey(QueueTicket, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    front_streak = models.PositiveSmallIntegerField(default=0)
    rating_ticket = models.ForeignKey(QueueTicket, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    rating_until = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.counter} ({self.status})"


class Appointment(models.Model):
    desk = models.ForeignKey("org.Desk", on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey(ServiceGroup, on_delete=models.PROTECT, related_name="appointments")
    day = models.DateField(_("date"))
    slot = models.TimeField(_("time"))
    code = models.CharField(_("booking code"), max_length=12, unique=True)
    name = models.CharField(_("name"), max_length=200)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    state = models.CharField(max_length=12, choices=AppointmentState.choices, default=AppointmentState.BOOKED)
    cancel_token = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField()
    checked_in_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["day", "slot"]
        indexes = [models.Index(fields=["group", "day", "slot"], name="appointment_slot")]

    def __str__(self) -> str:
        return f"{self.code} {self.day} {self.slot:%H:%M}"


class SlotBooking(models.Model):
    """Booked places in one slot; bumped with a conditional UPDATE, so capacity holds under races."""

    group = models.ForeignKey(ServiceGroup, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    slot = models.TimeField()
    booked = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["group", "day", "slot"], name="slot_booking_once")]

    def __str__(self) -> str:
        return f"{self.group_id} {self.day} {self.slot}: {self.booked}"


class FloorDevice(models.Model):
    """A kiosk, display board or rating tablet bound by staff; its browser keeps a signed cookie."""

    kind = models.CharField(_("kind"), max_length=8, choices=DeviceKind.choices)
    desk = models.ForeignKey("org.Desk", on_delete=models.CASCADE, related_name="+", verbose_name=_("desk"))
    counter = models.ForeignKey(
        "org.Counter", on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("counter")
    )
    name = models.CharField(_("name"), max_length=120, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField()
    last_seen_at = models.DateTimeField(null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("floor device")
        verbose_name_plural = _("floor devices")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.name or self.pk}"
