"""E-receipts: the amount in Vietnamese words, the PDF read back, stored once, numbers per agency and year."""

# ruff: noqa: F811 - the fixtures `world` and `fixed_gateway` are imported from test_staff_support

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.urls import reverse
from django.utils import timezone

from motcua.payments.choices import Method
from motcua.payments.models import Payment
from motcua.payments.services.desk import payment_record_desk
from motcua.payments.services.receipts import ReceiptUnavailable, receipt_pdf, vnd_in_words

from .test_staff_support import client_for, gateway_attempt, paid_cash, pdf_text, world  # noqa: F401

WORDS = [
    (0, "Không đồng"),
    (5, "Năm đồng"),
    (10, "Mười đồng"),
    (15, "Mười lăm đồng"),
    (21, "Hai mươi mốt đồng"),
    (25, "Hai mươi lăm đồng"),
    (105, "Một trăm linh năm đồng"),
    (110, "Một trăm mười đồng"),
    (1000, "Một nghìn đồng"),
    (1005, "Một nghìn không trăm linh năm đồng"),
    (1050, "Một nghìn không trăm năm mươi đồng"),
    (15000, "Mười lăm nghìn đồng"),
    (200000, "Hai trăm nghìn đồng"),
    (250000, "Hai trăm năm mươi nghìn đồng"),
    (1000000, "Một triệu đồng"),
    (1000001, "Một triệu không trăm linh một đồng"),
    (1005000, "Một triệu không trăm linh năm nghìn đồng"),
    (1234567, "Một triệu hai trăm ba mươi bốn nghìn năm trăm sáu mươi bảy đồng"),
    (10000000, "Mười triệu đồng"),
    (1000000000, "Một tỷ đồng"),
    (2000500000, "Hai tỷ năm trăm nghìn đồng"),
    (2050000000, "Hai tỷ không trăm năm mươi triệu đồng"),
    (1000000000000, "Một nghìn tỷ đồng"),
]


@pytest.mark.parametrize(("amount", "words"), WORDS)
def test_amount_in_vietnamese_words(amount, words):
    assert vnd_in_words(amount) == words


def test_negative_amounts_have_no_words():
    with pytest.raises(ValueError):
        vnd_in_words(-1)


@pytest.mark.django_db
def test_receipt_pdf_read_back(world):
    payment = paid_cash(world)
    dossier = payment.dossier

    response = client_for(world.desk_officer).get(reverse("payments_staff:receipt", args=[payment.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "BIÊN LAI THU PHÍ, LỆ PHÍ" in text
    assert f"{world.justice.code}/{payment.receipt_year}" in text
    assert "0000001" in text
    assert dossier.code in text
    assert "Hai trăm nghìn đồng" in text
    assert "200.000 đ" in text
    assert "Phí cung cấp thông tin lý lịch tư pháp" in text
    assert "Tiền mặt" in text
    assert payment.txn_ref in text
    assert "Nguyễn Thị Hoà" in text
    assert "Nghị định số 123/2020/NĐ-CP" in " ".join(text.split())


@pytest.mark.django_db
def test_receipt_rendered_once_and_served_from_storage(world):
    payment = paid_cash(world)

    first = receipt_pdf(payment)
    payment.refresh_from_db()
    second = receipt_pdf(Payment.objects.get(pk=payment.pk))

    assert first == second
    assert payment.receipt_sha256 == hashlib.sha256(first).hexdigest()
    assert payment.receipt_file.name.endswith(".pdf")


@pytest.mark.django_db
def test_only_paid_payments_have_a_receipt(world):
    attempt = gateway_attempt(world.receive())

    with pytest.raises(ReceiptUnavailable):
        receipt_pdf(attempt)
    response = client_for(world.desk_officer).get(reverse("payments_staff:receipt", args=[attempt.pk]))
    assert response.status_code == 404


@pytest.mark.django_db
def test_receipt_download_is_scoped(world):
    payment = paid_cash(world)
    url = reverse("payments_staff:receipt", args=[payment.pk])

    assert client_for(world.other_leader).get(url).status_code == 404
    assert client_for(world.leader).get(url).status_code == 200


@pytest.mark.django_db
def test_receipt_numbers_continuous_per_agency_and_year(world):
    this_year = [paid_cash(world) for _ in range(3)]
    next_year_at = timezone.make_aware(dt.datetime(timezone.localdate().year + 1, 1, 2, 9, 0))
    next_year = payment_record_desk(
        actor=world.desk_officer, dossier=world.receive(), method=Method.CASH, at=next_year_at
    )

    assert [p.receipt_no for p in this_year] == [1, 2, 3]
    assert {p.receipt_year for p in this_year} == {timezone.localdate().year}
    assert (next_year.receipt_year, next_year.receipt_no) == (timezone.localdate().year + 1, 1)
    assert {p.agency_id for p in [*this_year, next_year]} == {world.justice.pk}
