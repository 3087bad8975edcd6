from django.db import models
from django.utils.translation import gettext_lazy as _


class TicketState(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    CALLED = "called", _("Being served")
    DONE = "done", _("Served")
    NO_SHOW = "no_show", _("Did not come")
    CANCELLED = "cancelled", _("Cancelled")
    EXPIRED = "expired", _("Not served by closing time")


class Priority(models.TextChoices):
    """Priority categories (services.md §3; more are configurable through MOTCUA_QUEUE)."""

    ELDERLY = "elderly", _("Elderly person")
    DISABLED = "disabled", _("Person with a disability")
    PREGNANT = "pregnant", _("Pregnant woman")
    SMALL_CHILD = "small_child", _("With a small child")


class PriorityStatus(models.TextChoices):
    NONE = "", _("None")
    CLAIMED = "claimed", _("Chosen at the kiosk")
    CONFIRMED = "confirmed", _("Confirmed by staff")
    REVOKED = "revoked", _("Not confirmed")


class SeatStatus(models.TextChoices):
    OPEN = "open", _("Open")
    PAUSED = "paused", _("Paused")
    CLOSED = "closed", _("Closed")


class TicketEventKind(models.TextChoices):
    CALL = "call", _("Called")
    RECALL = "recall", _("Called again")
    START = "start", _("Service started")
    FINISH = "finish", _("Served")
    SKIP = "skip", _("Marked as not come")
    RESTORE = "restore", _("Put back in the queue")
    TRANSFER = "transfer", _("Transferred")
    LINK = "link", _("Linked to a dossier")
    PRIORITY = "priority", _("Priority checked")
    CANCEL = "cancel", _("Cancelled")


class AppointmentState(models.TextChoices):
    BOOKED = "booked", _("Booked")
    CHECKED_IN = "checked_in", _("Checked in")
    CANCELLED = "cancelled", _("Cancelled")
    MISSED = "missed", _("Missed")


class DeviceKind(models.TextChoices):
    KIOSK = "kiosk", _("Ticket kiosk")
    BOARD = "board", _("Display board")
    TABLET = "tablet", _("Rating tablet")
