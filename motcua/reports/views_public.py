"""The public transparency page (/minh-bach/): each agency's on-time rate, no personal data.

Cached for a few minutes: the figures are the same for everyone and citizens arrive over 3G.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import cache_page

from motcua.org.models import Agency

from .periods import Period, month
from .scope import Scope
from .selectors import period_report


def _by_agency(period: Period) -> dict[int, dict[str, Any]]:
    report = period_report(scope=Scope(), period=period, group_by="agency")
    return {
        row.key: {"finished": row["I"], "received": row["B"] + row["C"] + row["D"], "rates": row.rates}
        for row in report.rows
    }


@cache_page(300)
def transparency(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    current = month(today.year, today.month)
    previous = current.previous()
    ytd = Period("custom", dt.date(today.year, 1, 1), today)
    figures = {"current": _by_agency(current), "previous": _by_agency(previous), "ytd": _by_agency(ytd)}
    ids = set().union(*(f.keys() for f in figures.values()))
    names = {a.pk: a.name for a in Agency.objects.filter(pk__in=ids)}
    rows: list[dict[str, Any]] = []
    for pk in ids:
        ytd_row: dict[str, Any] = figures["ytd"].get(pk, {})
        rows.append(
            {
                "name": names.get(pk, ""),
                "current": figures["current"].get(pk, {}),
                "previous": figures["previous"].get(pk, {}),
                "ytd": ytd_row,
                "sort": ytd_row.get("rates", {}).get("on_time") if ytd_row else None,
            }
        )
    order = request.GET.get("sap_xep", "rate")
    if order == "name":
        rows.sort(key=lambda r: r["name"])
    else:
        rows.sort(key=lambda r: (r["sort"] is None, -(r["sort"] or 0), r["name"]))
    context = {"rows": rows, "current": current, "previous": previous, "ytd": ytd, "order": order, "today": today}
    return render(request, "reports/transparency.html", context)
