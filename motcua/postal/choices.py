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
    INCOMPLETE = "incomplete", _("Returned as incomplete")
    RESULT_READY = "result_ready", _("Result ready for pickup")
    IN_TRANSIT = "in_transit", _("Result on its way")
    DELIVERED = "delivered", _("Result delivered")
    FAILED = "failed", _("Delivery failed")
    CANCELLED = "cancelled", _("Cancelled")


class HandoverDirection(models.TextChoices):
    INBOUND = "inbound", _("Dossiers from the postal service to the desk")
    OUTBOUND = "outbound", _("Results from the desk to the postal service")


class DeliveryStatus(models.TextChoices):
    """Statuses a delivery event may carry; `delivered` and `failed` settle the order."""

    IN_TRANSIT = "in_transit", _("In transit")
    OUT_FOR_DELIVERY = "out_for_delivery", _("Out for delivery")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Delivery failed")
    RETURNED = "returned", _("Returned to the sender")


class WebhookStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


# Orders the postal worker still has to act on, and orders whose parcel is with the desk.
OPEN_PICKUP = (OrderStatus.REQUESTED,)
RETURN_KINDS = (OrderKind.RETURN, OrderKind.BOTH)
