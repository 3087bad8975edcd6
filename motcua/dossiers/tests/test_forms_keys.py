"""Every form renders with its title and printed number; the set switches on the reception date."""

from __future__ import annotations

import pytest

from motcua.dossiers.choices import IntakeOutcome, ParticipationRole, Timeliness
from motcua.dossiers.forms import control_sheet_pdf, form_issue, form_pdf, register_pdf
from motcua.dossiers.forms.numbering import TITLES, TITLES_2025
from motcua.dossiers.models import Handover, Participation
from motcua.org.tests.factories import AgencyFactory

from .forms_conftest import at, flat, forms_media, make_attempt, make_dossier, pdf_pages, pdf_text  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("forms_media")]

EXTRAS = {
    "receipt": {},
    "supplement_request": {
        "items": [{"component": "Tờ khai", "defect": "Thiếu chữ ký", "legal_basis": "Điều 16 Luật Hộ tịch"}],
        "reason": "Hồ sơ chưa hợp lệ",
        "officer_name": "Đỗ Thị Hướng",
        "officer_phone": "02143840000",
    },
    "apology": {
        "number": "12/PXL",
        "reason": "Cần xác minh tại nơi cư trú",
        "old_due_date": "2026-03-09",
        "new_due_date": "2026-03-13",
        "signer_name": "Hoàng Văn Thủ",
        "agency_name": "Ủy ban nhân dân xã Tả Van",
    },
    "stop_notice": {
        "reason": "Người nộp không bổ sung hồ sơ",
        "legal_basis": "Khoản 3 Điều 9 Nghị định 118/2025/NĐ-CP",
        "originals_and_fees": "Trả lại bản chính; lệ phí không hoàn",
        "signer_name": "Hoàng Văn Thủ",
    },
    "transfer_slip": {
        "from_agency": "UBND xã Tả Van",
        "to_agency": "Sở Tư pháp",
        "task": "Thẩm định hồ sơ",
        "step_due_at": "2026-03-05T16:00:00+07:00",
    },
    "withdrawal": {"request_text": "Tôi xin rút hồ sơ để bổ sung sau", "originals_taken_by": "Nguyễn Thị Hoà"},
}
# What each form must print from its `extra`, beyond title and number.
EXPECTED = {
    "supplement_request": ["Thiếu chữ ký", "Điều 16 Luật Hộ tịch", "Đỗ Thị Hướng", "02143840000", "NGƯỜI HƯỚNG DẪN"],
    "apology": ["Số: 12/PXL", "Cần xác minh tại nơi cư trú", "ngày 09 tháng 03 năm 2026", "ngày 13 tháng 03 năm 2026"],
    "stop_notice": ["Khoản 3 Điều 9 Nghị định 118/2025/NĐ-CP", "Trả lại bản chính; lệ phí không hoàn", "Hoàng Văn Thủ"],
    "transfer_slip": ["Sở Tư pháp", "Thẩm định hồ sơ", "16 giờ 00 phút, ngày 05 tháng 03 năm 2026"],
    "withdrawal": ["Tôi xin rút hồ sơ để bổ sung sau", "Hồ sơ gốc đã trả lại cho: Nguyễn Thị Hoà"],
}
NUMBER_2025 = {"receipt": "01", "supplement_request": "02", "apology": "04", "stop_notice": "05"}


@pytest.mark.parametrize("key", list(EXTRAS))
def test_each_dossier_form_renders_with_title_and_number(key):
    dossier = make_dossier(received_at=at(2026, 3, 2, 10, 5))
    form = form_issue(key=key, at=at(2026, 3, 3, 9, 0), dossier=dossier, extra=EXTRAS[key])
    text = flat(pdf_text(form_pdf(form), layout=False))
    assert TITLES_2025.get(key, TITLES[key]) in text
    assert dossier.code in text and "Nguyễn Thị Hoà" in text
    if key in NUMBER_2025:
        assert f"Mẫu số {NUMBER_2025[key]}" in text
    else:
        assert "Mẫu số" not in text
    for expected in EXPECTED.get(key, []):
        assert expected in text
    assert len(pdf_pages(form_pdf(form))) == (2 if key == "receipt" else 1)


