"""Online payment through a gateway plugin (services.md §1): start an attempt, settle it (one function
for the IPN, the query after a browser return, the expiry sweep and the reconciliation), and expire the
attempts nobody finished.

Lock order everywhere: the dossier row, then the payment row, then its fee lines (the same order as
the dossier transitions, which lock the dossier and then its payments), so two settlements of the
same payment (IPN and browser return at once) queue, and the second one finds it final.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.audit.services import audit_record
from motcua.catalog.choices import OnlineLevel
from motcua.dossiers.choices import State
from motcua.dossiers.errors import ActionNotAllowed, DossierError
from motcua.dossiers.models import Dossier
from motcua.dossiers.services._base import dossier_lock, public_base_url
from motcua.dossiers.services.online import own

from ..choices import DueAt, Method, PaymentStatus
from ..gateways.base import GatewayNotConfigured, GatewayResult, IpnOutcome, PaymentGateway, gateway_get
from ..gateways.vnpay import GatewayUnavailable
from ..models import DossierFee, GatewayCallback, Payment
from .counter import txn_ref_new
from .effects import payment_paid_effects
from .fees import fees_outstanding, fees_unpaid_lines

if TYPE_CHECKING:
    from django.http import HttpRequest

logger = logging.getLogger(__name__)

PENDING = "pending"  # internal outcome code: the gateway has no final answer yet
PAYABLE_STATES = (
    State.SUBMITTED,
    State.RETURNED_FOR_COMPLETION,
    State.RECEIVED,
    State.PROCESSING,
    State.SUPPLEMENT_REQUESTED,
    State.AWAITING_OBLIGATION,
    State.DONE,
)
SWEEP_GRACE = dt.timedelta(minutes=15)


def origin(request: HttpRequest) -> str:
    return f"{request.scheme}://{request.get_host()}"


def pay_to_submit_amount(dossier: Dossier) -> int:
    """What a fully online draft must pay before it can be submitted (0: nothing, or not such a draft)."""
    if dossier.state != State.DRAFT or dossier.procedure_version.online_level != OnlineLevel.FULL:
        return 0
    return fees_outstanding(dossier, before=DueAt.BEFORE_PROCESSING)


def _gateway(key: str | None, base_url: str) -> PaymentGateway:
    try:
        gateway = gateway_get(key)
    except GatewayNotConfigured as error:
        logger.warning("payments: %s", error)
        raise DossierError(_("Online payment is not available at the moment."), field="fees") from error
    if hasattr(gateway, "base_url"):
        gateway.base_url = base_url
    return gateway


def payment_start(
    *,
    actor: Any,
    dossier: Dossier,
    before: str = DueAt.BEFORE_RESULT,
    request: HttpRequest | None = None,
    return_url_base: str = "",
    client_ip: str = "",
    gateway: str | None = None,
) -> tuple[Payment, str]:
    """A new payment attempt (own txn_ref, expiring after EXPIRE_MINUTES) for the fee lines due by
    `before` that are still unpaid; returns it with the gateway URL to send the applicant's browser to.

    Only the applicant, on their own dossier. A draft pays only what a fully online procedure needs
    before submission (it is submitted automatically once paid)."""
    base = origin(request) if request is not None else (return_url_base or public_base_url())
    plugin = _gateway(gateway, base)
    minutes = int(settings.MOTCUA_PAYMENTS.get("EXPIRE_MINUTES", 15))
    with transaction.atomic():
        locked = dossier_lock(dossier)
        own(actor, locked)
        if locked.state == State.DRAFT:
            if not pay_to_submit_amount(locked):
                raise DossierError(_("Submit the application first; the fees are paid afterwards."), field="fees")
            before = DueAt.BEFORE_PROCESSING
        elif locked.state not in PAYABLE_STATES:
            raise ActionNotAllowed()
        wanted = [line.pk for line in fees_unpaid_lines(locked, before=before)]
        lines = list(DossierFee.objects.select_for_update().filter(pk__in=wanted).order_by("order", "id"))
        if not lines:
            raise DossierError(_("Nothing is owed on this dossier."), field="fees")
        now = timezone.now()
        payment = Payment.objects.create(
            dossier=locked,
            agency_id=locked.competent_agency_id,
            amount_vnd=sum(line.amount_vnd for line in lines),
            method=Method.GATEWAY,
            gateway=plugin.key,
            txn_ref=txn_ref_new(locked),
            status=PaymentStatus.PENDING,
            payer_name=locked.applicant_name[:200],
            expires_at=now + dt.timedelta(minutes=minutes),
            line_ids=[line.pk for line in lines],
            client_ip=client_ip[:45],
        )
        return_url = base.rstrip("/") + reverse("payments:return", args=[plugin.key])
        try:
            url = plugin.start(payment, return_url=return_url, client_ip=client_ip)
        except GatewayNotConfigured as error:
            logger.warning("payments: %s", error)
            raise DossierError(_("Online payment is not available at the moment."), field="fees") from error
        audit_record(
            chain=f"dossier:{locked.pk}",
            kind="payment.started",
            object_type="payment",
            object_id=payment.pk,
            actor=actor,
            data={"txn_ref": payment.txn_ref, "amount": payment.amount_vnd, "gateway": plugin.key, "lines": wanted},
            at=now,
        )
    return payment, url


def _rejected(payment: Payment | None, *, gateway: str, source: str, reason: str, data: dict[str, Any]) -> None:
    audit_record(
        chain=f"dossier:{payment.dossier_id}" if payment else f"gateway:{gateway}",
        kind="payment.ipn_rejected",
        object_type="payment",
        object_id=payment.pk if payment else data.get("txn_ref", ""),
        data={"source": source, "reason": reason, "gateway": gateway, **data},
    )


def payment_settle(*, payment: Payment, result: GatewayResult, source: str) -> IpnOutcome:
    """Apply the gateway's verified answer (IPN, query or settlement line) once, under the row locks.

    Codes (VNPay RspCode): 04 wrong amount (audited, nothing changes), 02 already final, 00 applied,
    or PENDING when the gateway has no final answer yet. Paid only when the plugin says `paid`
    (VNPay: response code and transaction status both 00). An attempt we marked expired still
    becomes paid if the gateway says the money arrived."""
    with transaction.atomic():
        dossier_lock(payment.dossier_id)
        locked = Payment.objects.select_for_update().get(pk=payment.pk)
        if result.amount_vnd is not None and result.amount_vnd != locked.amount_vnd:
            _rejected(
                locked,
                gateway=locked.gateway,
                source=source,
                reason="amount",
                data={"txn_ref": locked.txn_ref, "expected": locked.amount_vnd, "received": result.amount_vnd},
            )
            return IpnOutcome("04", "Invalid amount", locked.pk)
        reopen = locked.status == PaymentStatus.EXPIRED and result.paid
        if locked.status != PaymentStatus.PENDING and not reopen:
            return IpnOutcome("02", "Order already confirmed", locked.pk)
        if not result.final:
            return IpnOutcome(PENDING, "Pending", locked.pk)
        locked.response_code = result.response_code[:8]
        locked.bank_code = result.bank_code[:20]
        locked.gateway_txn_no = result.gateway_txn_no[:40]
        if result.paid:
            locked.status, locked.paid_at = PaymentStatus.PAID, result.paid_at or timezone.now()
        else:
            cancelled = result.response_code == "24"
            locked.status = PaymentStatus.CANCELLED if cancelled else PaymentStatus.FAILED
        try:
            with transaction.atomic():
                locked.save()
        except IntegrityError:  # the gateway transaction number is already on another payment
            logger.warning("payments: %s %s replayed on %s", locked.gateway, result.gateway_txn_no, locked.txn_ref)
            return IpnOutcome("02", "Order already confirmed", locked.pk)
        if result.paid:
            _link_lines(locked)
            payment_paid_effects(locked, actor=None)
        else:
            audit_record(
                chain=f"dossier:{locked.dossier_id}",
                kind=f"payment.{locked.status}",
                object_type="payment",
                object_id=locked.pk,
                data={"txn_ref": locked.txn_ref, "response_code": locked.response_code, "source": source},
            )
    return IpnOutcome("00", "Confirm Success", locked.pk)


def _link_lines(payment: Payment) -> None:
    """The fee lines this attempt covered are paid by it; a line someone else paid meanwhile (another
    attempt, cash at the desk) is not paid twice: that part of the money is to be refunded."""
    from .gateway_followups import refund_open

    ids = list(payment.line_ids or [])
    list(DossierFee.objects.select_for_update().filter(pk__in=ids))  # lock before reading who paid them
    taken = DossierFee.objects.filter(pk__in=ids, payment__status=PaymentStatus.PAID).exclude(payment=payment)
    taken_ids = set(taken.values_list("pk", flat=True))
    DossierFee.objects.filter(pk__in=ids).exclude(pk__in=taken_ids).update(payment=payment)
    if taken_ids:
        overpaid = sum(DossierFee.objects.filter(pk__in=taken_ids).values_list("amount_vnd", flat=True))
        refund_open(payment, amount_vnd=min(overpaid, payment.amount_vnd), reason="duplicate")


def _callback(payment: Payment, kind: str, result: GatewayResult, outcome: str) -> None:
    GatewayCallback.objects.create(
        gateway=payment.gateway,
        kind=kind,
        payment=payment,
        txn_ref=payment.txn_ref,
        params=result.raw,
        outcome=outcome[:8],
    )


def payment_refresh(*, payment: Payment, gateway: PaymentGateway | None = None) -> IpnOutcome | None:
    """Ask the gateway about a pending attempt (querydr) and settle it if the answer is final.
    None when the gateway could not be asked (network, configuration): try again later."""
    try:
        plugin = gateway or gateway_get(payment.gateway)
        result = plugin.query(payment)
    except (GatewayUnavailable, GatewayNotConfigured, OSError) as error:
        logger.warning("payments: query of %s failed: %s", payment.txn_ref, error)
        return None
    if not result.signature_ok:
        data = {"txn_ref": payment.txn_ref}
        _rejected(payment, gateway=payment.gateway, source="query", reason="signature", data=data)
        _callback(payment, "query", result, "97")
        return None
    outcome = payment_settle(payment=payment, result=result, source="query")
    _callback(payment, "query", result, outcome.code)
    return outcome


def payment_expire_sweep(now: dt.datetime | None = None) -> dict[str, int]:
    """Pending attempts past their expiry + 15 minutes: ask the gateway; settle what it answers, mark
    the rest expired (a payment the gateway later reports is still taken by the reconciliation)."""
    now = now or timezone.now()
    counts = {"settled": 0, "expired": 0, "unreachable": 0}
    due = Payment.objects.filter(
        method=Method.GATEWAY, status=PaymentStatus.PENDING, expires_at__lt=now - SWEEP_GRACE
    ).select_related("agency", "dossier")
    for payment in due.order_by("expires_at", "id")[:500]:
        outcome = payment_refresh(payment=payment)
        if outcome is None:
            counts["unreachable"] += 1
        elif outcome.code in ("00", "02", "04"):
            counts["settled"] += 1
        else:
            with transaction.atomic():
                changed = Payment.objects.filter(pk=payment.pk, status=PaymentStatus.PENDING).update(
                    status=PaymentStatus.EXPIRED, updated_at=now
                )
            counts["expired"] += changed
    return counts
