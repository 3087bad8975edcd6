"""Queue statistics page at /can-bo/bao-cao/hang-doi/ (services.md §3) with XLSX/CSV/PDF exports,
and the leaders' list of "not satisfied" ratings (services.md §4)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .exports import FORMATS, Table, export_response
from .periods import PeriodError, period_from_params
from .queue_stats import DIMENSIONS, QueueRow, queue_stats, scope_desks
from .scope import can_see_reports, scope_from_params
from .tables import scope_label_for


def _labels() -> dict[str, str]:
    return {
        "desk": pgettext("queue", "Centre"),
        "group": pgettext("queue", "Counter group"),
        "counter": pgettext("queue", "Counter"),
        "officer": pgettext("queue", "Officer"),
        "day": pgettext("queue", "Day"),
    }


def _minutes(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}".replace(".", ",")


def _row(row: QueueRow) -> list[Any]:
    return [
        row.label,
        row.tickets,
        row.served,
        row.no_show_rate,
        _minutes(row.wait_p50),
        _minutes(row.wait_p90),
        row.within_target,
        _minutes(row.service_p50),
        _minutes(row.service_p90),
        row.ratings,
        row.satisfaction,
    ]


def _query(request: HttpRequest) -> tuple[Any, Any, str]:
    if not can_see_reports(request.user):
        raise PermissionDenied
    scope = scope_from_params(request.user, request.GET)
    by = request.GET.get("theo", "desk")
    return scope, period_from_params(request.GET), by if by in DIMENSIONS else "desk"


def _table(request: HttpRequest, scope: Any, period: Any, by: str, stats: Any) -> Table:
    headers = [
        _labels()[by],
        _("Tickets"),
        _("Served"),
        _("Did not come"),
        _("Wait p50 (min)"),
        _("Wait p90 (min)"),
        _("Called within the target"),
        _("Service p50 (min)"),
        _("Service p90 (min)"),
        _("Ratings"),
        _("Satisfied"),
    ]
    rows = [_row(r) for r in stats.rows] + [[_("Total"), *_row(stats.total)[1:]]]
    return Table(
        title=str(_("Queue statistics")),
        unit=scope_label_for(scope),
        period_label=period.label,
        as_of=timezone.now(),
        author=str(request.user),
        headers=headers,
        rows=rows,
        percent_columns={3, 6, 10},
        sheet_name="Hàng đợi",
        notes=[str(_("Target wait: %(n)s minutes.") % {"n": stats.target})],
    )


@login_required
def queue_view(request: HttpRequest) -> HttpResponse:
    try:
        scope, period, by = _query(request)
    except PeriodError as error:
        return render(request, "reports/queue.html", {"error": str(error)}, status=400)
    stats = queue_stats(scope=scope, period=period, by=by)
    context = {
        "stats": stats,
        "period": period,
        "by": by,
        "dimensions": _labels().items(),
        "unit": scope_label_for(scope),
        "query": urlencode({**period.params(), **scope.params(), "theo": by}),
        "peak": max((n for _h, n in stats.by_hour), default=0),
    }
    return render(request, "reports/queue.html", context)


@login_required
def queue_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    try:
        scope, period, by = _query(request)
    except PeriodError as error:
        return render(request, "reports/queue.html", {"error": str(error)}, status=400)
    stats = queue_stats(scope=scope, period=period, by=by)
    table = _table(request, scope, period, by, stats)
    params = {**period.params(), **scope.params(), "theo": by}
    return export_response(
        table,
        fmt,
        f"hang-doi-{period.start:%Y%m%d}-{period.end:%Y%m%d}.{fmt}",
        user=request.user,
        report="queue",
        params=params,
    )


@login_required
def not_satisfied(request: HttpRequest) -> HttpResponse:
    """The 'not satisfied' ratings of the period, newest first, for leaders to act on."""
    from motcua.feedback.models import Rating, Score

    try:
        scope, period, _by = _query(request)
    except PeriodError as error:
        return render(request, "reports/not_satisfied.html", {"error": str(error)}, status=400)
    from .index766 import scope_agency_ids

    ratings = Rating.objects.filter(
        score=Score.NOT_SATISFIED, created_at__date__gte=period.start, created_at__date__lte=period.report_date()
    ).select_related("officer", "counter__desk", "dossier", "agency")
    agencies = scope_agency_ids(scope)
    if agencies is not None:
        ratings = ratings.filter(agency_id__in=agencies)
    desks = scope_desks(scope)
    if scope.desk_id is not None and desks is not None:
        ratings = ratings.filter(counter__desk_id__in=desks)
    page = Paginator(ratings.order_by("-created_at"), 50).get_page(request.GET.get("trang"))
    context = {
        "page": page,
        "period": period,
        "unit": scope_label_for(scope),
        "query": urlencode({**period.params(), **scope.params()}),
    }
    return render(request, "reports/not_satisfied.html", context)
