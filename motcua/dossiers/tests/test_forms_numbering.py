"""Form set switch, printed numbers and Vietnamese wording (no database, no PDF)."""

from __future__ import annotations

import datetime as dt

import pytest

from motcua.dossiers.forms import form_numbering, qr_target
from motcua.dossiers.forms.fmt import place_name, to_json, vn_date, vn_datetime, vn_duration
from motcua.dossiers.forms.numbering import form_title

BEFORE = dt.date(2025, 9, 14)
SWITCH = dt.date(2025, 9, 15)


@pytest.mark.parametrize(
    ("key", "old", "new"),
    [
        ("receipt", "01", "01"),
        ("supplement_request", "02", "02"),
        ("intake_refusal", "03", "03"),
        ("apology", "04", "04"),
        ("stop_notice", None, "05"),
        ("control_sheet", "05", "06"),
        ("register", "06", "07"),
        ("transfer_slip", None, None),
        ("withdrawal", None, None),
    ],
)
def test_numbers_follow_the_set_in_force(key, old, new):
    assert form_numbering(key, BEFORE) == ("01/2018", old)
    assert form_numbering(key, SWITCH) == ("03/2025", new)


def test_switch_date_comes_from_settings(settings):
    settings.MOTCUA = {**settings.MOTCUA, "FORMS_2025_FROM": "2026-01-01"}
    assert form_numbering("control_sheet", dt.date(2025, 12, 31)) == ("01/2018", "05")
    assert form_numbering("control_sheet", dt.date(2026, 1, 1)) == ("03/2025", "06")


def test_unknown_key_is_refused():
    with pytest.raises(ValueError, match="unknown form key"):
        form_numbering("receipt_v2", SWITCH)


def test_apology_title_depends_on_the_set():
    assert form_title("apology", "01/2018") == "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ"
    assert form_title("apology", "03/2025") == "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN"


def test_qr_target_is_the_public_lookup(settings):
    settings.MOTCUA = {**settings.MOTCUA, "PUBLIC_BASE_URL": "https://dichvucong.laocai.gov.vn"}
    assert (
        qr_target("000.00.00.H56-260212-0042")
        == "https://dichvucong.laocai.gov.vn/tra-cuu/?ma=000.00.00.H56-260212-0042"
    )


def test_vietnamese_date_and_time_wording():
    moment = to_json(dt.datetime(2026, 3, 2, 3, 5, tzinfo=dt.UTC))  # 10:05 in Hà Nội
    assert moment == "2026-03-02T10:05:00+07:00"
    assert vn_datetime(moment) == "10 giờ 05 phút, ngày 02 tháng 03 năm 2026"
    assert vn_date("2026-12-31") == "ngày 31 tháng 12 năm 2026"
    assert vn_date(None) == "ngày …… tháng …… năm ……"


@pytest.mark.parametrize(
    ("value", "unit", "label"),
    [
        ("5.0", "working_days", "5 ngày làm việc"),
        ("0.5", "working_days", "0,5 ngày làm việc"),
        ("4", "working_hours", "4 giờ làm việc"),
        (None, "same_day", "Trong ngày"),
        ("30", "calendar_days", "30 ngày"),
        ("2", "calendar_months", "2 tháng"),
        (None, "", ""),
    ],
)
def test_duration_labels(value, unit, label):
    assert vn_duration({"value": value, "unit": unit}) == label


@pytest.mark.parametrize(
    ("name", "division", "place"),
    [("Xã Tả Van", "Xã", "Tả Van"), ("Thành phố Hà Nội", "", "Hà Nội"), ("Phường Ba Đình", "Phường", "Ba Đình")],
)
def test_place_is_the_short_unit_name(name, division, place):
    assert place_name(name, division) == place
