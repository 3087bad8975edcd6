"""The daily reconciliation report: `can-bo/thanh-toan/doi-soat/?ngay=YYYY-MM-DD`, per collecting agency
in the user's scope, with totals and alerts; `&tai=xlsx` or `&tai=csv` downloads the same rows
(CSV in UTF-8 with a BOM so that Excel shows Vietnamese)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from motcua.core.http import AuthenticatedHttpRequest
from motcua.dossiers.views.common import require_staff
from motcua.dossiers.views.downloads import XLSX, file_response

from .choices import MatchStatus
from .models import ReconciliationLine
from .selectors import reconciliation_lines_for, reconciliation_report
from .services.reconcile import is_alert
from .views_staff_forms import DayForm


def _headers() -> list[str]:
    return [
        _("Collecting agency"),
        _("Gateway"),
        _("Transaction reference"),
        _("Gateway transaction no."),
        _("Outcome"),
        _("Amount at the gateway (VND)"),
        _("Amount in motcua (VND)"),
        _("Dossier"),
        _("Alert"),
        _("Note"),
    ]


def _row(line: ReconciliationLine) -> list[Any]:
    labels = dict(MatchStatus.choices)
    dossier = line.payment.dossier if line.payment_id and line.payment else None
    return [
        line.agency.name if line.agency else "",
        line.gateway,
        line.txn_ref,
        line.gateway_txn_no,
        str(labels.get(line.status, line.status)),
        line.gateway_amount_vnd,
        line.local_amount_vnd,
        dossier.code if dossier else "",
        _("Yes") if is_alert(line) else "",
        line.note,
    ]


def reconciliation_csv(lines: list[ReconciliationLine]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(_headers())
    for line in lines:
        writer.writerow(["" if value is None else value for value in _row(line)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def reconciliation_xlsx(lines: list[ReconciliationLine], day: dt.date) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = day.isoformat()
    sheet.append(_headers())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for line in lines:
        sheet.append(_row(line))
    for column, width in zip("ABCDEFGHIJ", (40, 10, 24, 18, 20, 18, 18, 28, 8, 40), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=2, min_col=6, max_col=7):
        for cell in row:
            cell.number_format = "#,##0"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@login_required
def reconciliation_report_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_staff(request)
    form = DayForm(request.GET or None)
    day = form.day()
    lines = reconciliation_lines_for(user=request.user, day=day)
    wanted = request.GET.get("tai", "")
    if wanted == "csv":
        return file_response(request, reconciliation_csv(list(lines)), f"doi-soat-{day}.csv", "text/csv; charset=utf-8")
    if wanted == "xlsx":
        return file_response(request, reconciliation_xlsx(list(lines), day), f"doi-soat-{day}.xlsx", XLSX)
    blocks = reconciliation_report(lines)
    context = {
        "form": form,
        "day": day,
        "blocks": blocks,
        "alerts": sum(block.alerts for block in blocks),
        "statuses": MatchStatus.choices,
    }
    return render(request, "payments/staff_reconciliation.html", context)
