"""The desk officer records cash or a bank transfer, exempts a line; the staff panel on the dossier page."""

# ruff: noqa: F811 - the fixtures `world` and `fixed_gateway` are imported from test_staff_support

from __future__ import annotations

import pytest
from django.urls import reverse

from motcua.audit.models import AuditEvent
from motcua.dossiers.errors import NotPermitted
from motcua.dossiers.services import dossier_withdraw
from motcua.payments.choices import Method, PaymentStatus
from motcua.payments.models import Payment
from motcua.payments.services.desk import fee_line_exempt, payment_record_desk
from motcua.payments.services.fees import fees_outstanding

from .test_staff_support import client_for, world  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


def record_url(dossier):
    return reverse("payments_staff:record", args=[dossier.code])


def owed_ids(dossier):
    return [str(pk) for pk in dossier.fee_lines.values_list("pk", flat=True)]


def test_cash_recorded_at_the_desk(world):
    dossier = world.receive()
    assert fees_outstanding(dossier) == 200000

    response = client_for(world.desk_officer).post(
        record_url(dossier), {"method": "cash", "lines": owed_ids(dossier), "payer_name": ""}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("dossiers:detail", args=[dossier.code])
    payment = Payment.objects.get(dossier=dossier)
    assert (payment.method, payment.status, payment.amount_vnd) == (Method.CASH, PaymentStatus.PAID, 200000)
    assert payment.payer_name == "Nguyễn Thị Hoà"
    assert payment.receipt_no == 1
    assert payment.recorded_by == world.desk_officer
    assert fees_outstanding(dossier) == 0
    assert AuditEvent.objects.filter(kind="payment.paid", object_id=str(payment.pk)).count() == 1


def test_transfer_needs_its_reference(world):
    dossier = world.receive()
    client = client_for(world.desk_officer)

    refused = client.post(record_url(dossier), {"method": "transfer", "lines": owed_ids(dossier)})

    assert refused.status_code == 400
    assert "Enter the bank transfer reference." in refused.content.decode()
    assert 'id="id_pay_note"' in refused.content.decode()
    assert not Payment.objects.exists()

    done = client.post(record_url(dossier), {"method": "transfer", "lines": owed_ids(dossier), "note": "FT2501234"})
    assert done.status_code == 302
    payment = Payment.objects.get()
    assert (payment.method, payment.note) == (Method.TRANSFER, "FT2501234")


def test_double_submit_is_refused_and_records_once(world):
    dossier = world.receive()
    client = client_for(world.desk_officer)
    data = {"method": "cash", "lines": owed_ids(dossier)}

    first = client.post(record_url(dossier), data)
    second = client.post(record_url(dossier), data)

    assert first.status_code == 302
    assert second.status_code == 400
    assert "Some of these fees are already paid." in second.content.decode()
    assert Payment.objects.count() == 1


def test_only_the_desk_officer_records(world):
    dossier = world.receive()

    leader = client_for(world.leader).post(record_url(dossier), {"method": "cash", "lines": owed_ids(dossier)})
    stranger = client_for(world.other_leader).post(record_url(dossier), {"method": "cash", "lines": owed_ids(dossier)})

    assert leader.status_code == 403  # sees the dossier, may not take money
    assert stranger.status_code == 404  # cannot see it
    assert not Payment.objects.exists()
    with pytest.raises(NotPermitted):
        payment_record_desk(actor=world.leader, dossier=dossier, method=Method.CASH)


def test_no_fee_is_collected_on_an_ended_dossier(world):
    dossier = dossier_withdraw(actor=world.desk_officer, dossier=world.receive(), request_text="Đơn rút hồ sơ")

    response = client_for(world.desk_officer).post(record_url(dossier), {"method": "cash", "lines": owed_ids(dossier)})

    assert response.status_code == 409
    assert "This dossier has ended" in response.content.decode()
    assert not Payment.objects.exists()


def test_exemption_needs_a_reason_and_is_audited(world):
    dossier = world.receive()
    line = dossier.fee_lines.get()
    url = reverse("payments_staff:exempt", args=[dossier.code, line.pk])
    client = client_for(world.desk_officer)

    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 400
    line.refresh_from_db()
    assert not line.exempt

    done = client.post(url, {"reason": "Người có công với cách mạng, thẻ số 123"})
    assert done.status_code == 302
    line.refresh_from_db()
    assert (line.exempt, line.exemption_reason) == (True, "Người có công với cách mạng, thẻ số 123")
    assert fees_outstanding(dossier) == 0
    assert AuditEvent.objects.filter(kind="payment.fee_exempted", object_id=str(line.pk)).exists()
    assert client_for(world.leader).post(url, {"reason": "x"}).status_code == 403


def test_a_paid_line_cannot_be_exempted(world):
    payment = payment_record_desk(actor=world.desk_officer, dossier=world.receive(), method=Method.CASH)
    line = payment.lines.get()
    with pytest.raises(Exception, match="already paid"):
        fee_line_exempt(actor=world.desk_officer, line=line, reason="x")


def test_staff_panel_on_the_dossier_page(world):
    dossier = world.receive()
    page = client_for(world.desk_officer).get(reverse("dossiers:detail", args=[dossier.code])).content.decode()

    assert "Fees and payments" in page
    assert "Phí cung cấp thông tin lý lịch tư pháp" in page
    assert "200.000 đ" in page
    assert "Record a payment at the desk" in page
    assert "Mark exempt" in page

    leader_page = client_for(world.leader).get(reverse("dossiers:detail", args=[dossier.code])).content.decode()
    assert "Phí cung cấp thông tin lý lịch tư pháp" in leader_page
    assert "Record a payment at the desk" not in leader_page

    payment_record_desk(actor=world.desk_officer, dossier=dossier, method=Method.CASH)
    paid_page = client_for(world.desk_officer).get(reverse("dossiers:detail", args=[dossier.code])).content.decode()
    assert "Record a payment at the desk" not in paid_page
    assert "No. 0000001/" in paid_page
    assert reverse("payments_staff:receipt", args=[Payment.objects.get().pk]) in paid_page
