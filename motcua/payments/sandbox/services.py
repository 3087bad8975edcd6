"""What the sandbox gateway does on its side: check the merchant's signed order, keep its ledger
(`SandboxTransaction`), sign the result, send the IPN by a background task, and answer its JSON API
(querydr, refund, and a `settlement` command listing a local day's paid transactions).

The buttons of the payment page (`BUTTONS`) decide the outcome and how the IPN is sent: once, twice,
a few seconds late, or with a wrong signature.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import threading
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from ..gateways.base import gateway_get
from ..gateways.vnpay import (
    GMT7,
    VERSION,
    VnpayGateway,
    parse_vn_time,
    pipe_checksum,
    pipe_ok,
    settlement_digest,
    sign,
    signature_ok,
    vn_time,
)
from ..models import SandboxTransaction

logger = logging.getLogger(__name__)
KEY = "sandbox"
PENDING, PAID, FAILED = "01", "00", "02"


@dataclass(frozen=True)
class Button:
    status: str  # vnp_TransactionStatus kept in the ledger
    response: str  # vnp_ResponseCode sent back
    ipn_times: int = 1
    late: bool = False
    forged: bool = False


BUTTONS = {
    "pay": Button(PAID, "00"),
    "cancel": Button(FAILED, "24"),  # the customer cancelled
    "fail": Button(FAILED, "51"),  # not enough money in the account
    "late": Button(PAID, "00", late=True),  # the browser comes back first, the IPN a few seconds later
    "twice": Button(PAID, "00", ipn_times=2),
    "forged": Button(PAID, "00", forged=True),  # the IPN arrives with a wrong signature
}


def sandbox_gateway() -> VnpayGateway:
    gateway = gateway_get(KEY)
    assert isinstance(gateway, VnpayGateway)
    return gateway


def late_seconds() -> float:
    return float(settings.MOTCUA_PAYMENTS["GATEWAYS"][KEY].get("LATE_IPN_SECONDS", 5))


def order_error(params: dict[str, str], *, now: dt.datetime | None = None) -> str:
    """Why the sandbox refuses the merchant's redirect ("" if it is acceptable). Error texts are
    the gateway's own (shown on its error page), in English for the log; the page says it in words."""
    secret = sandbox_gateway().merchants().get(params.get("vnp_TmnCode", ""), "")
    if not secret:
        return "unknown_merchant"
    if not signature_ok(params, secret):
        return "bad_signature"
    if params.get("vnp_Command") != "pay" or params.get("vnp_Version") != VERSION:
        return "bad_request"
    if not params.get("vnp_TxnRef") or not params.get("vnp_ReturnUrl", "").startswith(("http://", "https://")):
        return "bad_request"
    if not params.get("vnp_Amount", "").isdigit() or int(params["vnp_Amount"]) <= 0:
        return "bad_request"
    expires = parse_vn_time(params.get("vnp_ExpireDate", ""))
    if expires is not None and expires < (now or timezone.now()):
        return "expired"
    return ""


def _txn_no() -> str:
    return f"{secrets.randbelow(90_000_000) + 10_000_000}"


def _result(txn: SandboxTransaction, order: dict[str, str], secret: str) -> dict[str, str]:
    params = {
        "vnp_Amount": str(txn.amount),
        "vnp_BankCode": "NCB",
        "vnp_BankTranNo": f"VNP{txn.txn_no}",
        "vnp_CardType": "ATM",
        "vnp_OrderInfo": order.get("vnp_OrderInfo", ""),
        "vnp_PayDate": vn_time(txn.paid_at or timezone.now()),
        "vnp_ResponseCode": txn.response_code,
        "vnp_TmnCode": txn.tmn_code,
        "vnp_TransactionNo": txn.txn_no,
        "vnp_TransactionStatus": txn.status,
        "vnp_TxnRef": txn.txn_ref,
    }
    return {**params, "vnp_SecureHash": sign(params, secret)}


def sandbox_pay(*, order: dict[str, str], button: str, ipn_url: str) -> dict[str, str]:
    """Carry out the customer's choice once; a second press (or a reload) gets the same signed result."""
    choice = BUTTONS[button]
    secret = sandbox_gateway().merchants()[order["vnp_TmnCode"]]
    with transaction.atomic():
        txn = (
            SandboxTransaction.objects.select_for_update()
            .filter(tmn_code=order["vnp_TmnCode"], txn_ref=order["vnp_TxnRef"])
            .first()
        )
        if txn is not None and txn.status != PENDING:
            return dict(txn.params.get("result") or {})
        if txn is None:
            txn = _ledger_create(order)
        now = timezone.now()
        txn.status, txn.response_code = choice.status, choice.response
        txn.paid_at = now if choice.status == PAID else None
        result = _result(txn, order, secret)
        txn.params = {"order": order, "result": result, "button": button}
        txn.save()
        ipn = dict(result)
        if choice.forged:
            ipn["vnp_SecureHash"] = sign(ipn, secret + "-wrong")
        ipn_schedule(ipn_url, ipn, times=choice.ipn_times, delay=late_seconds() if choice.late else 0)
    return result


def _ledger_create(order: dict[str, str]) -> SandboxTransaction:
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return SandboxTransaction.objects.create(
                    tmn_code=order["vnp_TmnCode"],
                    txn_ref=order["vnp_TxnRef"],
                    txn_no=_txn_no(),
                    amount=int(order["vnp_Amount"]),
                    params={"order": order},
                )
        except IntegrityError:
            continue
    raise RuntimeError("Could not allocate a sandbox transaction number.")


