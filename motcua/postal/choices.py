from django.db import models
from django.utils.translation import gettext_lazy as _


class OrderKind(models.TextChoices):
    SUBMIT = "submit", _("Postal submission")
    RETURN = "return", _("Postal return of the result")
    BOTH = "both", _("Postal submission and return")


class OrderStatus(models.TextChoices):
    REQUESTED = "requested", _("Pickup requested")
    COLLECTED = "collected", _("Collected and sealed")
    HANDED_OVER = "handed_over", _("Handed over to the desk")
    RESULT_READY = "result_ready", _("Result ready for pickup")
    IN_TRANSIT = "in_transit", _("Result on its way")
    DELIVERED = "delivered", _("Result delivered")
    FAILED = "failed", _("Delivery failed")
    CANCELLED = "cancelled", _("Cancelled")


class HandoverDirection(models.TextChoices):
    INBOUND = "inbound", _("Dossiers from the postal service to the desk")
    OUTBOUND = "outbound", _("Results from the desk to the postal service")
