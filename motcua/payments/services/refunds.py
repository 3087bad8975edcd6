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


def _gateway_refund(gateway: PaymentGateway, refund: Refund, actor: Any) -> tuple[bool, str, str, bool]:
    """(done, gateway reference, message, gateway reached). Every answer is stored raw before it is
    trusted."""
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
        return False, "", str(error)[:300], False
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
    return done, result.gateway_txn_no, message, True


def _actor_name(actor: Any) -> str:
    return (getattr(actor, "full_name", "") or getattr(actor, "username", "") or "motcua")[:100]


def refund_execute(*, actor: Any, refund: Refund, note: str = "", at: dt.datetime | None = None) -> Refund:
    """Carry out a requested refund: through the gateway when it can refund (online payments), otherwise
    paid out in cash at the desk. Payment → refunded, refund → done, audited, the applicant told.

    The gateway is called outside any transaction (a network call must not hold the dossier's lock; on
    SQLite the built-in sandbox could not even answer): the refund is first marked `sending` and
    committed, so a double click is refused, then the answer is recorded under the lock. A failure
    puts it back to `requested` with the message and raises `RefundFailed`. A `sending` refund older
    than SENDING_STALE (a worker died mid-call) may be tried again."""
    now = at or timezone.now()
    with transaction.atomic():
        locked = _lock_requested(actor, refund, now)
        gateway = refund_gateway_for(locked.payment)
        if gateway is None:  # cash paid out at the desk: one transaction
            return _refund_done(locked, actor, now, note=note, reference="", by="cash")
        locked.status, locked.sending_at = RefundStatus.SENDING, timezone.now()
        locked.save(update_fields=["status", "sending_at"])
    done, reference, message, reachable = _gateway_refund(gateway, locked, actor)
    with transaction.atomic():
        dossier_lock(locked.payment.dossier_id)
        locked = Refund.objects.select_for_update(of=("self",)).select_related("payment__dossier").get(pk=locked.pk)
        if done:
            return _refund_done(locked, actor, timezone.now(), note=note, reference=reference, by=gateway.key)
        locked.status, locked.note = RefundStatus.REQUESTED, message[:300]
        locked.save(update_fields=["status", "note"])
        data = {"txn_ref": locked.payment.txn_ref, "amount": locked.amount_vnd, "by": gateway.key, "message": message}
        _audit(locked.payment, "payment.refund_failed", actor, data, now)
    if not reachable:
        raise RefundFailed(_("The payment gateway could not be reached; nothing was refunded. Try again later."))
    raise RefundFailed(_("The payment gateway refused the refund: %(message)s") % {"message": message})


SENDING_STALE = dt.timedelta(minutes=5)


def _lock_requested(actor: Any, refund: Refund, now: dt.datetime) -> Refund:
    dossier_lock(refund.payment.dossier_id)  # the house lock order: dossier, then payment and refund
    locked = Refund.objects.select_for_update(of=("self",)).select_related("payment__dossier").get(pk=refund.pk)
    desk_officer_required(actor, locked.payment.dossier)
    sent = locked.sending_at or now
    stale = locked.status == RefundStatus.SENDING and sent < timezone.now() - SENDING_STALE
    if locked.status == RefundStatus.SENDING and not stale:
        raise ActionNotAllowed(_("This refund is being sent to the payment gateway."), code="stale")
    if locked.status not in (RefundStatus.REQUESTED, RefundStatus.SENDING):
        raise ActionNotAllowed(_("This refund has already been carried out."), code="stale")
    return locked


def _refund_done(refund: Refund, actor: Any, now: dt.datetime, *, note: str, reference: str, by: str) -> Refund:
    payment = refund.payment
    refund.status, refund.done_at, refund.done_by = RefundStatus.DONE, now, actor
    refund.gateway_ref, refund.note = reference[:60], (note.strip() or refund.note)[:300]
    refund.save(update_fields=["status", "done_at", "done_by", "gateway_ref", "note"])
    payment.status = PaymentStatus.REFUNDED
    payment.save(update_fields=["status", "updated_at"])
    data = {"txn_ref": payment.txn_ref, "amount": refund.amount_vnd, "by": by, "gateway_ref": refund.gateway_ref}
    _audit(payment, "payment.refunded", actor, data, now)
    _notify(payment, refund)
    return refund


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
