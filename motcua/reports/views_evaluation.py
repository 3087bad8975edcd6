"""Evaluation board (nine indicators, reports.md §4) and the Decision 766 index page (§5), with exports.

Both read the same parameters as the API (`evaluation_query`): a period (quarter by default, year or
month), an agency within the viewer's scope (404 outside it), `can_bo=1` for the officers' table and
`ho_so_can_bo=<user id>` for one officer's scored dossiers. Exports (`…/xuat/<fmt>/`) write the table
the page shows; `bang=can_bo` or `bang=ho_so` picks the officers' or the dossiers' table.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.org.models import Agency

from .evaluation import ALL_INDICATORS, DOSSIER_INDICATORS, NOTES, UnitScore
from .evaluation_query import EvaluationQuery, evaluation_data, evaluation_query
from .exports import Table, export_response
from .index766 import index766
from .periods import PeriodError
from .tables import scope_label_for

SCORES = ("very_satisfied", "satisfied", "not_satisfied")


def _form(query: EvaluationQuery) -> dict[str, Any]:
    agencies = Agency.objects.order_by("level", "name")
    if query.scope.allowed is not None:
        agencies = agencies.filter(pk__in=query.scope.allowed)
    return {
        "scope": query.scope,
        "period": query.period,
        "quarter_no": (query.period.start.month - 1) // 3 + 1,
        "agencies_choice": list(agencies.only("pk", "name", "short_name")[:500]),
        "unit": scope_label_for(query.scope),
        "query": urlencode(query.params()),
        "base_query": urlencode({**query.period.params(), **query.scope.params()}),
    }


def _error(request: HttpRequest, template: str, error: PeriodError) -> HttpResponse:
    return render(request, template, {"error": str(error)}, status=400)


@login_required
def evaluation_board(request: HttpRequest) -> HttpResponse:
    try:
        query = evaluation_query(user=request.user, params=request.GET)
    except PeriodError as error:
        return _error(request, "reports/evaluation.html", error)
    context = {
        **_form(query),
        **evaluation_data(query),
        "indicators": ALL_INDICATORS,
        "officer_indicators": DOSSIER_INDICATORS,
        "notes": sorted((k, str(v)) for k, v in NOTES.items()),
        "officer_id": query.officer_id,
        "scores": SCORES,
    }
    return render(request, "reports/evaluation.html", context)


def _author(request: HttpRequest) -> str:
    return getattr(request.user, "full_name", "") or request.user.get_username()


def _satisfaction(unit: UnitScore) -> list[int]:
    return [unit.satisfaction.get(k, 0) for k in SCORES]


def _board_table(query: EvaluationQuery, data: dict[str, Any], which: str) -> tuple[list[str], list[list[Any]]]:
    satisfaction = [_("Very satisfied"), _("Satisfied"), _("Not satisfied")]
    if which == "ho_so" and query.officer_id is not None:
        headers = [_("Dossier"), *(f"{_('Indicator')} {k}" for k in DOSSIER_INDICATORS), _("Total")]
        rows = [[d.code, *(d.scores[k] for k in DOSSIER_INDICATORS), d.total] for d in data["dossiers"]]
        return headers, rows
    indicators: tuple[int, ...]
    if which == "can_bo":
        units, indicators, first = data["officers"], DOSSIER_INDICATORS, _("Officer")
    else:
        units, indicators, first = data["agencies"], ALL_INDICATORS, _("Agency")
    headers = [
        first,
        _("Dossiers"),
        *(f"{_('Indicator')} {k}" for k in indicators),
        _("Total"),
        _("Rating"),
        *satisfaction,
    ]
    rows = [
        [u.label, u.dossiers, *(u.indicators.get(k) for k in indicators), u.total, u.classification, *_satisfaction(u)]
        for u in units
    ]
    return headers, rows


@login_required
def evaluation_export(request: HttpRequest, fmt: str) -> HttpResponse:
    which = request.GET.get("bang", "")
    params = {k: str(v) for k, v in request.GET.items() if k != "bang"}
    if which == "can_bo":
        params["can_bo"] = "1"
    try:
        query = evaluation_query(user=request.user, params=params)
    except PeriodError as error:
        return HttpResponse(str(error), status=400, content_type="text/plain; charset=utf-8")
    data = evaluation_data(query)
    headers, rows = _board_table(query, data, which)
    title = _("Evaluation of administrative procedure handling")
    if which == "ho_so" and query.officer_id is not None:
        title = f"{title}: {data['officer']}"
    table = Table(
        title=title,
        unit=scope_label_for(query.scope),
        period_label=query.period.label,
        as_of=timezone.now(),
        author=_author(request),
        headers=[str(h) for h in headers],
        rows=rows,
        sheet_name=_("Evaluation")[:31],
        notes=[f"{k}: {v}" for k, v in sorted(NOTES.items())],
    )
    return export_response(
        table,
        fmt,
        f"danh-gia-{query.period.start:%Y%m%d}",
        user=request.user,
        report="evaluation",
        params=dict(request.GET.items()),
    )


@login_required
def index766_view(request: HttpRequest) -> HttpResponse:
    try:
        query = evaluation_query(user=request.user, params=request.GET)
    except PeriodError as error:
        return _error(request, "reports/index766.html", error)
    context = {**_form(query), "index": index766(scope=query.scope, period=query.period)}
    return render(request, "reports/index766.html", context)


def _index_rows(index: dict[str, Any]) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for group in index["groups"]:
        for line in group["lines"]:
            rows.append(
                [
                    line.indicator,
                    line.label,
                    line.numerator,
                    line.denominator,
                    str(line.value) if line.indicator == "2.2" and line.value is not None else line.value,
                    line.points,
                    line.weight.max_points,
                    line.weight.threshold,
                    "" if line.weight.verified else "*",
                    line.note,
                ]
            )
        label = f"{_('Group')} {group['group']}: {group['label']}"
        rows.append([str(group["group"]), label, None, None, "", group["points"], group["max"], None, "", ""])
    rows.append(["", _("Index total"), None, None, "", index["total"], 100, None, "", ""])
    return rows


@login_required
def index766_export(request: HttpRequest, fmt: str) -> HttpResponse:
    try:
        query = evaluation_query(user=request.user, params=request.GET)
    except PeriodError as error:
        return HttpResponse(str(error), status=400, content_type="text/plain; charset=utf-8")
    index = index766(scope=query.scope, period=query.period)
    table = Table(
        title=_("Service index (Decision 766)"),
        unit=scope_label_for(query.scope),
        period_label=query.period.label,
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
        rows=_index_rows(index),
        percent_columns={4},
        sheet_name=_("Index 766")[:31],
        notes=[_("* weight not yet verified against the decision's text; groups 3 and 4 split their points equally.")],
    )
    return export_response(
        table,
        fmt,
        f"chi-so-766-{query.period.start:%Y%m%d}",
        user=request.user,
        report="index766",
        params=dict(request.GET.items()),
    )
