"""The gateway plugin interface (services.md §1).

A gateway is configured in settings.MOTCUA_PAYMENTS["GATEWAYS"][key] (BACKEND = dotted class path;
merchant code and secret come from the environment). `gateway_get(key)` returns a ready instance.

Flow: `start` gives the URL the applicant's browser is sent to; the gateway later calls our IPN URL
server-to-server (`handle_notification` decides the outcome: that is the only thing that marks a
payment paid, besides `query` when the IPN is late); the browser comes back to the return URL
(`parse_return`, for display only). `settlement(day)` lists the gateway's transactions of a local day
for the reconciliation; `refund` is optional.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils.module_loading import import_string

if TYPE_CHECKING:
    from django.http import HttpRequest

    from ..models import Payment


class GatewayNotConfigured(Exception):  # noqa: N818
    pass


@dataclass
class GatewayResult:
    """What the gateway says about one transaction (IPN, return, query or settlement line)."""

    txn_ref: str
    amount_vnd: int | None = None
    paid: bool = False
    final: bool = False  # the gateway will not change its answer (paid, failed, cancelled)
    response_code: str = ""
    transaction_status: str = ""
    gateway_txn_no: str = ""
    bank_code: str = ""
    paid_at: dt.datetime | None = None
    signature_ok: bool = True
    raw: dict[str, Any] = field(default_factory=dict)


@dataclass
class IpnOutcome:
    """The answer to an IPN: `code` is the protocol's reply code (VNPay RspCode: 00 confirmed,
    01 not found, 02 already confirmed, 04 wrong amount, 97 bad signature, 99 other)."""

    code: str
    message: str
    payment_id: int | None = None


class PaymentGateway:
    key: str = ""
    label: str = ""
    supports_refund: bool = False

    def __init__(self, key: str, config: dict[str, Any]) -> None:
        self.key, self.config = key, config

    def merchant_for(self, agency_code: str) -> tuple[str, str]:
        """(merchant code, secret) for the collecting agency, falling back to the default merchant."""
        raise NotImplementedError

    def start(self, payment: Payment, *, return_url: str, client_ip: str) -> str:
        """URL to send the applicant's browser to."""
        raise NotImplementedError

    def parse_return(self, query: dict[str, str]) -> GatewayResult:
        """Verify and read the browser's return (display only: never marks anything paid)."""
        raise NotImplementedError

    def parse_notification(self, query: dict[str, str]) -> GatewayResult:
        """Verify and read a server-to-server notification."""
        raise NotImplementedError

    def notification_response(self, outcome: IpnOutcome) -> tuple[int, dict[str, Any]]:
        """HTTP status and JSON body the gateway expects back."""
        raise NotImplementedError

    def query(self, payment: Payment) -> GatewayResult:
        """Ask the gateway for the transaction's state (late IPN, expiry sweep)."""
        raise NotImplementedError

    def settlement(self, day: dt.date) -> list[GatewayResult]:
        """The gateway's transactions of a local day (00:00–23:59:59 GMT+7)."""
        raise NotImplementedError

    def refund(self, payment: Payment, *, amount_vnd: int, reason: str, actor_name: str) -> GatewayResult:
        raise NotImplementedError


def gateway_get(key: str | None = None) -> PaymentGateway:
    conf = settings.MOTCUA_PAYMENTS
    key = key or conf["GATEWAY"]
    if key == "sandbox" and not conf.get("SANDBOX_ENABLED"):
        raise GatewayNotConfigured("The sandbox gateway is off in these settings.")
    try:
        config = conf["GATEWAYS"][key]
    except KeyError as error:
        raise GatewayNotConfigured(f"Unknown payment gateway {key!r}.") from error
    gateway: PaymentGateway = import_string(config["BACKEND"])(key, config)
    return gateway


def request_params(request: HttpRequest) -> dict[str, str]:
    """Query parameters as a flat dict (gateways send GET; a POSTed form is read the same way)."""
    source = request.GET if request.method == "GET" else request.POST
    return {k: source.get(k, "") for k in source}
