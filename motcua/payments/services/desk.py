"""The desk officer's money actions on a dossier: record fees received by hand, exempt a fee line.

Only the desk officer of the dossier's desk may do either (lifecycle.md §7), whoever else can see it.
Exemption (services.md §1): the catalogue says who is exempt in law (policy beneficiaries, poor
households...); the officer checks the applicant's proof at the desk and marks the line with the
reason. An exempt line is never owed. Both are audited.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.audit.services import audit_record
from motcua.dossiers.choices import State
from motcua.dossiers.errors import ActionNotAllowed, DossierError
from motcua.dossiers.models import Dossier
from motcua.dossiers.policy import desk_officer_required
from motcua.dossiers.services._base import dossier_lock
from motcua.dossiers.services.idempotency import IdempotencyKeyReused
from motcua.dossiers.services.results import dossier_publish_eresult

from ..choices import Method, PaymentStatus
from ..models import DossierFee, Payment, PaymentRequestKey
from .counter import payment_record_counter

DESK_METHODS = (Method.CASH, Method.TRANSFER)
# Endings after which nothing is collected (a refund is opened instead when the dossier was paid).
ENDED = (State.NOT_ACCEPTED, State.WITHDRAWN, State.STOPPED, State.RETURNED)


def payment_record_desk(
    *,
    actor: Any,
    dossier: Dossier,
    method: str,
    lines: list[DossierFee] | None = None,
    payer_name: str = "",
    note: str = "",
    at: dt.datetime | None = None,
) -> Payment:
    """Cash or a bank transfer received at the desk, recorded as paid by the dossier's desk officer.

    The dossier row is locked first, so two officers recording at once queue up and the second
    one's check of the lines reads what the first committed: it is refused ("already paid") by
    `payment_record_counter`, as is a double submit."""
    if method not in DESK_METHODS:
        raise DossierError(_("Choose how the fee was paid."), field="method")
    with transaction.atomic():
        dossier = dossier_lock(dossier)
        desk_officer_required(actor, dossier)
        if dossier.state in ENDED:
            raise ActionNotAllowed(_("This dossier has ended: no fee is collected on it any more."))
        return payment_record_counter(
            actor=actor, dossier=dossier, method=method, lines=lines, payer_name=payer_name, note=note, at=at
        )


def fee_line_exempt(*, actor: Any, line: DossierFee, reason: str, at: dt.datetime | None = None) -> DossierFee:
    """Mark one unpaid line exempt. A paid line is refunded instead; an exempt line stays as it is."""
    reason = reason.strip()
    if not reason:
        raise DossierError(_("Give the reason for the exemption (the legal basis and the proof seen)."), field="reason")
    with transaction.atomic():
        locked = DossierFee.objects.select_for_update(of=("self",)).select_related("dossier", "payment").get(pk=line.pk)
        desk_officer_required(actor, locked.dossier)
        if locked.payment is not None and locked.payment.status == PaymentStatus.PAID:
            raise ActionNotAllowed(_("This fee is already paid; it cannot be exempted."))
        if locked.exempt:
            raise ActionNotAllowed(_("This fee is already exempt."), code="stale")
        locked.exempt, locked.exemption_reason = True, reason[:300]
        locked.save(update_fields=["exempt", "exemption_reason"])
        audit_record(
            chain=f"dossier:{locked.dossier_id}",
            kind="payment.fee_exempted",
            object_type="dossier_fee",
            object_id=locked.pk,
            actor=actor,
            data={"name": locked.name, "amount": locked.amount_vnd, "reason": locked.exemption_reason},
            at=at or timezone.now(),
        )
        # An e-result that waited for this fee is published now, as after a payment.
        dossier_publish_eresult(dossier=locked.dossier, at=at)
    return locked


# --- Idempotent recording for API clients that retry (architecture.md convention 6) ----------------


def payment_idempotency_lookup(*, actor: Any, key: str, request_hash: str) -> Payment | None:
    """The payment an earlier request with this key recorded, or None if the key is new.

    Raises `IdempotencyKeyReused` when that request had another body."""
    row = PaymentRequestKey.objects.select_related("payment").filter(user=actor, key=key[:100]).first()
    if row is None:
        return None
    if row.request_hash != request_hash:
        raise IdempotencyKeyReused(
            _("This Idempotency-Key was already used with a different request body: send a new key.")
        )
    return row.payment


def payment_record_desk_idempotent(
    *, actor: Any, key: str, request_hash: str, dossier: Dossier, **record_kwargs: Any
) -> tuple[Payment, bool]:
    """`payment_record_desk` at most once per (actor, key); returns the payment and whether it is new.

    Two requests with one key racing: the second waits on the fee lines' row locks, then finds them
    paid (or loses on the key's unique constraint); either way it answers with the first's payment."""
    earlier = payment_idempotency_lookup(actor=actor, key=key, request_hash=request_hash)
    if earlier is not None:
        return earlier, False
    try:
        with transaction.atomic():
            payment = payment_record_desk(actor=actor, dossier=dossier, **record_kwargs)
            PaymentRequestKey.objects.create(user=actor, key=key[:100], request_hash=request_hash, payment=payment)
    except (DossierError, IntegrityError):
        winner = payment_idempotency_lookup(actor=actor, key=key, request_hash=request_hash)
        if winner is None:
            raise
        return winner, False
    return payment, True
