"""The period report page, its drill-down lists, exports and the export files list.

Every number links to `cell_list` with the same parameters plus the column (and group row), and the
list comes from the same conditions (`selectors.column_dossiers`), so its length is the number.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.catalog.models import Field
from motcua.core.http import parse_id
from motcua.dossiers.choices import Channel
from motcua.org.models import Agency

from .columns import COLUMN_LIST, COLUMNS_BY_KEY
from .exports import export_response, file_response
from .models import ReportExport
from .periods import PeriodError, period_from_params
from .scope import can_see_reports, scope_from_params
from .selectors import GROUP_LABELS, GROUPS, KEYS, RATE_LABELS, Report, column_dossiers, period_report
from .snapshots import snapshot_for, snapshot_freeze
from .tables import report_table, rows_from_json, scope_label

PAGE_SIZE = 50


def _require(request: HttpRequest) -> None:
    if not can_see_reports(request.user):
        raise PermissionDenied


def query(*parts: dict[str, str]) -> str:
    merged: dict[str, str] = {}
    for part in parts:
        merged.update(part)
    return urlencode(merged)


def _form_context(request: HttpRequest, scope: Any) -> dict[str, Any]:
    agencies = Agency.objects.order_by("level", "name")
    if scope.allowed is not None:
        agencies = agencies.filter(pk__in=scope.allowed)
    return {
        "agencies": list(agencies.only("pk", "name", "short_name")[:500]),
        "fields": list(Field.objects.order_by("name").only("pk", "name")),
        "groups": [(k, GROUP_LABELS[k]) for k in ["", *GROUPS]],
        "years": list(range(timezone.localdate().year, timezone.localdate().year - 6, -1)),
        "months": list(range(1, 13)),
        "quarters": [1, 2, 3, 4],
        "q": request.GET,
        "period_kinds": [
            ("month", _("Month")),
            ("quarter", _("Quarter")),
            ("year", _("Year")),
            ("custom", _("Custom")),
        ],
        "channels": Channel.choices,
        "group_label": GROUP_LABELS.get(request.GET.get("nhom", ""), ""),
    }


def _load(request: HttpRequest) -> tuple[Any, Any, str]:
    scope = scope_from_params(request.user, request.GET)
    group_by = request.GET.get("nhom", "")
    if group_by and group_by not in GROUPS:
        raise PeriodError(_("Unknown grouping."))
    period = period_from_params(request.GET)
    return scope, period, group_by


def _frozen(request: HttpRequest, scope: Any, period: Any, group_by: str) -> Any:
    """The frozen snapshot to show, if any: only for scopes a snapshot was made for (whole province for a
    province-wide viewer, or one agency), and unless the user asked to recompute."""
    if request.GET.get("tinh_lai") == "1":
        return None
    if scope.allowed is not None and scope.agency_id is None:
        return None
    return snapshot_for(period, scope, group_by)


@login_required
def period_report_view(request: HttpRequest) -> HttpResponse:
    _require(request)
    try:
        scope, period, group_by = _load(request)
    except PeriodError as error:
        scope = scope_from_params(request.user, {})
        context = {**_form_context(request, scope), "error": str(error)}
        return render(request, "reports/period.html", context, status=400)
    report = period_report(scope=scope, period=period, group_by=group_by)
    snapshot = _frozen(request, scope, period, group_by)
    if snapshot is not None:
        report.rows, report.total = rows_from_json(snapshot.data)
    base = {**period.params(), **scope.params(), **({"nhom": group_by} if group_by else {})}
    context = {
        **_form_context(request, scope),
        "report": report,
        "snapshot": snapshot,
        "columns": COLUMN_LIST,
        "rate_labels": RATE_LABELS,
        "base_query": query(base),
        "rows": _link_rows(report, base),
        "unit": scope_label(report),
        "report_date": period.report_date(),
        "can_freeze": request.user.is_superuser or _is_leader(request.user),
    }
    return render(request, "reports/period.html", context)


def _is_leader(user: Any) -> bool:
    from motcua.org.choices import Role
    from motcua.org.selectors import active_roles

    return active_roles(user).filter(role=Role.AGENCY_LEADER).exists()


def _link_rows(report: Report, base: dict[str, str]) -> list[dict[str, Any]]:
    out = []
    for row in [*report.rows, report.total]:
        extra = {} if row.key is None and row is report.total else {"gia_tri": "" if row.key is None else str(row.key)}
        cells = [
            {"key": c.key, "value": row.counts[c.key], "query": query(base, {"cot": c.key}, extra)} for c in COLUMN_LIST
        ]
        out.append({"row": row, "cells": cells, "total": row is report.total, "balanced": row.balanced})
    return out


@login_required
def cell_list(request: HttpRequest) -> HttpResponse:
    _require(request)
    try:
        scope, period, group_by = _load(request)
    except PeriodError as error:
        return render(request, "reports/cell.html", {"error": str(error)}, status=400)
    key = request.GET.get("cot", "")
    if key not in KEYS:
        raise Http404
    group_value: Any = None
    if group_by and "gia_tri" in request.GET:
        raw = request.GET["gia_tri"]
        group_value = raw if group_by == "channel" else parse_id(raw)
        if raw and group_by != "channel" and group_value is None:
            raise Http404
    elif group_by:
        group_by = ""  # the total row of a grouped table
    dossiers = column_dossiers(scope=scope, period=period, key=key, group_by=group_by, group_value=group_value)
    page = Paginator(dossiers, PAGE_SIZE).get_page(request.GET.get("trang"))
    base: dict[str, str] = {k: str(v) for k, v in request.GET.items() if k != "trang"}
    context = {
        "page": page,
        "count": page.paginator.count,
        "column": COLUMNS_BY_KEY.get(key),
        "key": key,
        "period": period,
        "base_query": query(base),
        "back_query": query({k: v for k, v in base.items() if k not in ("cot", "gia_tri")}),
    }
    return render(request, "reports/cell.html", context)


@login_required
def period_export(request: HttpRequest, fmt: str) -> HttpResponse:
    _require(request)
    if fmt not in ("xlsx", "csv", "pdf"):
        raise Http404
    try:
        scope, period, group_by = _load(request)
    except PeriodError as error:
        return HttpResponse(str(error), status=400, content_type="text/plain; charset=utf-8")
    report = period_report(scope=scope, period=period, group_by=group_by)
    author = getattr(request.user, "full_name", "") or request.user.get_username()
    table = report_table(report, author=author)
    name = f"bao-cao-{period.start:%Y%m%d}-{period.end:%Y%m%d}"
    params = {**period.params(), **scope.params(), "nhom": group_by}
    return export_response(table, fmt, name, user=request.user, report="period", params=params)


@login_required
@require_POST
def period_freeze(request: HttpRequest) -> HttpResponse:
    """An agency leader saves the recomputed figures as the next revision, with a note."""
    _require(request)
    if not (request.user.is_superuser or _is_leader(request.user)):
        raise PermissionDenied
    scope, period, group_by = _load(request)
    if scope.allowed is not None and scope.agency_id is None:
        raise PermissionDenied
    snap = snapshot_freeze(
        period=period, scope=scope, group_by=group_by, actor=request.user, note=request.POST.get("ghi_chu", "")[:500]
    )
    messages.success(request, _("Saved as revision %(n)d.") % {"n": snap.revision})
    return redirect(f"{reverse('reports:period')}?{request.GET.urlencode()}")


@login_required
def export_list(request: HttpRequest) -> HttpResponse:
    _require(request)
    exports = ReportExport.objects.filter(requested_by_id=request.user.pk)[:100]
    return render(request, "reports/exports.html", {"exports": exports, "now": timezone.now()})


@login_required
def export_download(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request)
    record = get_object_or_404(ReportExport, pk=pk, requested_by_id=request.user.pk)
    if record.expires_at <= timezone.now() or not record.file:
        return HttpResponse(_("This export has expired."), status=410, content_type="text/plain; charset=utf-8")
    with record.file.open("rb") as fh:
        data = fh.read()
    return file_response(data, record.fmt, record.file.name.rsplit("/", 1)[-1].rsplit(".", 1)[0])
