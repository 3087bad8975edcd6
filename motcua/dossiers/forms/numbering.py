"""Which form set is in force on a date, and the number and title each form prints under it.

documents-and-codes.md §3: Circular 01/2018 until the day before `FORMS_2025_FROM`, Circular 03/2025
from then. Code uses semantic keys; only the printed number and title depend on the set.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from ..choices import FormKey

SET_2018 = "01/2018"
SET_2025 = "03/2025"

# key -> (number under 01/2018, number under 03/2025); None: the set has no such form (our own layout).
NUMBERS: dict[str, tuple[str | None, str | None]] = {
    FormKey.RECEIPT: ("01", "01"),
    FormKey.SUPPLEMENT_REQUEST: ("02", "02"),
    FormKey.INTAKE_REFUSAL: ("03", "03"),
    FormKey.APOLOGY: ("04", "04"),
    FormKey.STOP_NOTICE: (None, "05"),
    FormKey.CONTROL_SHEET: ("05", "06"),
    FormKey.REGISTER: ("06", "07"),
    FormKey.TRANSFER_SLIP: (None, None),
    FormKey.WITHDRAWAL: (None, None),
}

TITLES: dict[str, str] = {
    FormKey.RECEIPT: "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
    FormKey.SUPPLEMENT_REQUEST: "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
    FormKey.INTAKE_REFUSAL: "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
    FormKey.APOLOGY: "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
    FormKey.STOP_NOTICE: "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ",
    FormKey.CONTROL_SHEET: "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
    FormKey.REGISTER: "SỔ THEO DÕI HỒ SƠ",
    FormKey.TRANSFER_SLIP: "PHIẾU CHUYỂN XỬ LÝ HỒ SƠ",
    FormKey.WITHDRAWAL: "GIẤY XÁC NHẬN RÚT HỒ SƠ",
}
# Circular 03/2025 renames Mẫu 04 (wording to confirm against the gazetted text).
TITLES_2025: dict[str, str] = {FormKey.APOLOGY: "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN"}


def forms_2025_from() -> dt.date:
    return dt.date.fromisoformat(settings.MOTCUA["FORMS_2025_FROM"])


def form_set_on(on: dt.date) -> str:
    return SET_2025 if on >= forms_2025_from() else SET_2018


def form_numbering(key: str, on: dt.date) -> tuple[str, str | None]:
    """(form set, printed number) for `key` in the set in force on `on`; the number is None where the
    set has no such form (stop notice under 01/2018, transfer slip, withdrawal)."""
    if key not in NUMBERS:
        raise ValueError(f"unknown form key {key!r}")
    form_set = form_set_on(on)
    old, new = NUMBERS[key]
    return form_set, (new if form_set == SET_2025 else old)


def form_title(key: str, form_set: str) -> str:
    if form_set == SET_2025 and key in TITLES_2025:
        return TITLES_2025[key]
    return TITLES[key]
