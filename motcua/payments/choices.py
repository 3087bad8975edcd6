from django.db import models
from django.utils.translation import gettext_lazy as _


class Method(models.TextChoices):
    CASH = "cash", _("Cash at the desk")
    TRANSFER = "transfer", _("Bank transfer")
    GATEWAY = "gateway", _("Online payment gateway")
    POSTAL = "postal", _("Collected by the postal service")


class PaymentStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    PAID = "paid", _("Paid")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")
    EXPIRED = "expired", _("Expired")
    REFUNDED = "refunded", _("Refunded")


FINAL_STATUSES = (PaymentStatus.PAID, PaymentStatus.FAILED, PaymentStatus.CANCELLED, PaymentStatus.EXPIRED)


class DueAt(models.TextChoices):
    """When a fee line must be paid (services.md §1 `payable_at`, folded to the two moments a dossier
    can be held at): before the desk starts processing, or before the result is handed over."""

    BEFORE_PROCESSING = "before_processing", _("Before processing")
    BEFORE_RESULT = "before_result", _("Before the result is returned")


class RefundStatus(models.TextChoices):
    REQUESTED = "requested", _("To be refunded")
    SENDING = "sending", _("Being sent to the payment gateway")
    DONE = "done", _("Refunded")
    FAILED = "failed", _("Refund failed")


class MatchStatus(models.TextChoices):
    MATCHED = "matched", _("Matched")
    GATEWAY_ONLY = "gateway_only", _("At the gateway only")
    LOCAL_ONLY = "local_only", _("In motcua only")
    AMOUNT_MISMATCH = "amount_mismatch", _("Amounts differ")
