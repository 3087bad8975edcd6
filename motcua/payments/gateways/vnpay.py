"""The VNPay protocol, version 2.1.0 (services.md §1), used by the real VNPay and by the built-in sandbox.

Redirect (`start`): the applicant's browser goes to PAY_URL with the order signed. Signature: every
non-empty `vnp_*` field except `vnp_SecureHash`/`vnp_SecureHashType`, sorted by name, each value
URL-encoded (`quote_plus`: space as "+"), joined `k=v&k=v`, HMAC-SHA512 with the merchant's secret,
hex; compared in constant time. The IPN and the browser return carry the same kind of signature.

API (`query`, `refund`, and the sandbox's `settlement`): a JSON POST to API_URL whose checksum is the
HMAC-SHA512 of the documented fields joined with "|", in the documented order (`PIPE_FIELDS`).

Real VNPay has no settlement-file API: `settlement(day)` queries each of our payments created that day
(querydr) and lists the paid ones; the sandbox answers a `settlement` command of its own instead.

Relative PAY_URL/API_URL (the sandbox is served by motcua itself) resolve against `base_url` (the
current request's origin, set by the caller) or MOTCUA["PUBLIC_BASE_URL"].
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
import re
import secrets
import urllib.error
import urllib.request
from typing import TYPE_CHECKING, Any
from urllib.parse import quote_plus, urlencode, urljoin
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone, translation
from unidecode import unidecode

from .base import GatewayNotConfigured, GatewayResult, IpnOutcome, PaymentGateway

if TYPE_CHECKING:
    from ..models import Payment

VERSION = "2.1.0"
GMT7 = ZoneInfo("Asia/Ho_Chi_Minh")  # no daylight saving: always UTC+7
TIME_FORMAT = "%Y%m%d%H%M%S"
HASH_FIELDS_EXCLUDED = ("vnp_SecureHash", "vnp_SecureHashType")


def _names(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Pipe-joined checksums of the JSON API, field order as VNPay documents it.
PIPE_FIELDS = {
    "querydr": _names(
        "vnp_RequestId vnp_Version vnp_Command vnp_TmnCode vnp_TxnRef vnp_TransactionDate vnp_CreateDate "
        "vnp_IpAddr vnp_OrderInfo"
    ),
    "querydr_response": _names(
        "vnp_ResponseId vnp_Command vnp_ResponseCode vnp_Message vnp_TmnCode vnp_TxnRef vnp_Amount vnp_BankCode "
        "vnp_PayDate vnp_TransactionNo vnp_TransactionType vnp_TransactionStatus vnp_OrderInfo vnp_PromotionCode "
        "vnp_PromotionAmount"
    ),
    "refund": _names(
        "vnp_RequestId vnp_Version vnp_Command vnp_TmnCode vnp_TransactionType vnp_TxnRef vnp_Amount "
        "vnp_TransactionNo vnp_TransactionDate vnp_CreateBy vnp_CreateDate vnp_IpAddr vnp_OrderInfo"
    ),
    "refund_response": _names(
        "vnp_ResponseId vnp_Command vnp_ResponseCode vnp_Message vnp_TmnCode vnp_TxnRef vnp_Amount vnp_BankCode "
        "vnp_PayDate vnp_TransactionNo vnp_TransactionType vnp_TransactionStatus vnp_OrderInfo"
    ),
    # The sandbox's own command (not a VNPay API): the paid transactions of a local day.
    "settlement": _names("vnp_RequestId vnp_Version vnp_Command vnp_TmnCode vnp_Day vnp_CreateDate"),
    "settlement_response": _names("vnp_ResponseId vnp_Command vnp_ResponseCode vnp_TmnCode vnp_Day vnp_Digest"),
}
IPN_MESSAGES = {
    "00": "Confirm Success",
    "01": "Order not found",
    "02": "Order already confirmed",
    "04": "Invalid amount",
    "97": "Invalid signature",
    "99": "Unknown error",
}
PAID = "00"


class GatewayUnavailable(Exception):  # noqa: N818
    """The gateway's API could not be reached or answered something unreadable."""


# --- signing -------------------------------------------------------------------------------------


def hash_data(params: dict[str, Any]) -> str:
    """The string that is signed: sorted `vnp_*` fields, values URL-encoded, `k=v` joined with `&`."""
    items = sorted(
        (k, str(v))
        for k, v in params.items()
        if k.startswith("vnp_") and k not in HASH_FIELDS_EXCLUDED and v is not None and str(v) != ""
    )
    return "&".join(f"{quote_plus(k)}={quote_plus(v)}" for k, v in items)