@pytest.mark.parametrize("outcome", [IntakeOutcome.GUIDED, IntakeOutcome.REFUSED])
def test_attempt_forms_render_without_a_code(outcome):
    attempt = make_attempt(outcome=outcome)
    key = "supplement_request" if outcome == IntakeOutcome.GUIDED else "intake_refusal"
    extra = (
        {}
        if key == "supplement_request"
        else {"items": [{"reason": "Không thuộc thẩm quyền", "legal_basis": "Điều 5"}]}
    )
    form = form_issue(key=key, at=attempt.at, attempt=attempt, extra=extra)
    text = flat(pdf_text(form_pdf(form), layout=False))
    assert TITLES[key] in text
    assert f"Mẫu số 0{2 if key == 'supplement_request' else 3}" in text
    assert "Trần Văn Đức" in text and "Mã hồ sơ" not in text
    assert ("Thiếu chữ ký" if key == "supplement_request" else "Không thuộc thẩm quyền (Căn cứ: Điều 5)") in text
    assert form.dossier_id is None and form.intake_attempt_id == attempt.pk


def test_control_sheet_number_follows_the_reception_date():
    before = control_sheet_pdf(make_dossier(received_at=at(2025, 9, 10, 9, 0)))
    after = control_sheet_pdf(make_dossier(received_at=at(2025, 9, 20, 9, 0)))
    assert "Mẫu số 05" in pdf_text(before) and "Mẫu số 06" not in pdf_text(before)
    assert "Mẫu số 06" in pdf_text(after)
    assert TITLES["control_sheet"] in flat(pdf_text(after, layout=False))


def test_stop_notice_under_the_2018_set_prints_no_number():
    dossier = make_dossier(received_at=at(2025, 9, 10, 9, 0))
    form = form_issue(key="stop_notice", at=at(2025, 10, 1, 9, 0), dossier=dossier, extra=EXTRAS["stop_notice"])
    text = flat(pdf_text(form_pdf(form), layout=False))
    assert (form.form_set, form.number) == ("01/2018", "")
    assert TITLES["stop_notice"] in text and "Mẫu số" not in text


def test_apology_under_the_2018_set_keeps_the_old_title_and_blank_number():
    dossier = make_dossier(received_at=at(2025, 9, 10, 9, 0))
    form = form_issue(
        key="apology", at=at(2025, 9, 16, 9, 0), dossier=dossier, extra={**EXTRAS["apology"], "number": ""}
    )
    text = flat(pdf_text(form_pdf(form), layout=False))
    assert "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ" in text and "Mẫu số 04" in text
    assert "Số: ……/PXL" in text


def add_handovers(dossier):
    department = AgencyFactory(name="Phòng Văn hóa - Xã hội")
    coordinating = AgencyFactory(name="Công an xã Tả Van")
    Participation.objects.create(dossier=dossier, agency=coordinating, role=ParticipationRole.COORDINATING)
    for seq, (giver, receiver, timeliness) in enumerate(
        [
            ("Bộ phận một cửa", "Công chức tư pháp", Timeliness.EARLY),
            ("Công chức tư pháp", "Chủ tịch", Timeliness.LATE),
        ],
        start=1,
    ):
        Handover.objects.create(
            dossier=dossier,
            seq=seq,
            from_agency=dossier.receiving_agency,
            from_label=giver,
            to_agency=department,
            to_label=receiver,
            at=at(2026, 3, 2 + seq, 8, 15),
            timeliness=timeliness,
            note="Ghi chú số 2" if seq == 2 else "",
        )


@pytest.mark.parametrize("issued", [False, True])
def test_control_sheet_rows_come_from_handovers(issued):
    dossier = make_dossier(received_at=at(2026, 3, 2, 10, 5))
    add_handovers(dossier)
    if issued:  # a stored copy freezes the rows of its time
        form = form_issue(key="control_sheet", at=at(2026, 3, 6, 9, 0), dossier=dossier)
        dossier.handovers.all().delete()
        data = form_pdf(form)
    else:
        data = control_sheet_pdf(dossier)
    text = flat(pdf_text(data, layout=False))
    for expected in [
        "1. Giao: Bộ phận một cửa",
        "2. Nhận: Công chức tư pháp",
        "1. Giao: Công chức tư pháp",
        "2. Nhận: Chủ tịch",
        "08:15 03/03/2026",
        "Trước hạn",
        "Quá hạn",
        "Ghi chú số 2",
        "Công an xã Tả Van",
        "TÊN CƠ QUAN",
        "GHI CHÚ",
        dossier.code,
    ]:
        assert expected in text


def test_register_pdf_is_a4_landscape_and_lists_the_codes():
    first = make_dossier(received_at=at(2026, 3, 2, 10, 5), register_no=2)
    second = make_dossier(received_at=at(2026, 3, 2, 10, 6), desk=first.desk, seq=43, register_no=1)
    data = register_pdf(desk=first.desk, year=2026)
    text = pdf_text(data)
    assert "Mẫu số 07" in text and "SỔ THEO DÕI HỒ SƠ" in text
    assert text.index(second.code) < text.index(first.code)
    width, height = pdf_pages(data)[0]
    assert (round(width), round(height)) == (842, 595)
