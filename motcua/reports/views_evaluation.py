"""Evaluation board (nine indicators, reports.md §4) and the Decision 766 index page (§5), with exports."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from .evaluation import DOSSIER_INDICATORS, NOTES, UNIT_INDICATORS, agencies_evaluation, officers_evaluation
from .exports import Table, export_response
from .index766 import index766
from .periods import PeriodError, period_or_current_quarter
from .scope import can_see_reports, scope_from_params
from .tables import scope_label_for


def _load(request: HttpRequest) -> tuple[Any, Any]:
    if not can_see_reports(request.user):
        raise PermissionDenied
    return scope_from_params(request.user, request.GET), period_or_current_quarter(request.GET)


def _evaluation(request: HttpRequest) -> dict[str, Any]:
    scope, period = _load(request)
    officers = request.GET.get("theo_can_bo") == "1" or scope.agency_id is not None
    agencies = agencies_evaluation(scope, period)
    return {
        "scope": scope,
        "period": period,
        "quarter_no": (period.start.month - 1) // 3 + 1,
        "agencies": agencies,
        "officers": officers_evaluation(scope, period) if officers else [],
        "indicators": [*DOSSIER_INDICATORS, *UNIT_INDICATORS],
        "officer_indicators": DOSSIER_INDICATORS,
        "notes": sorted((k, str(v)) for k, v in NOTES.items()),
        "query": urlencode({**period.params(), **scope.params()}),
        "unit": scope_label_for(scope),
    }


@login_required
def evaluation_board(request: HttpRequest) -> HttpResponse:
    try:
        context = _evaluation(request)
    except PeriodError as error:
        return render(request, "reports/evaluation.html", {"error": str(error)}, status=400)
    return render(request, "reports/evaluation.html", context)


def _author(request: HttpRequest) -> str:
    return getattr(request.user, "full_name", "") or request.user.get_username()


@login_required
def evaluation_export(request: HttpRequest, fmt: str) -> HttpResponse:
    try:
        c = _evaluation(request)
    except PeriodError as error:
        return HttpResponse(str(error), status=400, content_type="text/plain; charset=utf-8")
    headers = [_("Agency"), _("Dossiers"), *(f"{_('Indicator')} {k}" for k in c["indicators"]), _("Total"), _("Rating")]
    rows = [
        [u.label, u.dossiers, *(u.indicators.get(k) for k in c["indicators"]), u.total, u.classification]
        for u in c["agencies"]
    ]
    table = Table(
        title=_("Evaluation of administrative procedure handling"),
        unit=c["unit"],
        period_label=c["period"].label,
        as_of=timezone.now(),
        author=_author(request),
        headers=[str(h) for h in headers],
        rows=rows,
        sheet_name=_("Evaluation")[:31],
        notes=[f"{k}: {v}" for k, v in c["notes"]],
    )
    return export_response(
        table,
        fmt,
        f"danh-gia-{c['period'].start:%Y%m%d}",
        user=request.user,
        report="evaluation",
        params=dict(request.GET.items()),
    )


def _index(request: HttpRequest) -> dict[str, Any]:
    scope, period = _load(request)
    return {
        "scope": scope,
        "period": period,
        "index": index766(scope=scope, period=period),
        "unit": scope_label_for(scope),
        "query": urlencode({**period.params(), **scope.params()}),
    }


@login_required
def index766_view(request: HttpRequest) -> HttpResponse:
    try:
        context = _index(request)
    except PeriodError as error:
        return render(request, "reports/index766.html", {"error": str(error)}, status=400)
    return render(request, "reports/index766.html", context)


@login_required
def index766_export(request: HttpRequest, fmt: str) -> HttpResponse:
    try:
        c = _index(request)
    except PeriodError as error:
        return HttpResponse(str(error), status=400, content_type="text/plain; charset=utf-8")
    rows: list[list[Any]] = []
    for group in c["index"]["groups"]:
        for line in group["lines"]:
            rows.append(
                [
                    line.indicator,
                    line.label,
                    line.numerator,
                    line.denominator,
                    line.value,
                    line.points,
                    line.weight.max_points,
                    line.weight.threshold,
                    "" if line.weight.verified else "*",
                    line.note,
                ]
            )
        rows.append(
            [str(group["group"]), _("Group total"), None, None, None, group["points"], group["max"], None, "", ""]
        )
    rows.append(["", _("Index total"), None, None, None, c["index"]["total"], 100, None, "", ""])
    table = Table(
        title=_("Service index (Decision 766)"),
        unit=c["unit"],
        period_label=c["period"].label,
        as_of=timezone.now(),
        author=_author(request),
        headers=[
            _("Indicator"),
            _("Name"),
            _("Numerator"),
            _("Denominator"),
            _("Rate (%)"),
            _("Points"),
            _("Max"),
            _("Threshold (%)"),
            _("Unverified weight"),
            _("Note"),
        ],
        rows=rows,
        sheet_name=_("Index 766")[:31],
        notes=[_("* weight not yet verified against the decision's text; groups 3 and 4 split their points equally.")],
    )
    return export_response(
        table,
        fmt,
        f"chi-so-766-{c['period'].start:%Y%m%d}",
        user=request.user,
        report="index766",
        params=dict(request.GET.items()),
    )
