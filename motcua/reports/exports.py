"""Export any report table to XLSX, CSV or PDF (reports.md §7), and record each export.

Every report page builds a `Table` (computed values only, never formulas) and calls
`export_response`; the file's parameters, data time and SHA-256 are kept in `ReportExport`
for `MOTCUA_REPORTS["EXPORT_KEEP_DAYS"]` days.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.http import Http404, HttpResponse
from django.template import Context
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from motcua.dossiers.forms.render import engine, html_to_pdf

from .models import ReportExport
from .rates import vn_int, vn_percent

FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "pdf": "application/pdf",
}
TEMPLATE_DIR = str(Path(__file__).resolve().parent / "templates")


@dataclass
class Table:
    title: str
    unit: str
    period_label: str
    as_of: dt.datetime | dt.date
    author: str
    headers: list[str]
    rows: list[list[Any]]
    percent_columns: set[int] = field(default_factory=set)
    sheet_name: str = "Báo cáo"
    notes: list[str] = field(default_factory=list)
    generated_at: dt.datetime = field(default_factory=timezone.now)


def _when(value: dt.datetime | dt.date) -> str:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%H:%M %d/%m/%Y")
    return value.strftime("%d/%m/%Y")


def _header_lines(table: Table) -> list[str]:
    return [
        table.title,
        f"Đơn vị: {table.unit}",
        f"Kỳ báo cáo: {table.period_label}",
        f"Số liệu tính đến: {_when(table.as_of)}",
        f"Người lập: {table.author}",
        f"Thời điểm lập: {_when(table.generated_at)}",
    ]


def table_xlsx(table: Table) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = table.sheet_name[:31]
    for line in _header_lines(table):
        sheet.append([line])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([])
    sheet.append(table.headers)
    head_row = sheet.max_row
    for cell in sheet[head_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in table.rows:
        values: list[Any] = []
        for i, value in enumerate(row):
            if i in table.percent_columns and isinstance(value, Decimal):
                values.append(float(value / 100))  # stored as a fraction, shown with the percent format
            elif isinstance(value, Decimal):
                values.append(float(value))
            else:
                values.append(value)
        sheet.append(values)
        for i, cell in enumerate(sheet[sheet.max_row]):
            if i in table.percent_columns:
                cell.number_format = "0.00%"
            elif isinstance(cell.value, int):
                cell.number_format = "#,##0"
    for note in table.notes:
        sheet.append([note])
    sheet.column_dimensions["A"].width = 40
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def table_csv(table: Table) -> bytes:
    """UTF-8 with BOM, comma, ISO dates, dot decimals, one header row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(table.headers)
    for row in table.rows:
        writer.writerow(
            [value.isoformat() if isinstance(value, dt.date) else ("" if value is None else value) for value in row]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _cell_text(table: Table, i: int, value: Any) -> str:
    if value is None:
        return "N/A" if i in table.percent_columns else ""
    if i in table.percent_columns and isinstance(value, Decimal):
        return vn_percent(value)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return vn_int(value)
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def table_pdf(table: Table) -> bytes:
    """A4 landscape with the signature blocks *Người lập biểu* / *Thủ trưởng đơn vị*."""
    context = {
        "table": table,
        "header": _header_lines(table),
        "rows": [[_cell_text(table, i, v) for i, v in enumerate(row)] for row in table.rows],
        "date_line": timezone.localdate().strftime("ngày %d tháng %m năm %Y"),
    }
    html = engine(TEMPLATE_DIR).get_template("reports/pdf/table.html").render(Context(context))
    return html_to_pdf(html)


WRITERS = {"xlsx": table_xlsx, "csv": table_csv, "pdf": table_pdf}


def export_record(
    *, table: Table, fmt: str, filename: str, user: Any, report: str, params: dict[str, Any]
) -> tuple[ReportExport, bytes]:
    if fmt not in WRITERS:
        raise Http404
    data = WRITERS[fmt](table)
    keep = settings.MOTCUA_REPORTS["EXPORT_KEEP_DAYS"]
    record = ReportExport(
        requested_by=user,
        report=report,
        fmt=fmt,
        params=params,
        status=ReportExport.Status.READY,
        data_as_of=table.as_of if isinstance(table.as_of, dt.datetime) else timezone.now(),
        sha256=hashlib.sha256(data).hexdigest(),
        expires_at=timezone.now() + dt.timedelta(days=keep),
    )
    record.file.save(f"{filename}.{fmt}", ContentFile(data), save=False)
    record.save()
    return record, data


def file_response(data: bytes, fmt: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


def export_response(
    table: Table, fmt: str, filename: str, *, user: Any, report: str, params: dict[str, Any]
) -> HttpResponse:
    """Write the file, record it, and send it."""
    _, data = export_record(table=table, fmt=fmt, filename=filename, user=user, report=report, params=params)
    return file_response(data, fmt, filename)
