"""Mẫu 01 read back from the PDF: text, pages, QR; and the snapshot rule of issued forms."""

from __future__ import annotations

import hashlib
import threading

import pytest
from django.db import connection

from motcua.dossiers.forms import form_issue, form_pdf, qr_target
from motcua.dossiers.models import FormDocument

from .forms_conftest import at, flat, forms_media, make_dossier, pdf_pages, pdf_text, qr_payloads  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("forms_media")]
A5 = (419.53, 595.28)


@pytest.fixture
def receipt():
    dossier = make_dossier(received_at=at(2026, 3, 2, 10, 5), due_at=at(2026, 3, 9, 16, 30))
    form = form_issue(key="receipt", at=dossier.received_at, dossier=dossier, actor=dossier.received_by)
    return dossier, form, form_pdf(form)


def test_receipt_text_reads_back(receipt):
    dossier, _, data = receipt
    text = pdf_text(data)
    assert dossier.code in text
    assert "Nguyễn Thị Hoà" in text
    assert "16 giờ 30 phút, ngày 09 tháng 03 năm 2026" in text
    assert "10 giờ 05 phút, ngày 02 tháng 03 năm 2026" in text
    assert "(Liên 1: Lưu)" in text
    assert "(Liên 2: Giao khách hàng)" in text
    assert "Mẫu số 01" in text
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text
    assert "Tả Van, ngày 02 tháng 03 năm 2026" in text
    assert "5 ngày làm việc" in text
    assert "Quyển số: 2026, Số thứ tự: 07" in flat(text)
    assert "Tờ khai đăng ký khai sinh" in text and "Giấy chứng sinh" in text
    assert "Giấy tờ không nộp" not in text  # not received, not printed
    assert "NGƯỜI NỘP HỒ SƠ" in text and "NGƯỜI TIẾP NHẬN HỒ SƠ" in text and "Lê Văn Tiếp" in text


def test_receipt_is_two_a5_pages(receipt):
    sizes = pdf_pages(receipt[2])
    assert len(sizes) == 2
    for width, height in sizes:
        assert width == pytest.approx(A5[0], abs=1) and height == pytest.approx(A5[1], abs=1)


def test_receipt_qr_encodes_only_the_lookup_url(receipt):
    dossier, _, data = receipt
    assert qr_payloads(data) == [qr_target(dossier.code)]


def test_reissue_prints_the_new_due_date_and_reason(receipt):
    dossier, _, _ = receipt
    dossier.due_at = at(2026, 3, 16, 16, 30)
    again = form_issue(
        key="receipt", at=at(2026, 3, 10, 8, 0), dossier=dossier, extra={"reissue_reason": "Đã bổ sung hồ sơ"}
    )
    text = flat(pdf_text(form_pdf(again)))
    assert again.issue_no == 2
    assert "Cấp lại lần 2: Đã bổ sung hồ sơ" in text
    assert "16 giờ 30 phút, ngày 16 tháng 03 năm 2026" in text


def test_pdf_shows_the_dossier_as_issued_not_as_now(receipt):
    dossier, _, _ = receipt
    form = form_issue(key="receipt", at=at(2026, 3, 2, 10, 6), dossier=dossier)
    dossier.applicant_name = "Phạm Văn Mới"
    dossier.due_at = at(2026, 4, 30, 8, 0)
    dossier.save()
    dossier.components.update(name="Tên đã đổi")
    text = pdf_text(form_pdf(FormDocument.objects.get(pk=form.pk)))
    assert "Nguyễn Thị Hoà" in text and "Phạm Văn Mới" not in text
    assert "ngày 09 tháng 03 năm 2026" in text and "ngày 30 tháng 04 năm 2026" not in text
    assert "Tên đã đổi" not in text


def test_form_pdf_stores_once_with_its_sha256(receipt):
    _, form, first = receipt
    stale = FormDocument.objects.get(pk=form.pk)
    stale.sha256, stale.file = "", ""  # as loaded before the first render finished
    second = form_pdf(stale)
    stored = FormDocument.objects.get(pk=form.pk)
    assert second == first
    assert stored.sha256 == hashlib.sha256(first).hexdigest()
    assert stored.file.name == form.file.name and stored.file.name.endswith(".pdf")
    assert form_pdf(stored) == first
    assert len(list(stored.file.storage.listdir(stored.file.name.rsplit("/", 1)[0])[1])) == 1


@pytest.mark.django_db(transaction=True)
def test_two_requests_racing_on_a_new_form_store_one_file():
    if connection.vendor == "sqlite":
        pytest.skip("the in-memory test database locks whole tables; run on PostgreSQL (DATABASE_URL)")
    dossier = make_dossier(received_at=at(2026, 3, 2, 10, 5))
    form = form_issue(key="receipt", at=dossier.received_at, dossier=dossier)
    barrier, results = threading.Barrier(2), []

    def request() -> None:
        try:
            row = FormDocument.objects.get(pk=form.pk)  # both load it before either has rendered
            barrier.wait()
            results.append(form_pdf(row))
        finally:
            connection.close()

    threads = [threading.Thread(target=request) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stored = FormDocument.objects.get(pk=form.pk)
    assert len(results) == 2 and results[0] == results[1]
    assert stored.sha256 == hashlib.sha256(results[0]).hexdigest()
    folder = stored.file.name.rsplit("/", 1)[0]
    assert stored.file.storage.listdir(folder)[1] == [stored.file.name.rsplit("/", 1)[1]]
