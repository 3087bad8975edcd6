"""The IPN endpoint (services.md §1) through Django's test client: replays, forged and wrong-amount calls,
unknown references, cancellation, and the fully online draft that is submitted once its fee is paid."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from motcua.audit.models import AuditEvent
from motcua.dossiers.choices import State
from motcua.dossiers.services import dossier_submit
from motcua.notifications.models import OutboxMessage
from motcua.payments.choices import PaymentStatus
from motcua.payments.models import DossierFee, GatewayCallback, Payment, ReceiptSequence
from motcua.payments.services.fees import PaymentRequired, fees_outstanding

from .test_gateway_support import (  # noqa: F401 - fixtures, registered under their names
    FEE,
    World,
    citizen_fixture,
    draft_of,
    full_fixture,
    ipn_for,
    start,
)

pytestmark = pytest.mark.django_db
IPN = reverse("payments:ipn", args=["sandbox"])


def call(client: Client, params: dict[str, str]) -> dict[str, Any]:
    response = client.get(IPN, params)
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    return response.json()


def test_a_replayed_ipn_pays_once_with_one_receipt_number(full: World, citizen, client: Client) -> None:
    dossier = draft_of(full, citizen)
    payment, _url = start(citizen, dossier)
    params = ipn_for(payment)
    answers = [call(client, params)["RspCode"] for _ in range(5)]
    assert answers == ["00", "02", "02", "02", "02"]
    assert call(client, params) == {"RspCode": "02", "Message": "Order already confirmed"}
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PAID and payment.gateway_txn_no == "14000001"
    assert payment.receipt_no == 1 and ReceiptSequence.objects.get().last == 1
    assert AuditEvent.objects.filter(kind="payment.paid").count() == 1
    assert GatewayCallback.objects.filter(kind="ipn", payment=payment).count() == 6
    assert set(DossierFee.objects.filter(dossier=dossier).values_list("payment_id", flat=True)) == {payment.pk}
    assert fees_outstanding(dossier) == 0


def test_pay_to_submit_the_draft_is_submitted_with_a_code_after_the_ipn(full: World, citizen, client) -> None:
    dossier = draft_of(full, citizen)
    with pytest.raises(PaymentRequired) as refused:
        dossier_submit(applicant=citizen, dossier=dossier)
    assert refused.value.amount == FEE
    dossier.refresh_from_db()
    assert dossier.state == State.DRAFT and dossier.code is None
    payment, _url = start(citizen, dossier)
    assert call(client, ipn_for(payment))["RspCode"] == "00"
    dossier.refresh_from_db()
    assert dossier.state == State.SUBMITTED and dossier.code and dossier.submitted_at
    assert dossier.submission["submits"][0]["ip"] == "10.1.2.3"
    assert list(dossier.history.values_list("action", flat=True)) == ["submit", "payment_confirmed"]
    assert dossier.history.get(action="submit").actor == citizen
    events = set(OutboxMessage.objects.filter(channel="email").values_list("event", flat=True))
    assert events == {"dossier.submit", "dossier.payment_confirmed"}


def test_a_draft_that_became_invalid_stays_a_draft_with_its_fee_paid(full: World, citizen, client) -> None:
    dossier = draft_of(full, citizen)
    payment, _url = start(citizen, dossier)
    line = dossier.components.filter(required=True).first()
    line.scans.all().delete()  # a required document removed while the applicant was paying
    assert call(client, ipn_for(payment))["RspCode"] == "00"
    dossier.refresh_from_db()
    payment.refresh_from_db()
    assert dossier.state == State.DRAFT and dossier.code is None and payment.status == PaymentStatus.PAID
    assert AuditEvent.objects.filter(kind="payment.auto_submit_refused").count() == 1
    assert fees_outstanding(dossier) == 0
    page = client.get(reverse("payments:return", args=["sandbox"]), ipn_for(payment)).content.decode()
    assert "could not be submitted automatically" in page


def test_a_forged_ipn_answers_97_changes_nothing_and_is_audited(full: World, citizen, client) -> None:
    payment, _url = start(citizen, draft_of(full, citizen))
    assert call(client, ipn_for(payment, secret="NOT-THE-SECRET")) == {"RspCode": "97", "Message": "Invalid signature"}
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING and not payment.receipt_no
    rejected = AuditEvent.objects.get(kind="payment.ipn_rejected")
    assert rejected.data["reason"] == "signature" and rejected.data["txn_ref"] == payment.txn_ref
    callback = GatewayCallback.objects.get(kind="ipn")
    assert callback.outcome == "97" and callback.params["vnp_TxnRef"] == payment.txn_ref


def test_a_wrong_amount_answers_04_and_is_audited(full: World, citizen, client) -> None:
    payment, _url = start(citizen, draft_of(full, citizen))
    assert call(client, ipn_for(payment, amount_vnd=FEE - 1000))["RspCode"] == "04"
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING
    rejected = AuditEvent.objects.get(kind="payment.ipn_rejected")
    assert (rejected.data["reason"], rejected.data["expected"], rejected.data["received"]) == (
        "amount",
        FEE,
        FEE - 1000,
    )


def test_an_unknown_reference_answers_01(full: World, citizen, client) -> None:
    payment, _url = start(citizen, draft_of(full, citizen))
    payment.txn_ref = "NOSUCHREF"
    assert call(client, ipn_for(payment))["RspCode"] == "01"


@pytest.mark.parametrize(("response", "status"), [("24", PaymentStatus.CANCELLED), ("51", PaymentStatus.FAILED)])
def test_a_refused_payment_is_final_and_the_draft_waits(full: World, citizen, client, response, status) -> None:
    dossier = draft_of(full, citizen)
    payment, _url = start(citizen, dossier)
    assert call(client, ipn_for(payment, response=response, status="02"))["RspCode"] == "00"
    assert call(client, ipn_for(payment))["RspCode"] == "02"  # a later "paid" for the same attempt changes nothing
    payment.refresh_from_db()
    dossier.refresh_from_db()
    assert payment.status == status and payment.response_code == response and dossier.state == State.DRAFT
    assert fees_outstanding(dossier) == FEE


def test_ipn_before_the_browser_returns_the_page_shows_it_paid(full: World, citizen, client) -> None:
    payment, _url = start(citizen, draft_of(full, citizen))
    params = ipn_for(payment)
    call(client, params)
    page = client.get(reverse("payments:return", args=["sandbox"]), params)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Payment received" in html and "200.000" in html
    payment.refresh_from_db()
    assert 'http-equiv="refresh"' not in html and payment.dossier.code in html
    assert Payment.objects.get().status == PaymentStatus.PAID


def test_a_forged_browser_return_is_refused(full: World, citizen, client) -> None:
    payment, _url = start(citizen, draft_of(full, citizen))
    page = client.get(reverse("payments:return", args=["sandbox"]), ipn_for(payment, secret="WRONG"))
    assert page.status_code == 400 and "could not verify" in page.content.decode()
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING
    assert AuditEvent.objects.filter(kind="payment.return_rejected").count() == 1


def test_endpoints_are_404_when_the_sandbox_is_off(settings, client) -> None:
    settings.MOTCUA_PAYMENTS = {**settings.MOTCUA_PAYMENTS, "SANDBOX_ENABLED": False}
    assert client.get(IPN).status_code == 404
    assert client.get(reverse("payments:sandbox_pay")).status_code == 404
    assert client.post(reverse("payments:sandbox_api"), "{}", content_type="application/json").status_code == 404
