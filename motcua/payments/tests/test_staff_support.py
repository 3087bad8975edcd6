"""Helpers of the desk-side payment tests (no tests here): the dossier world, a paid dossier, gateway
payments settled through the real gateway flow, and a test gateway.

`FixedGateway` stands in for an external gateway's settlement file and refund API: a real subclass of
`PaymentGateway`, registered through the settings as any plugin is, answering from class attributes
the test sets. Everything of ours (services, database, PDFs) is real.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import tempfile
from pathlib import Path
from typing import Any, ClassVar

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.conftest import World, build_world
from motcua.org.models import User
from motcua.payments.choices import Method, PaymentStatus
from motcua.payments.gateways.base import GatewayResult, PaymentGateway
from motcua.payments.models import Payment
from motcua.payments.services.counter import txn_ref_new
from motcua.payments.services.desk import payment_record_desk

TEST_GATEWAY = "testgw"


class FixedGateway(PaymentGateway):
    """A gateway whose settlement and refund answers are set by the test."""

    key = TEST_GATEWAY
    label = "Test gateway"
    supports_refund = True
    lines: ClassVar[list[GatewayResult]] = []
    refund_answer: ClassVar[dict[str, Any]] = {"vnp_ResponseCode": "00", "vnp_TransactionNo": "RF1", "message": "OK"}
    refund_error: ClassVar[Exception | None] = None
    refunded: ClassVar[list[tuple[str, int]]] = []

    def settlement(self, day: dt.date) -> list[GatewayResult]:
        return list(self.lines)

    def refund(self, payment: Payment, *, amount_vnd: int, reason: str, actor_name: str) -> GatewayResult:
        if self.refund_error is not None:
            raise self.refund_error
        type(self).refunded.append((payment.txn_ref, amount_vnd))
        answer = dict(self.refund_answer)
        code = str(answer.get("vnp_ResponseCode", ""))
        return GatewayResult(
            txn_ref=payment.txn_ref,
            amount_vnd=amount_vnd,
            final=code == "00",
            response_code=code,
            gateway_txn_no=str(answer.get("vnp_TransactionNo", "")),
            raw=answer,
        )


@pytest.fixture
def world(db: Any) -> World:
    return build_world()


@pytest.fixture
def fixed_gateway(settings: Any) -> type[FixedGateway]:
    payments = {**settings.MOTCUA_PAYMENTS, "GATEWAYS": dict(settings.MOTCUA_PAYMENTS["GATEWAYS"])}
    payments["GATEWAYS"][TEST_GATEWAY] = {"BACKEND": "motcua.payments.tests.test_staff_support.FixedGateway"}
    settings.MOTCUA_PAYMENTS = payments
    FixedGateway.lines = []
    FixedGateway.refund_answer = {"vnp_ResponseCode": "00", "vnp_TransactionNo": "RF1", "message": "OK"}
    FixedGateway.refund_error = None
    FixedGateway.refunded = []
    return FixedGateway


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def token_client(user: User | None) -> APIClient:
    client = APIClient()
    if user is not None:
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def paid_cash(world: World, dossier: Dossier | None = None, at: dt.datetime | None = None) -> Payment:
    dossier = dossier or world.receive()
    return payment_record_desk(actor=world.desk_officer, dossier=dossier, method=Method.CASH, at=at)


def gateway_attempt(dossier: Dossier, *, gateway: str = TEST_GATEWAY, amount: int | None = None) -> Payment:
    """A pending online attempt for every owed line, as the gateway flow starts one."""
    lines = list(dossier.fee_lines.filter(exempt=False, payment__isnull=True))
    return Payment.objects.create(
        dossier=dossier,
        agency_id=dossier.competent_agency_id,
        amount_vnd=amount if amount is not None else sum(line.amount_vnd for line in lines),
        method=Method.GATEWAY,
        gateway=gateway,
        txn_ref=txn_ref_new(dossier),
        line_ids=[line.pk for line in lines],
        expires_at=timezone.now() + dt.timedelta(minutes=15),
    )


def gateway_line(payment: Payment, *, amount: int | None = None, at: dt.datetime | None = None) -> GatewayResult:
    """What the gateway says about a paid transaction (IPN or settlement line)."""
    return GatewayResult(
        txn_ref=payment.txn_ref,
        amount_vnd=payment.amount_vnd if amount is None else amount,
        paid=True,
        final=True,
        response_code="00",
        transaction_status="00",
        gateway_txn_no=f"GW{payment.pk:06d}",
        bank_code="NCB",
        paid_at=at or timezone.now(),
        raw={
            "vnp_TxnRef": payment.txn_ref,
            "vnp_Amount": str((payment.amount_vnd if amount is None else amount) * 100),
        },
    )


def paid_online(dossier: Dossier, *, at: dt.datetime | None = None) -> Payment:
    """A gateway payment confirmed through the real gateway flow (as its IPN would)."""
    from motcua.payments.services.gateway_flow import payment_settle

    payment = gateway_attempt(dossier)
    payment_settle(payment=payment, result=gateway_line(payment, at=at), source="ipn")
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PAID
    return payment


def pdf_text(data: bytes) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "doc.pdf"
        path.write_bytes(data)
        out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True)  # noqa: S607
    return out.stdout.decode()