def ipn_schedule(url: str, params: dict[str, str], *, times: int = 1, delay: float = 0) -> None:
    """Send the IPN by the background task once the ledger is committed. With a broker the delay is
    the task's countdown; eager (demo, tests) a timer thread waits, so the browser returns first."""
    from .. import tasks

    def send() -> None:
        if delay and settings.CELERY_TASK_ALWAYS_EAGER:
            timer = threading.Timer(delay, tasks.sandbox_ipn_send.apply, kwargs={"args": (url, params, times)})
            timer.daemon = True
            timer.start()
        else:
            tasks.sandbox_ipn_send.apply_async(args=(url, params, times), countdown=delay or None)

    transaction.on_commit(send)


# --- JSON API ------------------------------------------------------------------------------------


def _signed(kind: str, answer: dict[str, Any], secret: str) -> dict[str, Any]:
    return {**answer, "vnp_SecureHash": pipe_checksum(kind, answer, secret)}


def api_answer(body: dict[str, Any]) -> dict[str, Any]:
    command = str(body.get("vnp_Command", ""))
    tmn_code = str(body.get("vnp_TmnCode", ""))
    secret = sandbox_gateway().merchants().get(tmn_code, "")
    base = {"vnp_ResponseId": secrets.token_hex(16), "vnp_Command": command, "vnp_TmnCode": tmn_code}
    if command not in ("querydr", "refund", "settlement"):
        return {**base, "vnp_ResponseCode": "99", "vnp_Message": "Unknown command"}
    if not secret:
        return {**base, "vnp_ResponseCode": "02", "vnp_Message": "Merchant is not valid"}
    if not pipe_ok(command, body, secret):
        return {**base, "vnp_ResponseCode": "97", "vnp_Message": "Invalid checksum"}
    if command == "settlement":
        return _settlement(base, body, secret)
    txn = SandboxTransaction.objects.filter(tmn_code=tmn_code, txn_ref=str(body.get("vnp_TxnRef", ""))).first()
    if txn is None:
        missing = {**base, "vnp_TxnRef": body.get("vnp_TxnRef", ""), "vnp_ResponseCode": "91"}
        missing["vnp_Message"] = "Not found"
        return _signed("querydr_response" if command == "querydr" else "refund_response", missing, secret)
    if command == "querydr":
        return _signed("querydr_response", {**base, **_describe(txn), "vnp_Message": "QueryDR Success"}, secret)
    return _refund(base, body, txn, secret)


def _describe(txn: SandboxTransaction) -> dict[str, Any]:
    order = (txn.params or {}).get("order") or {}
    return {
        "vnp_ResponseCode": "00",
        "vnp_TxnRef": txn.txn_ref,
        "vnp_Amount": str(txn.amount),
        "vnp_OrderInfo": order.get("vnp_OrderInfo", ""),
        "vnp_BankCode": "NCB",
        "vnp_PayDate": vn_time(txn.paid_at) if txn.paid_at else "",
        "vnp_TransactionNo": txn.txn_no,
        "vnp_TransactionType": "01",
        "vnp_TransactionStatus": txn.status,
        "vnp_PromotionCode": "",
        "vnp_PromotionAmount": "",
    }


def _refund(base: dict[str, Any], body: dict[str, Any], txn: SandboxTransaction, secret: str) -> dict[str, Any]:
    try:
        amount = int(body.get("vnp_Amount", 0))
    except (TypeError, ValueError):
        amount = 0
    with transaction.atomic():
        txn = SandboxTransaction.objects.select_for_update().get(pk=txn.pk)
        described = {**base, **_describe(txn), "vnp_TransactionType": body.get("vnp_TransactionType", "02")}
        refused = ""
        if txn.status != PAID:
            refused = "95"  # the transaction was not paid
        elif str(body.get("vnp_TransactionNo", "")) != txn.txn_no or not 0 < amount <= txn.amount - txn.refunded_amount:
            refused = "03"  # wrong transaction number or amount
        if refused:
            return _signed(
                "refund_response", {**described, "vnp_ResponseCode": refused, "vnp_Message": "Refused"}, secret
            )
        txn.refunded_amount += amount
        txn.save(update_fields=["refunded_amount"])
    answer = {**described, "vnp_Amount": str(amount), "vnp_Message": "Refund success"}
    return _signed("refund_response", answer, secret)


def _settlement(base: dict[str, Any], body: dict[str, Any], secret: str) -> dict[str, Any]:
    try:
        day = dt.datetime.strptime(str(body.get("vnp_Day", "")), "%Y%m%d").replace(tzinfo=GMT7).date()
    except ValueError:
        return {**base, "vnp_ResponseCode": "03", "vnp_Message": "Invalid day"}
    start = dt.datetime.combine(day, dt.time.min, tzinfo=GMT7)
    paid = SandboxTransaction.objects.filter(
        tmn_code=base["vnp_TmnCode"], status=PAID, paid_at__gte=start, paid_at__lt=start + dt.timedelta(days=1)
    ).order_by("paid_at", "id")
    lines = [
        {
            "vnp_TxnRef": txn.txn_ref,
            "vnp_Amount": str(txn.amount),
            "vnp_TransactionNo": txn.txn_no,
            "vnp_BankCode": "NCB",
            "vnp_PayDate": vn_time(txn.paid_at),
        }
        for txn in paid
    ]
    answer = {
        **base,
        "vnp_ResponseCode": "00",
        "vnp_Day": body["vnp_Day"],
        "vnp_Digest": settlement_digest(lines),
        "transactions": lines,
    }
    return _signed("settlement_response", answer, secret)
