"""Shared set-up of the online payment tests: the dossier tests' province with its procedure (a fee of
200.000 đ built by the catalogue factories, due before processing) made fully online, a citizen, a
ready draft, and IPN parameters signed as the sandbox gateway signs them.

Imported by the test_gateway_*, test_ipn_*, test_sandbox_* and test_citizen_pay* modules.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings

from motcua.catalog.choices import OnlineLevel
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.conftest import World, build_world
from motcua.dossiers.tests.test_online import make_citizen, ready_draft
from motcua.org.models import User
from motcua.payments.gateways.vnpay import sign, vn_time
from motcua.payments.models import Payment
from motcua.payments.services.gateway_flow import payment_start

SECRET = settings.MOTCUA_PAYMENTS["GATEWAYS"]["sandbox"]["SECRET"]
TMN = settings.MOTCUA_PAYMENTS["GATEWAYS"]["sandbox"]["TMN_CODE"]
FEE = 200_000

__all__ = ["FEE", "SECRET", "TMN", "World", "ipn_for", "make_citizen", "ready_draft", "signed", "wait_for"]


def full_online(world: World) -> World:
    world.version.online_level = OnlineLevel.FULL
    world.version.save(update_fields=["online_level"])
    return world


@pytest.fixture(name="full")
def full_fixture(db: Any) -> World:
    return full_online(build_world())


@pytest.fixture(name="partial")
def partial_fixture(db: Any) -> World:
    world = build_world()
    world.version.online_level = OnlineLevel.PARTIAL
    world.version.save(update_fields=["online_level"])
    return world


@pytest.fixture(name="citizen")
def citizen_fixture(db: Any) -> User:
    return make_citizen()


def draft_of(world: World, citizen: User) -> Dossier:
    from django.utils import timezone

    return ready_draft(world, citizen, timezone.now())


def start(citizen: User, dossier: Dossier, base: str = "http://testserver") -> tuple[Payment, str]:
    return payment_start(actor=citizen, dossier=dossier, return_url_base=base, client_ip="10.1.2.3")


def signed(params: dict[str, str], secret: str = SECRET) -> dict[str, str]:
    return {**params, "vnp_SecureHash": sign(params, secret)}


def ipn_for(
    payment: Payment,
    *,
    response: str = "00",
    status: str = "00",
    amount_vnd: int | None = None,
    txn_no: str = "14000001",
    secret: str = SECRET,
) -> dict[str, str]:
    """What the gateway sends about `payment` (IPN or browser return), signed with `secret`."""
    params = {
        "vnp_Amount": str((payment.amount_vnd if amount_vnd is None else amount_vnd) * 100),
        "vnp_BankCode": "NCB",
        "vnp_BankTranNo": f"VNP{txn_no}",
        "vnp_CardType": "ATM",
        "vnp_OrderInfo": "Thanh toan ho so",
        "vnp_PayDate": vn_time(),
        "vnp_ResponseCode": response,
        "vnp_TmnCode": TMN,
        "vnp_TransactionNo": txn_no,
        "vnp_TransactionStatus": status,
        "vnp_TxnRef": payment.txn_ref,
    }
    return signed(params, secret)


def wait_for(check: Callable[[], Any], seconds: float = 15) -> Any:
    """Poll until `check()` is truthy (the sandbox's late IPN arrives from a timer thread)."""
    deadline = time.monotonic() + seconds
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.2)
