"""Paying from the citizen portal: the payments panel on the dossier page, "Pay online" for a partly
online dossier, "Submit and pay" on a fully online draft (the checks run first), the receipt download
(only the applicant's own), and "pay to receive your result"."""

from __future__ import annotations

import subprocess
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from motcua.catalog.choices import StepRole
from motcua.catalog.tests.factories import FeeFactory
from motcua.dossiers.choices import State
from motcua.dossiers.services import dossier_accept, dossier_finish, dossier_submit, task_complete
from motcua.payments.choices import DueAt, PaymentStatus
from motcua.payments.models import Payment

from .test_gateway_support import (  # noqa: F401 - fixtures, registered under their names
    FEE,
    World,
    citizen_fixture,
    draft_of,
    full_fixture,
    ipn_for,
    make_citizen,
    partial_fixture,
)

pytestmark = pytest.mark.django_db
SANDBOX = "/thanh-toan/sandbox/pay/"


def fields(dossier) -> dict[str, str]:
    dossier.refresh_from_db()
    return {
        "applicant_kind": dossier.applicant_kind,
        "applicant_name": dossier.applicant_name,
        "organisation_name": dossier.organisation_name,
        "id_type": dossier.id_type,
        "id_number": dossier.id_number,
        "birth_date": "",
        "phone": dossier.phone,
        "email": dossier.email,
        "address": dossier.address,
        "return_method": "online",
        "return_address": "",
        "form.request": (dossier.form_data or {}).get("request", ""),
        "action": "submit",
    }


def test_submit_and_pay_sends_a_complete_draft_to_the_gateway(full: World, citizen, client: Client) -> None:
    client.force_login(citizen)
    dossier = draft_of(full, citizen)
    edit = reverse("citizen:edit", args=[dossier.pk])
    page = client.get(edit).content.decode()
    assert "Submit and pay (200.000 đ)" in page
    response = client.post(edit, fields(dossier))
    assert response.status_code == 302 and urlsplit(response["Location"]).path == SANDBOX
    payment = Payment.objects.get()
    assert payment.status == PaymentStatus.PENDING and payment.amount_vnd == FEE and payment.line_ids
    dossier.refresh_from_db()
    assert dossier.state == State.DRAFT  # submitted only once the payment is confirmed
    assert client.get(reverse("payments:ipn", args=["sandbox"]), ipn_for(payment)).json()["RspCode"] == "00"
    dossier.refresh_from_db()
    assert dossier.state == State.SUBMITTED and dossier.code


def test_submit_and_pay_shows_the_gaps_first_and_starts_nothing(full: World, citizen, client: Client) -> None:
    from motcua.dossiers.services import dossier_draft_start

    client.force_login(citizen)
    dossier = dossier_draft_start(applicant=citizen, version=full.version, desk=full.centre)
    response = client.post(reverse("citizen:edit", args=[dossier.pk]), fields(dossier))
    assert response.status_code == 400 and "Your application was not submitted" in response.content.decode()
    assert not Payment.objects.exists()


def test_partly_online_dossier_pays_online_from_its_page(partial: World, citizen, client: Client) -> None:
    client.force_login(citizen)
    dossier = dossier_submit(applicant=citizen, dossier=draft_of(partial, citizen))  # partial: no guard
    detail = reverse("citizen:detail", args=[dossier.pk])
    page = client.get(detail).content.decode()
    assert "Fees and charges" in page and "Pay online (200.000 đ)" in page and "To pay" in page
    response = client.post(reverse("payments:pay", args=[dossier.pk]))
    assert response.status_code == 302 and urlsplit(response["Location"]).path == SANDBOX
    payment = Payment.objects.get()
    client.get(reverse("payments:ipn", args=["sandbox"]), ipn_for(payment))
    page = client.get(detail).content.decode()
    receipt = reverse("payments:receipt", args=[payment.txn_ref])
    assert "Pay online" not in page and receipt in page and "Paid" in page
    dossier.refresh_from_db()
    assert dossier.state == State.SUBMITTED and dossier.history.filter(action="payment_confirmed").exists()


def test_the_receipt_is_the_applicants_only(partial: World, citizen, client: Client, tmp_path) -> None:
    dossier = dossier_submit(applicant=citizen, dossier=draft_of(partial, citizen))
    client.force_login(citizen)
    client.post(reverse("payments:pay", args=[dossier.pk]))
    payment = Payment.objects.get()
    receipt = reverse("payments:receipt", args=[payment.txn_ref])
    assert client.get(receipt).status_code == 404  # not paid yet
    client.get(reverse("payments:ipn", args=["sandbox"]), ipn_for(payment))
    response = client.get(receipt)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "receipt.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert dossier.code in text and "200.000" in text
    client.force_login(make_citizen("stranger", id_number="001090012346"))
    assert client.get(receipt).status_code == 404
    assert client.post(reverse("payments:pay", args=[dossier.pk])).status_code == 404


def test_nothing_owed_no_button_and_paying_is_refused(partial: World, citizen, client: Client) -> None:
    dossier = dossier_submit(applicant=citizen, dossier=draft_of(partial, citizen))
    dossier.fee_lines.update(exempt=True, exemption_reason="Người có công")
    client.force_login(citizen)
    page = client.get(reverse("citizen:detail", args=[dossier.pk])).content.decode()
    assert "Exempt" in page and "Pay online" not in page
    response = client.post(reverse("payments:pay", args=[dossier.pk]), follow=True)
    assert "Nothing is owed on this dossier." in response.content.decode() and not Payment.objects.exists()


def test_fees_due_before_the_result_ask_to_pay_to_receive_it(partial: World, citizen, client: Client) -> None:
    FeeFactory(version=partial.version, order=2, name="Phí cấp bản sao", amount_vnd=50_000, payable_at="before_result")
    dossier = dossier_submit(applicant=citizen, dossier=draft_of(partial, citizen))
    assert dossier.fee_lines.filter(due_at=DueAt.BEFORE_RESULT).count() == 1
    dossier.fee_lines.filter(due_at=DueAt.BEFORE_PROCESSING).update(exempt=True, exemption_reason="Miễn")
    dossier = dossier_accept(actor=partial.desk_officer, dossier=dossier)
    for role, actor in (
        (StepRole.DEPARTMENT_HEAD, partial.head),
        (StepRole.SPECIALIST, partial.specialist),
        (StepRole.DEPARTMENT_HEAD, partial.head),
        (StepRole.AGENCY_LEADER, partial.leader),
    ):
        task = dossier.tasks.get(status="active", role=role)
        dossier = task_complete(actor=actor, dossier=dossier, task_id=task.pk)
    # A written refusal is a result too, and needs no signing certificate in the test environment.
    dossier = dossier_finish(actor=partial.clerk, dossier=dossier, outcome="refused", reasons="Không đủ điều kiện")
    assert dossier.state == State.DONE
    client.force_login(citizen)
    page = client.get(reverse("citizen:detail", args=[dossier.pk])).content.decode()
    assert "Your result is ready: pay 50.000 đ to receive it." in page and "Pay online (50.000 đ)" in page
