"""Mẫu 07 (06 under 01/2018), the dossier register of one desk for one year: PDF and XLSX."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch
from django.utils import timezone
from openpyxl import Workbook

from ..choices import FormKey, State
from ..models import Dossier, Handover
from .context import desk_header
from .fmt import LOCAL_TZ, to_json
from .numbering import form_numbering, form_title
from .render import html_to_pdf, render_html

if TYPE_CHECKING:
    from motcua.org.models import Desk

NOTES: dict[str, str] = {
    State.WITHDRAWN: "Rút hồ sơ",
    State.STOPPED: "Dừng giải quyết",
    State.NOT_ACCEPTED: "Không tiếp nhận",
}
# (row key, Vietnamese header, width in % of the landscape page)
COLUMNS = [
    ("no", "TT", 3),
    ("code", "Mã hồ sơ", 14),
    ("procedure", "Tên TTHC", 11),
    ("sets", "Số lượng hồ sơ (bộ)", 4),
    ("applicant", "Tên cá nhân, tổ chức", 9),
    ("contact", "Địa chỉ, số điện thoại", 10),
    ("lead_agency", "Cơ quan chủ trì giải quyết", 8),
    ("received_at", "Nhận hồ sơ", 6),
    ("due_at", "Hẹn trả kết quả", 6),
    ("forwarded_at", "Chuyển hồ sơ đến cơ quan giải quyết (ngày, ký)", 8),
    ("result_in_at", "Nhận kết quả từ cơ quan giải quyết (ngày, ký)", 8),
    ("returned_at", "Trả kết quả cho cá nhân, tổ chức (ngày, ký)", 8),
    ("note", "Ghi chú", 5),
]
MOMENT_COLUMNS = {"received_at", "due_at", "forwarded_at", "result_in_at", "returned_at"}


def register_rows(*, desk: Desk, year: int) -> Iterator[dict[str, Any]]:
    """One row per dossier entered in the desk's book for `year`, in entry order."""
    dossiers = (
        Dossier.objects.filter(desk=desk, register_year=year)
        .select_related("procedure_version", "competent_agency")
        .prefetch_related(Prefetch("handovers", queryset=Handover.objects.order_by("seq")))
        .order_by("register_no", "id")
    )
    for d in dossiers.iterator(chunk_size=500):
        handovers = list(d.handovers.all())
        yield {
            "no": d.register_no,
            "code": d.code,
            "procedure": d.procedure_version.name,
            "sets": d.sets_count,
            "applicant": d.organisation_name or d.applicant_name,
            "contact": ", ".join(part for part in (d.address, d.phone) if part),
            "lead_agency": d.competent_agency.name,
            "received_at": d.received_at,
            "due_at": d.due_at or d.due_date,
            "forwarded_at": handovers[0].at if handovers else None,
            "result_in_at": d.finished_at,
            "returned_at": d.returned_at,
            "note": NOTES.get(d.state, ""),
        }


def register_print_day(year: int) -> dt.date:
    """The book is printed under the set in force when printed (or at the end of a past year)."""
    return min(timezone.localdate(), dt.date(year, 12, 31))


def register_pdf(*, desk: Desk, year: int) -> bytes:
    form_set, number = form_numbering(FormKey.REGISTER, register_print_day(year))
    context = {
        "key": FormKey.REGISTER,
        "number": number,
        "title": form_title(FormKey.REGISTER, form_set),
        "issued_at": to_json(timezone.now()),
        "header": desk_header(desk.agency, desk),
        "year": year,
        "columns": [label for _, label, _ in COLUMNS],
        "widths": [width for _, _, width in COLUMNS],
        "rows": [to_json(row) for row in register_rows(desk=desk, year=year)],
    }
    return html_to_pdf(render_html("register", context))


def _cell(key: str, value: Any) -> Any:
    if key in MOMENT_COLUMNS and isinstance(value, dt.datetime):
        return value.astimezone(LOCAL_TZ).replace(tzinfo=None)  # Excel has no time zones
    return value


def register_xlsx(*, desk: Desk, year: int) -> bytes:
    """Same rows as the PDF; first row is the Vietnamese header, one row per dossier after it."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=f"So theo doi {year}")
    sheet.append([label for _, label, _ in COLUMNS])
    for row in register_rows(desk=desk, year=year):
        sheet.append([_cell(key, row[key]) for key, _, _ in COLUMNS])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
