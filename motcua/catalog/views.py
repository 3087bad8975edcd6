"""Public catalogue pages: browse and search procedures in force, and one procedure's page.

Anyone may read them, without signing in. The list answers htmx with just the results partial,
so typing in the search box refreshes the results; without JavaScript the same form reloads the page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django_htmx.http import push_url

from motcua.core.http import HtmxHttpRequest

from .choices import ApplicantType, ProcedureLevel
from .forms import CatalogFilterForm
from .models import FeeItem, ProcedureVersion
from .selectors import (
    public_agencies,
    public_fields_with_counts,
    public_procedure_search,
    public_version_history,
    public_version_on,
)

PAGE_SIZE = 20


def procedure_list(request: HtmxHttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form = CatalogFilterForm(
        request.GET or None, fields=public_fields_with_counts(on=today), agencies=public_agencies(on=today)
    )
    filters = form.filters()
    page = Paginator(public_procedure_search(filters=filters, on=today), PAGE_SIZE).get_page(request.GET.get("page"))
    for version in page.object_list:
        version.level_labels = level_labels(version.levels)
        version.fee_summary = fee_summary(version)
    context = {"form": form, "filters": filters, "page": page}
    if request.htmx and not request.htmx.history_restore_request:
        response = render(request, "catalog/partials/results.html", {**context, "swap_count": True})
        push_url(response, shareable_url(request))
    else:
        response = render(request, "catalog/procedure_list.html", context)
    # The same URL gives a partial or a page: caches (and the back button) must keep them apart.
    patch_vary_headers(response, ["HX-Request"])
    return response


def procedure_detail(request: HttpRequest, code: str) -> HttpResponse:
    today = timezone.localdate()
    on = requested_date(request.GET.get("ngay", "")) or today
    version = public_version_on(code=code, on=on)
    if version is None:
        context = {"code": code, "on": on, "is_today": on == today}
        return render(request, "catalog/not_found.html", context, status=404)
    fees = list(version.fees.all())
    for fee in fees:
        fee.amount_display = format_vnd(fee.amount_vnd)
    context = {
        "version": version,
        "on": on,
        "is_today": on == today,
        "history": public_version_history(version=version),
        "level_labels": level_labels(version.levels),
        "applicant_labels": [dict(ApplicantType.choices).get(t, t) for t in version.applicant_types],
        "fees": fees,
        "portal_url": portal_url(version),
    }
    return render(request, "catalog/procedure_detail.html", context)


def shareable_url(request: HttpRequest) -> str:
    """The address to put in the location bar: the same search without the empty parameters."""
    query = urlencode(
        [(key, value) for key, value in request.GET.items() if isinstance(value, str) and value and key != "page"]
    )
    return f"{request.path}?{query}" if query else request.path


def requested_date(value: str) -> dt.date | None:
    """The `?ngay=YYYY-MM-DD` date, or None when absent or malformed (the page then shows today)."""
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def portal_url(version: ProcedureVersion) -> str:
    """The procedure's page on the national portal, where the published form files can be downloaded."""
    url = (version.source or {}).get("portal_url")
    return url or settings.MOTCUA["NATIONAL_PORTAL_PROCEDURE_URL"].format(code=version.code)


def level_labels(levels: Iterable[str]) -> list[str]:
    names = dict(ProcedureLevel.choices)
    return [str(names.get(level, level)) for level in levels]


def format_vnd(amount: int | None) -> str:
    """Vietnamese đồng with dot thousands ("10.000 đ"); "Free" for 0; "" when unknown."""
    if amount is None:
        return ""
    if amount == 0:
        return _("Free")
    return f"{amount:,} đ".replace(",", ".")


def fee_summary(version: ProcedureVersion) -> str:
    """One line for the result list, from the (prefetched) fee items."""
    fees: list[FeeItem] = list(version.fees.all())
    amounts = sorted({fee.amount_vnd for fee in fees if fee.amount_vnd is not None})
    if not fees:
        return _("See the procedure page") if version.fees_text else _("No fee published")
    if not amounts:
        return _("See the procedure page")
    summary = " – ".join(format_vnd(amount) for amount in sorted({amounts[0], amounts[-1]}))
    if any(fee.amount_vnd is None for fee in fees):
        summary = _("%(amounts)s and other charges") % {"amounts": summary}
    return summary
