"""form_issue: cheap, numbered per dossier and key, JSON snapshot; stored PDFs are checked against their hash."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from decimal import Decimal

import pytest
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook

from motcua.dossiers.choices import State
from motcua.dossiers.forms import FormIntegrityError, form_issue, form_pdf, qr_target, register_xlsx
from motcua.dossiers.models import Dossier, FormDocument

from .forms_conftest import at, forms_media, make_attempt, make_dossier  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("forms_media")]


def test_issue_is_cheap_and_snapshots_what_the_form_prints(django_assert_max_num_queries):
    dossier = Dossier.objects.get(pk=make_dossier(received_at=at(2026, 3, 2, 10, 5)).pk)  # no cached relations
    with django_assert_max_num_queries(10):  # related rows, components, count, insert; no PDF
        form = form_issue(key="receipt", at=dossier.received_at, dossier=dossier, actor=dossier.received_by)
    form.refresh_from_db()
    ctx = form.context
    assert (form.key, form.form_set, form.number, form.issue_no) == ("receipt", "03/2025", "01", 1)
    assert form.file.name == "" and form.sha256 == ""
    assert form.created_at == dossier.received_at and form.created_by == dossier.received_by
    assert ctx["code"] == dossier.code and ctx["qr_target"] == qr_target(dossier.code)
    assert ctx["applicant"]["name"] == "Nguyễn Thị Hoà"
    assert ctx["received_at"] == "2026-03-02T10:05:00+07:00"
    assert ctx["due_date"] == "2026-03-09"
    assert ctx["duration"] == {"value": "5.0", "unit": "working_days"}
    assert ctx["register"] == {"year": 2026, "no": 7}
    assert ctx["officer_name"] == "Lê Văn Tiếp"
    assert ctx["header"]["place"] == "Tả Van"
    assert [c["name"] for c in ctx["components"]] == ["Tờ khai đăng ký khai sinh", "Giấy chứng sinh"]


def test_issue_numbers_count_per_dossier_and_key():
    dossier = make_dossier(received_at=at(2026, 3, 2, 10, 5))
    numbers = [form_issue(key="receipt", at=at(2026, 3, 2 + i, 9, 0), dossier=dossier).issue_no for i in range(3)]
    other = form_issue(key="apology", at=at(2026, 3, 6, 9, 0), dossier=dossier, extra={"reason": "x"})
    assert numbers == [1, 2, 3] and other.issue_no == 1


def test_set_follows_the_reception_date_not_the_issue_date():
    dossier = make_dossier(received_at=at(2025, 9, 14, 16, 0))
    form = form_issue(key="control_sheet", at=at(2025, 9, 20, 9, 0), dossier=dossier)
    assert (form.form_set, form.number) == ("01/2018", "05")


def test_extra_is_made_json_safe():
    dossier = make_dossier(received_at=at(2026, 3, 2, 10, 5))
    extra = {
        "old_due_date": dt.date(2026, 3, 9),
        "step_due_at": dt.datetime(2026, 3, 5, 9, 0, tzinfo=dt.UTC),
        "fee": Decimal("8000"),
        "reissue_reason": gettext_lazy("Result returned"),
    }
    form = form_issue(key="transfer_slip", at=at(2026, 3, 3, 9, 0), dossier=dossier, extra=extra)
    form.refresh_from_db()
    assert form.context["extra"] == {
        "old_due_date": "2026-03-09",
        "step_due_at": "2026-03-05T16:00:00+07:00",
        "fee": "8000",
        "reissue_reason": "Result returned",
    }


def test_attempt_form_takes_its_items_from_the_attempt_unless_given():
    attempt = make_attempt(when=at(2025, 9, 12, 9, 0))
    form = form_issue(key="supplement_request", at=attempt.at, attempt=attempt)
    assert (form.form_set, form.number, form.issue_no) == ("01/2018", "02", 1)
    assert form.context["code"] == "" and form.context["qr_target"] == ""
    assert form.context["extra"]["items"][0]["defect"] == "Thiếu chữ ký"
    assert form.context["officer_name"] == "Lê Văn Tiếp"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({}, "exactly one"), ({"key": "nope"}, "unknown form key"), ({"key": "register"}, "desk's book")],
)
def test_issue_refuses_bad_calls(kwargs, message):
    with pytest.raises(ValueError, match=message):
        form_issue(**{"key": "receipt", "at": at(2026, 3, 2, 9, 0), **kwargs})


def test_a_tampered_file_is_refused():
    dossier = make_dossier(received_at=at(2026, 3, 2, 10, 5))
    form = form_issue(key="withdrawal", at=at(2026, 3, 3, 9, 0), dossier=dossier, extra={"request_text": "Rút"})
    data = form_pdf(form)
    assert form.sha256 == hashlib.sha256(data).hexdigest()
    with open(form.file.path, "ab") as handle:
        handle.write(b"%tampered")
    with pytest.raises(FormIntegrityError):
        form_pdf(FormDocument.objects.get(pk=form.pk))


def test_register_xlsx_has_one_row_per_dossier_in_entry_order():
    first = make_dossier(received_at=at(2026, 3, 2, 10, 5), register_no=3, state=State.WITHDRAWN)
    desk = first.desk
    second = make_dossier(received_at=at(2026, 3, 2, 11, 0), desk=desk, seq=43, register_no=1)
    third = make_dossier(received_at=at(2026, 3, 3, 8, 0), desk=desk, seq=1, register_no=2)
    make_dossier(received_at=at(2025, 12, 30, 8, 0), desk=desk, seq=9, register_no=1)  # last year's book
    make_dossier(received_at=at(2026, 3, 3, 8, 0), seq=2, register_no=1)  # another desk
    sheet = load_workbook(filename=io.BytesIO(register_xlsx(desk=desk, year=2026))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("TT", "Mã hồ sơ", "Tên TTHC")
    assert [r[1] for r in rows[1:]] == [second.code, third.code, first.code]
    assert [r[0] for r in rows[1:]] == [1, 2, 3]
    assert rows[1][4] == "Nguyễn Thị Hoà"
    assert rows[1][7] == dt.datetime(2026, 3, 2, 11, 0)  # local wall time
    assert rows[3][-1] == "Rút hồ sơ"