def hmac_hex(secret: str, data: str) -> str:
    return hmac.new(secret.encode(), data.encode("utf-8"), hashlib.sha512).hexdigest()


def sign(params: dict[str, Any], secret: str) -> str:
    return hmac_hex(secret, hash_data(params))


def signature_ok(params: dict[str, Any], secret: str) -> bool:
    given = str(params.get("vnp_SecureHash") or "").lower()
    return bool(given) and bool(secret) and hmac.compare_digest(given, sign(params, secret))


def pipe_checksum(kind: str, body: dict[str, Any], secret: str) -> str:
    return hmac_hex(secret, "|".join(str(body.get(name, "") or "") for name in PIPE_FIELDS[kind]))


def pipe_ok(kind: str, body: dict[str, Any], secret: str) -> bool:
    given = str(body.get("vnp_SecureHash") or "").lower()
    return bool(given) and hmac.compare_digest(given, pipe_checksum(kind, body, secret))


def settlement_digest(lines: list[dict[str, Any]]) -> str:
    """SHA-256 of the settlement lines as canonical JSON, so the response checksum covers them."""
    return hashlib.sha256(json.dumps(lines, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def vn_time(moment: dt.datetime | None = None) -> str:
    return (moment or timezone.now()).astimezone(GMT7).strftime(TIME_FORMAT)


def parse_vn_time(text: str) -> dt.datetime | None:
    try:
        return dt.datetime.strptime(text, TIME_FORMAT).replace(tzinfo=GMT7)
    except (TypeError, ValueError):
        return None


def order_info(text: str) -> str:
    """VNPay wants Vietnamese without diacritics and without special characters."""
    plain = unidecode(text)
    return re.sub(r"\s+", " ", re.sub(r"[^A-Za-z0-9 .\-]", " ", plain)).strip()[:255]


def request_id() -> str:
    return secrets.token_hex(16)  # 32 characters, unique per request


# --- the plugin ----------------------------------------------------------------------------------


class VnpayGateway(PaymentGateway):
    label = "VNPay"
    supports_refund = True

    def __init__(self, key: str, config: dict[str, Any]) -> None:
        super().__init__(key, config)
        self.base_url: str = ""  # origin of the current request, when there is one

    # configuration

    def _absolute(self, url: str) -> str:
        if re.match(r"^https?://", url):
            return url
        base = self.base_url or str(settings.MOTCUA["PUBLIC_BASE_URL"])
        return urljoin(base.rstrip("/") + "/", url.lstrip("/"))

    def merchants(self) -> dict[str, str]:
        """Every merchant code this gateway signs for → its secret (secrets from the environment)."""
        found = {str(self.config.get("TMN_CODE", "")): str(self.config.get("SECRET", ""))}
        for merchant in (self.config.get("MERCHANTS") or {}).values():
            found[str(merchant["tmn_code"])] = os.environ.get(str(merchant.get("secret_env", "")), "")
        return {code: secret for code, secret in found.items() if code}

    def merchant_for(self, agency_code: str) -> tuple[str, str]:
        merchant = (self.config.get("MERCHANTS") or {}).get(agency_code)
        if merchant:
            code, secret = str(merchant["tmn_code"]), os.environ.get(str(merchant.get("secret_env", "")), "")
        else:
            code, secret = str(self.config.get("TMN_CODE", "")), str(self.config.get("SECRET", ""))
        if not code or not secret:
            raise GatewayNotConfigured(f"No merchant code and secret for {self.key} (agency {agency_code}).")
        return code, secret

    def _merchant_of(self, payment: Payment) -> tuple[str, str]:
        return self.merchant_for(payment.agency.code or "")

    # redirect

    def start(self, payment: Payment, *, return_url: str, client_ip: str) -> str:
        tmn_code, secret = self._merchant_of(payment)
        created = payment.created_at or timezone.now()
        expires = payment.expires_at or created + dt.timedelta(minutes=15)
        code = payment.dossier.code or payment.txn_ref
        params = {
            "vnp_Version": VERSION,
            "vnp_Command": "pay",
            "vnp_TmnCode": tmn_code,
            "vnp_Amount": payment.amount_vnd * 100,
            "vnp_CurrCode": "VND",
            "vnp_TxnRef": payment.txn_ref,
            "vnp_OrderInfo": order_info(f"Thanh toan ho so {code}"),
            "vnp_OrderType": self.config.get("ORDER_TYPE", "other"),
            "vnp_Locale": "en" if (translation.get_language() or "vi").startswith("en") else "vn",
            "vnp_ReturnUrl": return_url,
            "vnp_IpAddr": client_ip or "127.0.0.1",
            "vnp_CreateDate": vn_time(created),
            "vnp_ExpireDate": vn_time(expires),
        }
        if not return_url.startswith(("http://", "https://")):
            params["vnp_ReturnUrl"] = self._absolute(return_url)
        query = urlencode({**params, "vnp_SecureHash": sign(params, secret)})
        return f"{self._absolute(str(self.config['PAY_URL']))}?{query}"

    # callbacks

    def _read(self, query: dict[str, str]) -> GatewayResult:
        secret = self.merchants().get(str(query.get("vnp_TmnCode", "")), "")
        response, status = str(query.get("vnp_ResponseCode", "")), str(query.get("vnp_TransactionStatus", ""))
        try:
            amount: int | None = int(str(query.get("vnp_Amount", ""))) // 100
        except ValueError:
            amount = None
        return GatewayResult(
            txn_ref=str(query.get("vnp_TxnRef", "")),
            amount_vnd=amount,
            paid=response == PAID and status == PAID,
            final=bool(response),
            response_code=response,
            transaction_status=status,
            gateway_txn_no=str(query.get("vnp_TransactionNo", "")),
            bank_code=str(query.get("vnp_BankCode", "")),
            paid_at=parse_vn_time(str(query.get("vnp_PayDate", ""))),
            signature_ok=signature_ok(query, secret),
            raw=dict(query),
        )

    def parse_return(self, query: dict[str, str]) -> GatewayResult:
        return self._read(query)

    def parse_notification(self, query: dict[str, str]) -> GatewayResult:
        return self._read(query)

    def notification_response(self, outcome: IpnOutcome) -> tuple[int, dict[str, Any]]:
        return 200, {"RspCode": outcome.code, "Message": IPN_MESSAGES.get(outcome.code, outcome.message)}

    # JSON API

    def _post(self, body: dict[str, Any]) -> dict[str, Any]:
        data = json.dumps(body).encode()
        request = urllib.request.Request(  # noqa: S310 - the configured https (or sandbox) URL
            self._absolute(str(self.config["API_URL"])),
            data=data,
            headers={"Content-Type": "application/json", "Accept": "application/json"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=float(self.config.get("TIMEOUT", 15))) as response:  # noqa: S310
                answer = json.loads(response.read().decode("utf-8"))
        except (urllib.error.URLError, OSError, ValueError) as error:
            raise GatewayUnavailable(str(error)) from error
        if not isinstance(answer, dict):
            raise GatewayUnavailable("The gateway's answer is not a JSON object.")
        return answer

    def _server_ip(self) -> str:
        return str(self.config.get("SERVER_IP", "127.0.0.1"))

    def query(self, payment: Payment) -> GatewayResult:
        tmn_code, secret = self._merchant_of(payment)
        body: dict[str, Any] = {
            "vnp_RequestId": request_id(),
            "vnp_Version": VERSION,
            "vnp_Command": "querydr",
            "vnp_TmnCode": tmn_code,
            "vnp_TxnRef": payment.txn_ref,
            "vnp_OrderInfo": order_info(f"Truy van giao dich {payment.txn_ref}"),
            "vnp_TransactionDate": vn_time(payment.created_at),
            "vnp_CreateDate": vn_time(),
            "vnp_IpAddr": self._server_ip(),
        }
        body["vnp_SecureHash"] = pipe_checksum("querydr", body, secret)
        answer = self._post(body)
        code, status = str(answer.get("vnp_ResponseCode", "")), str(answer.get("vnp_TransactionStatus", ""))
        if code not in ("00", "91"):  # the query itself failed (checksum, merchant, format, system error)
            raise GatewayUnavailable(f"querydr answered {code}: {answer.get('vnp_Message', '')}")
        ok = pipe_ok("querydr_response", answer, secret)
        if not ok or code == "91":  # 91: the gateway has no such transaction: never paid there
            return GatewayResult(
                txn_ref=payment.txn_ref, response_code=code, signature_ok=ok, raw=answer, transaction_status=status
            )
        try:
            amount: int | None = int(str(answer.get("vnp_Amount", ""))) // 100
        except ValueError:
            amount = None
        return GatewayResult(
            txn_ref=str(answer.get("vnp_TxnRef", "")),
            amount_vnd=amount,
            paid=status == PAID,
            final=status in (PAID, "02"),
            response_code=code,
            transaction_status=status,
            gateway_txn_no=str(answer.get("vnp_TransactionNo", "")),
            bank_code=str(answer.get("vnp_BankCode", "")),
            paid_at=parse_vn_time(str(answer.get("vnp_PayDate", ""))),
            signature_ok=True,
            raw=answer,
        )

    def refund(self, payment: Payment, *, amount_vnd: int, reason: str, actor_name: str) -> GatewayResult:
        """Refund through the API. The result's `final` is true (and `response_code` "00") only when
        the gateway accepted the refund; otherwise `raw["vnp_Message"]` says why."""
        tmn_code, secret = self._merchant_of(payment)
        body: dict[str, Any] = {
            "vnp_RequestId": request_id(),
            "vnp_Version": VERSION,
            "vnp_Command": "refund",
            "vnp_TmnCode": tmn_code,
            "vnp_TransactionType": "02" if amount_vnd >= payment.amount_vnd else "03",
            "vnp_TxnRef": payment.txn_ref,
            "vnp_Amount": amount_vnd * 100,
            "vnp_OrderInfo": order_info(f"Hoan tien {payment.txn_ref} {reason}"),
            "vnp_TransactionNo": payment.gateway_txn_no,
            "vnp_TransactionDate": vn_time(payment.created_at),
            "vnp_CreateBy": order_info(actor_name)[:250] or "motcua",
            "vnp_CreateDate": vn_time(),
            "vnp_IpAddr": self._server_ip(),
        }
        body["vnp_SecureHash"] = pipe_checksum("refund", body, secret)
        answer = self._post(body)
        ok = pipe_ok("refund_response", answer, secret)
        code = str(answer.get("vnp_ResponseCode", ""))
        return GatewayResult(
            txn_ref=payment.txn_ref,
            amount_vnd=amount_vnd,
            final=ok and code == "00",
            response_code=code,
            transaction_status=str(answer.get("vnp_TransactionStatus", "")),
            gateway_txn_no=str(answer.get("vnp_TransactionNo", "")),
            signature_ok=ok,
            raw=answer,
        )

    # settlement

    def settlement(self, day: dt.date) -> list[GatewayResult]:
        if self.config.get("SETTLEMENT_API", self.key == "sandbox"):
            return [line for code in self.merchants() for line in self._settlement_api(code, day)]
        return self._settlement_by_query(day)

    def _settlement_api(self, tmn_code: str, day: dt.date) -> list[GatewayResult]:
        secret = self.merchants()[tmn_code]
        body: dict[str, Any] = {
            "vnp_RequestId": request_id(),
            "vnp_Version": VERSION,
            "vnp_Command": "settlement",
            "vnp_TmnCode": tmn_code,
            "vnp_Day": day.strftime("%Y%m%d"),
            "vnp_CreateDate": vn_time(),
        }
        body["vnp_SecureHash"] = pipe_checksum("settlement", body, secret)
        answer = self._post(body)
        lines = answer.get("transactions") or []
        if not isinstance(lines, list) or answer.get("vnp_Digest") != settlement_digest(lines):
            raise GatewayUnavailable("The settlement lines do not match their digest.")
        if not pipe_ok("settlement_response", answer, secret) or answer.get("vnp_ResponseCode") != "00":
            raise GatewayUnavailable(f"Settlement refused: {answer.get('vnp_ResponseCode')}")
        return [
            GatewayResult(
                txn_ref=str(line.get("vnp_TxnRef", "")),
                amount_vnd=int(line.get("vnp_Amount", 0)) // 100,
                paid=True,
                final=True,
                response_code=PAID,
                transaction_status=PAID,
                gateway_txn_no=str(line.get("vnp_TransactionNo", "")),
                bank_code=str(line.get("vnp_BankCode", "")),
                paid_at=parse_vn_time(str(line.get("vnp_PayDate", ""))),
                raw=line,
            )
            for line in lines
        ]

    def _settlement_by_query(self, day: dt.date) -> list[GatewayResult]:
        """Real VNPay offers no settlement file through its API: ask about each of our payments of the day."""
        from ..choices import Method
        from ..models import Payment

        start = dt.datetime.combine(day, dt.time.min, tzinfo=GMT7)
        payments = Payment.objects.filter(
            method=Method.GATEWAY, gateway=self.key, created_at__gte=start, created_at__lt=start + dt.timedelta(days=1)
        ).select_related("agency", "dossier")
        found = [self.query(payment) for payment in payments]
        return [result for result in found if result.paid]
