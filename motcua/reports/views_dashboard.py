"""The leader's dashboard at /can-bo/bao-cao/ (reports.md §6)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.org.models import Agency

from . import charts
from .dashboard import (
    digital_rates,
    late_lists,
    ranking,
    satisfaction,
    slowest_procedures,
    slowest_steps,
    trend,
    worst_procedures,
)
from .periods import Period, month
from .scope import Scope, can_see_reports, scope_from_params
from .selectors import period_report


def _cell(period: Period, scope: Scope, key: str) -> str:
    return f"{reverse('reports:cell')}?{urlencode({**period.params(), **scope.params(), 'cot': key})}"


def floor_tiles(scope: Scope) -> dict[str, Any]:
    """Open and overdue feedback (PAKN), today's median queue wait and the queues now (reports.md §6)."""
    from motcua.feedback.pakn_selectors import open_and_overdue

    from .index766 import scope_agency_ids
    from .queue_stats import live_queues, median_wait_today

    pakn_open, pakn_overdue = open_and_overdue(scope_agency_ids(scope))
    return {
        "pakn_open": pakn_open,
        "pakn_overdue": pakn_overdue,
        "median_wait": median_wait_today(scope),
        "live_queues": live_queues(scope),
    }


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    if not can_see_reports(request.user):
        raise PermissionDenied
    scope = scope_from_params(request.user, request.GET)
    today = timezone.localdate()
    current = month(today.year, today.month)
    day = Period("custom", today, today)
    report = period_report(scope=scope, period=current, group_by="agency")
    total = report.total
    today_total = period_report(scope=scope, period=day).total
    tiles = [
        (_("Received today"), today_total["B"] + today_total["C"] + today_total["D"], _cell(day, scope, "E"), False),
        (_("Received this month: online"), total["B"], _cell(current, scope, "B"), False),
        (_("at the counter"), total["C"], _cell(current, scope, "C"), False),
        (_("by post"), total["D"], _cell(current, scope, "D"), False),
        (_("Finished this month"), total["I"], _cell(current, scope, "I"), False),
        (_("Overdue now"), total["M"], _cell(current, scope, "M"), total["M"] > 0),
        (_("Waiting for a supplement"), total["N"], _cell(current, scope, "N"), False),
        (_("Waiting for pickup"), total["O"], _cell(current, scope, "O"), False),
    ]
    series = trend(scope, today)
    by_procedure = period_report(scope=scope, period=current, group_by="procedure")
    agencies = ranking(report)
    commune_ids = set(Agency.objects.filter(level="commune").values_list("pk", flat=True))
    context: dict[str, Any] = {
        "scope": scope,
        "agency": Agency.objects.filter(pk=scope.agency_id).first() if scope.agency_id else None,
        "period": current,
        "total": total,
        "tiles": tiles,
        "on_time": total.rates["on_time"],
        "online_share": total.rates["online"],
        "satisfaction": satisfaction(scope, current),
        "digital": digital_rates(scope, current),
        "trend": series,
        "trend_rows": list(
            zip(series.labels, series.online, series.counter, series.postal, series.on_time, strict=True)
        ),
        "received_chart": charts.stacked_bars(
            title=_("Dossiers received per month by channel"),
            labels=series.labels,
            series=[(_("Online"), series.online), (_("Counter"), series.counter), (_("Postal"), series.postal)],
        ),
        "on_time_chart": charts.line(
            title=_("On-time rate per month (%)"), labels=series.labels, values=series.on_time
        ),
        "legend": list(zip([_("Online"), _("Counter"), _("Postal")], charts.LEGEND_COLOURS, strict=False)),
        "agencies": [a for a in agencies if a["key"] not in commune_ids],
        "communes": [a for a in agencies if a["key"] in commune_ids and a["finished"]],
        "worst": worst_procedures(by_procedure),
        "slowest": slowest_procedures(scope, current),
        "steps": slowest_steps(scope, current),
        "period_query": urlencode({**current.params(), **scope.params()}),
        **late_lists(scope, today),
        **floor_tiles(scope),
    }
    return render(request, "reports/dashboard.html", context)
