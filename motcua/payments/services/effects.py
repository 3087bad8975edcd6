"""What happens when a payment becomes paid, whatever the channel (gateway, counter, postal).

Runs inside the transaction that marked the payment paid. The gateway flow adds its own step (a draft
waiting for its submission fee is submitted); every path ends here.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from motcua.audit.services import audit_record

from ..choices import Method
from ..models import Payment
from .receipts_numbering import receipt_number_allocate


def payment_paid_effects(payment: Payment, *, actor: Any = None) -> None:
    receipt_number_allocate(payment)
    audit_record(
        chain=f"dossier:{payment.dossier_id}",
        kind="payment.paid",
        object_type="payment",
        object_id=payment.pk,
        actor=actor if getattr(actor, "pk", None) else None,
        data={
            "txn_ref": payment.txn_ref,
            "amount": payment.amount_vnd,
            "method": payment.method,
            "gateway": payment.gateway,
            "gateway_txn_no": payment.gateway_txn_no,
            "receipt": f"{payment.receipt_year}/{payment.receipt_no}",
        },
        at=payment.paid_at or timezone.now(),
    )
    # A finished dossier whose e-result waited for the fee is published now (motcua.esign).
    from motcua.dossiers.services.results import dossier_publish_eresult

    dossier_publish_eresult(dossier=payment.dossier, at=payment.paid_at)
    if payment.method == Method.GATEWAY:
        # The draft that waited for its submission fee is submitted; the applicant is told.
        from .gateway_followups import gateway_paid_followups

        gateway_paid_followups(payment)
