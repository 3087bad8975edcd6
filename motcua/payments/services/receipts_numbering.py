"""Receipt numbers: one series per collecting agency per year, continuous, allocated when a payment
becomes paid, in that transaction (a rollback gives the number back, like dossier codes)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from ..models import Payment, ReceiptSequence


def receipt_number_allocate(payment: Payment) -> None:
    """Give a paid payment its receipt number (idempotent: a numbered payment keeps its number)."""
    if payment.receipt_no:
        return
    year = timezone.localdate(payment.paid_at or timezone.now()).year
    with transaction.atomic():
        ReceiptSequence.objects.get_or_create(agency_id=payment.agency_id, year=year)
        sequence = ReceiptSequence.objects.select_for_update().get(agency_id=payment.agency_id, year=year)
        ReceiptSequence.objects.filter(pk=sequence.pk).update(last=F("last") + 1)
        payment.receipt_year, payment.receipt_no = year, sequence.last + 1
        payment.save(update_fields=["receipt_year", "receipt_no", "updated_at"])
