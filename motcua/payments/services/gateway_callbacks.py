"""What the gateway sends us: the server-to-server notification (IPN) and the applicant's browser coming
back (return). Both are stored raw in GatewayCallback before anything is trusted.

IPN (services.md §1): signature → 97; unknown vnp_TxnRef → 01; amount → 04; already final → 02;
otherwise settled → 00; anything unexpected → 99. The return never marks a payment paid by itself:
while the attempt is pending it asks the gateway (query) and settles through the same function.
"""

from __future__ import annotations

import logging

from motcua.audit.services import audit_record

from ..choices import PaymentStatus
from ..gateways.base import IpnOutcome, PaymentGateway
from ..models import GatewayCallback, Payment
from .gateway_flow import payment_refresh, payment_settle

logger = logging.getLogger(__name__)


def _forged(gateway: PaymentGateway, callback: GatewayCallback, kind: str) -> None:
    audit_record(
        chain=f"gateway:{gateway.key}",
        kind=f"payment.{kind}_rejected",
        object_type="gateway_callback",
        object_id=callback.pk,
        data={
            "reason": "signature",
            "gateway": gateway.key,
            "txn_ref": callback.txn_ref,
            "remote_addr": callback.remote_addr,
        },
    )


def ipn_handle(*, gateway: PaymentGateway, params: dict[str, str], remote_addr: str = "") -> IpnOutcome:
    callback = GatewayCallback.objects.create(
        gateway=gateway.key,
        kind="ipn",
        txn_ref=str(params.get("vnp_TxnRef", ""))[:64],
        params=params,
        remote_addr=remote_addr[:45],
    )
    try:
        outcome = _ipn_outcome(gateway, params, callback)
    except Exception:  # the gateway must get an answer; it retries on 99
        logger.exception("payments: IPN %s failed", callback.pk)
        outcome = IpnOutcome("99", "Unknown error")
    GatewayCallback.objects.filter(pk=callback.pk).update(outcome=outcome.code[:8], payment_id=outcome.payment_id)
    return outcome


def _ipn_outcome(gateway: PaymentGateway, params: dict[str, str], callback: GatewayCallback) -> IpnOutcome:
    result = gateway.parse_notification(params)
    if not result.signature_ok:
        _forged(gateway, callback, "ipn")
        return IpnOutcome("97", "Invalid signature")
    payment = Payment.objects.filter(gateway=gateway.key, txn_ref=result.txn_ref).first()
    if payment is None:
        return IpnOutcome("01", "Order not found")
    return payment_settle(payment=payment, result=result, source="ipn")


def return_handle(
    *, gateway: PaymentGateway, params: dict[str, str], remote_addr: str = ""
) -> tuple[Payment | None, bool]:
    """(the payment, whether the return was genuine). A pending payment is refreshed by a query."""
    result = gateway.parse_return(params)
    payment = Payment.objects.filter(gateway=gateway.key, txn_ref=result.txn_ref).first() if result.txn_ref else None
    callback = GatewayCallback.objects.create(
        gateway=gateway.key,
        kind="return",
        payment=payment if result.signature_ok else None,
        txn_ref=result.txn_ref[:64],
        params=params,
        remote_addr=remote_addr[:45],
        outcome="" if result.signature_ok else "97",
    )
    if not result.signature_ok:
        _forged(gateway, callback, "return")
        return None, False
    if payment is not None and payment.status == PaymentStatus.PENDING:
        payment_refresh(payment=payment, gateway=gateway)
        payment.refresh_from_db()
    return payment, True
