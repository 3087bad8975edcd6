"""What a paid gateway payment sets off, inside the transaction that marked it paid (called from
`payment_paid_effects`): the draft that waited for its submission fee is submitted as the applicant,
the applicant is told the payment was confirmed (a history row without state change, so the usual
outbox sends the e-mail and SMS), and money that arrived for nothing is put up for refund.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone

from motcua.audit.services import audit_record
from motcua.dossiers.choices import State
from motcua.dossiers.errors import DossierError
from motcua.dossiers.services._base import dossier_lock, history_append
from motcua.dossiers.services.online import dossier_submit

from ..models import Payment, Refund

logger = logging.getLogger(__name__)

ACTION = "payment_confirmed"  # in motcua.dossiers.services._base.APPLICANT_EVENTS
ENDED = (State.NOT_ACCEPTED, State.WITHDRAWN, State.STOPPED, State.RETURNED)


def refund_open(payment: Payment, *, amount_vnd: int, reason: str) -> Refund | None:
    """Open a refund request for money that must go back (a fee paid twice, a dossier already ended)."""
    if Refund.objects.filter(payment=payment).exists():
        return None
    now = timezone.now()
    refund = Refund.objects.create(payment=payment, amount_vnd=amount_vnd, reason=reason[:300], requested_at=now)
    audit_record(
        chain=f"dossier:{payment.dossier_id}",
        kind="payment.refund_requested",
        object_type="payment",
        object_id=payment.pk,
        data={"txn_ref": payment.txn_ref, "amount": amount_vnd, "reason": reason},
        at=now,
    )
    return refund


def _auto_submit(payment: Payment) -> None:
    """Submit the draft as its applicant; if it became invalid meanwhile it stays a draft, fee paid,
    and the applicant submits it again from the draft page."""
    dossier = dossier_lock(payment.dossier_id)
    try:
        with transaction.atomic():
            dossier_submit(applicant=dossier.applicant, dossier=dossier, ip=payment.client_ip)
    except DossierError as error:
        audit_record(
            chain=f"dossier:{payment.dossier_id}",
            kind="payment.auto_submit_refused",
            object_type="payment",
            object_id=payment.pk,
            data={"txn_ref": payment.txn_ref, "reason": str(error.message)},
        )


def gateway_paid_followups(payment: Payment) -> None:
    dossier = dossier_lock(payment.dossier_id)
    if dossier.state == State.DRAFT:
        _auto_submit(payment)
        dossier = dossier_lock(payment.dossier_id)
    if dossier.state == State.DRAFT:
        return  # no code yet: the draft page shows the paid fee; nothing to tell the national portal
    if dossier.state in ENDED:
        refund_open(payment, amount_vnd=payment.amount_vnd, reason=f"paid_after_{dossier.state}")
    history_append(
        dossier,
        action=ACTION,
        actor=None,
        at=payment.paid_at or timezone.now(),
        from_state=dossier.state,
        data={
            "txn_ref": payment.txn_ref,
            "amount": payment.amount_vnd,
            "gateway": payment.gateway,
            "receipt": f"{payment.receipt_year}/{payment.receipt_no}",
        },
    )
