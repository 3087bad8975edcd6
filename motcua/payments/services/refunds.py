"""Refunds: a paid dossier that ends without the service it paid for gets its money back.

A transition hook (dossiers.services.hooks) opens a `Refund` in the transition's own transaction; the
payment stays `paid` until the refund is carried out (gateway refund, or cash paid out at the desk).
Which endings refund is a setting, MOTCUA["REFUND_ON"] (to confirm against the fee law: an appraisal
fee is often not refundable once the appraisal is done).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from motcua.audit.services import audit_record
from motcua.dossiers.errors import ActionNotAllowed, DossierError
from motcua.dossiers.policy import desk_officer_required
from motcua.dossiers.services._base import dossier_lock
from motcua.notifications.models import Channel as OutboxChannel
from motcua.notifications.services import outbox_enqueue

from ..choices import Method, PaymentStatus, RefundStatus
from ..gateways.base import GatewayNotConfigured, PaymentGateway, gateway_get
from ..models import GatewayCallback, Payment, Refund

if TYPE_CHECKING:
    from motcua.dossiers.models import Dossier, HistoryEntry

DEFAULT_REFUND_ON = ("refuse_intake", "withdraw", "stop", "finish_refused")
REFUND_EVENT = "payment.refund_done"  # outbox event; message files notifications/payment.refund_done.*


def _ending(entry: HistoryEntry) -> str:
    if entry.action == "finish" and (entry.data or {}).get("outcome") == "refused":
        return "finish_refused"
    return entry.action


def refunds_on_transition(dossier: Dossier, entry: HistoryEntry, actor: Any) -> None:
    refund_on = settings.MOTCUA.get("REFUND_ON", DEFAULT_REFUND_ON)
    if _ending(entry) not in refund_on:
        return
    for payment in dossier.payments.select_for_update(of=("self",)).filter(
        status=PaymentStatus.PAID, refund__isnull=True
    ):
        refund = Refund.objects.create(
            payment=payment, amount_vnd=payment.amount_vnd, reason=_ending(entry)[:300], requested_at=entry.at
        )
        audit_record(
            chain=f"dossier:{dossier.pk}",
            kind="payment.refund_requested",
            object_type="payment",
            object_id=payment.pk,
            actor=actor if getattr(actor, "pk", None) else None,
            data={"txn_ref": payment.txn_ref, "amount": payment.amount_vnd, "reason": refund.reason},
            at=entry.at,
        )


class RefundFailed(DossierError):  # noqa: N818 - named for what the user is told
    """The gateway did not carry out the refund; it stays requested with the gateway's message."""

    code = "refund_failed"
    status = 502
    default = _lazy("The payment gateway did not carry out the refund. Try again later.")


def refund_gateway_for(payment: Payment) -> PaymentGateway | None:
    """The gateway that refunds this payment online, or None when the desk pays it out in cash."""
    if payment.method != Method.GATEWAY or not payment.gateway:
        return None
    try:
        gateway = gateway_get(payment.gateway)
    except GatewayNotConfigured:
        return None
    return gateway if gateway.supports_refund else None


def _gateway_refund(gateway: PaymentGateway, refund: Refund, actor: Any) -> tuple[bool, str, str]:
    """(done, gateway reference, message). Every answer is stored raw before it is trusted."""
    payment = refund.payment
    try:
        result = gateway.refund(
            payment, amount_vnd=refund.amount_vnd, reason=refund.reason, actor_name=_actor_name(actor)
        )
    except Exception as error:  # network, protocol: the refund stays requested with the message
        GatewayCallback.objects.create(
            gateway=gateway.key,
            kind="refund",
            payment=payment,
            txn_ref=payment.txn_ref,
            params={"error": str(error)[:500]},
            outcome="error",
            note=str(error)[:300],
        )
        return False, "", str(error)[:300]
    done = result.signature_ok and result.response_code == "00"
    message = "" if done else f"{result.response_code or '?'} {result.raw.get('message', '')}".strip()[:300]
    GatewayCallback.objects.create(
        gateway=gateway.key,
        kind="refund",
        payment=payment,
        txn_ref=payment.txn_ref,
        params=result.raw,
        outcome=result.response_code[:8],
        note=message,
    )
    return done, result.gateway_txn_no, message


def _actor_name(actor: Any) -> str:
    return (getattr(actor, "full_name", "") or getattr(actor, "username", "") or "motcua")[:100]


def refund_execute(*, actor: Any, refund: Refund, note: str = "", at: dt.datetime | None = None) -> Refund:
    """Carry out a requested refund: through the gateway when it can refund (online payments), otherwise
    paid out in cash at the desk. Payment → refunded, refund → done, audited, the applicant told.

    The refund row is locked for the whole call, the gateway's included, so a double click waits and
    is then refused. A gateway failure commits only its raw answer and an audit event: the refund
    stays requested with the message, and `RefundFailed` is raised afterwards."""
    now = at or timezone.now()
    with transaction.atomic():
        dossier_lock(refund.payment.dossier_id)  # the house lock order: dossier, then payment and refund
        locked = Refund.objects.select_for_update(of=("self",)).select_related("payment__dossier").get(pk=refund.pk)
        payment = locked.payment
        desk_officer_required(actor, payment.dossier)
        if locked.status != RefundStatus.REQUESTED:
            raise ActionNotAllowed(_("This refund has already been carried out."), code="stale")
        gateway = refund_gateway_for(payment)
        done, reference, message = (True, "", "") if gateway is None else _gateway_refund(gateway, locked, actor)
        data = {"txn_ref": payment.txn_ref, "amount": locked.amount_vnd, "by": gateway.key if gateway else "cash"}
        if not done:
            locked.note = message[:300]
            locked.save(update_fields=["note"])
            _audit(payment, "payment.refund_failed", actor, {**data, "message": message}, now)
        else:
            locked.status, locked.done_at, locked.done_by = RefundStatus.DONE, now, actor
            locked.gateway_ref, locked.note = reference[:60], (note.strip() or locked.note)[:300]
            locked.save(update_fields=["status", "done_at", "done_by", "gateway_ref", "note"])
            payment.status = PaymentStatus.REFUNDED
            payment.save(update_fields=["status", "updated_at"])
            _audit(payment, "payment.refunded", actor, {**data, "gateway_ref": locked.gateway_ref}, now)
            _notify(payment, locked)
    if not done:
        raise RefundFailed(_("The payment gateway refused the refund: %(message)s") % {"message": message})
    return locked


def _audit(payment: Payment, kind: str, actor: Any, data: dict[str, Any], at: dt.datetime) -> None:
    audit_record(
        chain=f"dossier:{payment.dossier_id}",
        kind=kind,
        object_type="payment",
        object_id=payment.pk,
        actor=actor if getattr(actor, "pk", None) else None,
        data=data,
        at=at,
    )


def _notify(payment: Payment, refund: Refund) -> None:
    """Tell the applicant (e-mail and SMS through the outbox, after the commit)."""
    dossier = payment.dossier
    payload = {
        "dossier_id": dossier.pk,
        "agency_id": dossier.receiving_agency_id,
        "code": dossier.code,
        "applicant_name": dossier.applicant_name,
        "amount_vnd": refund.amount_vnd,
        "link": f"{settings.MOTCUA['PUBLIC_BASE_URL']}/tra-cuu/?ma={dossier.code or ''}",
        "language": "vi",
    }
    outbox_enqueue(
        event=REFUND_EVENT,
        event_key=f"refund:{refund.pk}",
        recipients=[(OutboxChannel.EMAIL, dossier.email), (OutboxChannel.SMS, dossier.phone)],
        payload=payload,
    )
