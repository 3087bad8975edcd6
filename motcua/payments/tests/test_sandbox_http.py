"""The sandbox gateway over real HTTP (pytest's live_server): its payment page and buttons, the IPN it
sends to our endpoint by its background task, the browser's return, and its JSON API (querydr, refund,
settlement). The late IPN arrives from a timer thread after the browser has come back."""

from __future__ import annotations

import re
from typing import Any

import pytest
import requests
from django.utils import timezone

from motcua.payments.choices import PaymentStatus
from motcua.payments.gateways.base import gateway_get
from motcua.payments.models import GatewayCallback, Payment, SandboxTransaction

from .test_gateway_support import (  # noqa: F401 - fixtures, registered under their names
    FEE,
    World,
    build_world,
    draft_of,
    full_online,
    make_citizen,
    start,
    wait_for,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


@pytest.fixture
def paying(live_server: Any, settings: Any) -> tuple[Payment, str]:
    """A fully online draft with a pending attempt whose redirect points at the live server."""
    gateways = {**settings.MOTCUA_PAYMENTS["GATEWAYS"]}
    gateways["sandbox"] = {**gateways["sandbox"], "LATE_IPN_SECONDS": 1}
    settings.MOTCUA_PAYMENTS = {**settings.MOTCUA_PAYMENTS, "GATEWAYS": gateways}
    settings.MOTCUA = {**settings.MOTCUA, "PUBLIC_BASE_URL": live_server.url}
    world = full_online(build_world())
    citizen = make_citizen()
    return start(citizen, draft_of(world, citizen), base=live_server.url)


def press(url: str, button: str) -> requests.Response:
    session = requests.Session()
    page = session.get(url, timeout=30)
    assert page.status_code == 200, page.text
    assert "200.000 đ" in page.text and 'value="late"' in page.text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert token
    return session.post(url, {"csrfmiddlewaretoken": token.group(1), "button": button}, timeout=60)


def outcomes(payment: Payment, kind: str = "ipn") -> list[str]:
    return list(
        GatewayCallback.objects.filter(kind=kind, txn_ref=payment.txn_ref)
        .order_by("id")
        .values_list("outcome", flat=True)
    )


def test_pay_sends_the_ipn_then_the_browser_comes_back_to_a_paid_page(paying) -> None:
    payment, url = paying
    result = press(url, "pay")
    assert result.status_code == 200 and "/thanh-toan/ket-qua/sandbox/" in result.url
    assert "Payment received" in result.text
    assert outcomes(payment) == ["00"] and outcomes(payment, "query") == []
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PAID and payment.dossier.state == "submitted"


def test_late_ipn_the_return_queries_first_and_the_ipn_then_answers_02(paying) -> None:
    payment, url = paying
    result = press(url, "late")
    assert "Payment received" in result.text  # settled by the query the return page made
    assert outcomes(payment, "query") == ["00"]
    assert wait_for(lambda: outcomes(payment) == ["02"]), outcomes(payment)
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PAID and payment.receipt_no == 1
    assert payment.dossier.history.filter(action="payment_confirmed").count() == 1


def test_ipn_twice_is_confirmed_once(paying) -> None:
    payment, url = paying
    result = press(url, "twice")
    assert "Payment received" in result.text
    assert outcomes(payment) == ["00", "02"]
    assert Payment.objects.get(pk=payment.pk).receipt_no == 1


def test_a_bad_signature_ipn_is_refused_and_the_query_settles_it(paying) -> None:
    payment, url = paying
    result = press(url, "forged")
    assert outcomes(payment) == ["97"]
    assert outcomes(payment, "query") == ["00"] and "Payment received" in result.text


def test_cancel_comes_back_as_cancelled(paying) -> None:
    payment, url = paying
    result = press(url, "cancel")
    assert "You cancelled the payment" in result.text
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.CANCELLED and payment.dossier.state == "draft"
    assert press(url, "pay").status_code == 200  # a second press gets the same (cancelled) answer
    assert SandboxTransaction.objects.get(txn_ref=payment.txn_ref).status == "02"


def test_a_tampered_redirect_gets_the_gateway_error_page(paying) -> None:
    _payment, url = paying
    tampered = url.replace(f"vnp_Amount={FEE * 100}", "vnp_Amount=100")
    response = requests.get(tampered, timeout=30)
    assert response.status_code == 400 and "invalid signature" in response.text


def test_the_sandbox_api_answers_query_refund_and_settlement(paying, live_server) -> None:
    payment, url = paying
    press(url, "pay")
    payment.refresh_from_db()
    gateway = gateway_get("sandbox")
    gateway.base_url = live_server.url
    queried = gateway.query(payment)
    assert queried.paid and queried.signature_ok and queried.amount_vnd == FEE
    lines = gateway.settlement(timezone.localdate())
    assert [(line.txn_ref, line.amount_vnd, line.paid) for line in lines] == [(payment.txn_ref, FEE, True)]
    assert lines[0].gateway_txn_no == payment.gateway_txn_no
    refund = gateway.refund(payment, amount_vnd=FEE, reason="withdraw", actor_name="Nguyễn Văn A")
    assert refund.final and refund.response_code == "00"
    again = gateway.refund(payment, amount_vnd=FEE, reason="withdraw", actor_name="Nguyễn Văn A")
    assert not again.final and again.response_code == "03"
    assert SandboxTransaction.objects.get(txn_ref=payment.txn_ref).refunded_amount == FEE * 100
    other = Payment(txn_ref="NEVERPAID", amount_vnd=1, agency=payment.agency, dossier=payment.dossier)
    other.created_at = timezone.now()
    assert gateway.query(other).response_code == "91"
