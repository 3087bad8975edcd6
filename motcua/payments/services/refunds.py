"""Refunds: a paid dossier that ends without the service it paid for gets its money back.

A transition hook (dossiers.services.hooks) opens a `Refund` in the transition's own transaction; the
payment stays `paid` until the refund is carried out (gateway refund, or cash paid out at the desk).
Which endings refund is a setting, MOTCUA["REFUND_ON"] (to confirm against the fee law: an appraisal
fee is often not refundable once the appraisal is done).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings

from motcua.audit.services import audit_record

from ..choices import PaymentStatus
from ..models import Refund

if TYPE_CHECKING:
    from motcua.dossiers.models import Dossier, HistoryEntry

DEFAULT_REFUND_ON = ("refuse_intake", "withdraw", "stop", "finish_refused")


def _ending(entry: HistoryEntry) -> str:
    if entry.action == "finish" and (entry.data or {}).get("outcome") == "refused":
        return "finish_refused"
    return entry.action


def refunds_on_transition(dossier: Dossier, entry: HistoryEntry, actor: Any) -> None:
    refund_on = settings.MOTCUA.get("REFUND_ON", DEFAULT_REFUND_ON)
    if _ending(entry) not in refund_on:
        return
    for payment in dossier.payments.select_for_update().filter(status=PaymentStatus.PAID, refund__isnull=True):
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
