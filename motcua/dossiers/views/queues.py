"""Work queues (one tab per queue the user's roles give) and dossier search, in the same row layout."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from django_htmx.http import push_url

from motcua.core import private_query
from motcua.core.http import AuthenticatedHttpRequest

from ..selectors import dossier_search, queue_dossiers, queues_for
from .common import is_partial, page_or_partial, require_staff
from .rows import row_page

# Tab order and labels.
QUEUE_LABELS = {
    "online": _("Online submissions to check"),
    "receive": _("To receive and forward"),
    "assign": _("To assign"),
    "review": _("To review"),
    "appraise": _("To appraise"),
    "approve": _("To approve"),
    "issue": _("To issue"),
    "consult": _("Consultations"),
    "supplement": _("Waiting for a supplement"),
    "ready": _("Ready to return"),
    "due_soon": _("Due within 2 working days"),
    "overdue": _("Overdue"),
}
COUNT_CAP = 100


@dataclass
class Tab:
    key: str
    label: Any
    count: int | None = None


def queue_tabs(user: Any, *, counts: bool = False) -> list[Tab]:
    """The user's queues; with `counts`, each counted over at most 100 rows (one cheap query each)."""
    keys = [key for key in queues_for(user) if key in QUEUE_LABELS]
    tabs = [Tab(key, QUEUE_LABELS[key]) for key in keys]
    if counts:
        for tab in tabs:
            tab.count = queue_dossiers(user=user, key=tab.key)[:COUNT_CAP].count()
    return tabs


def default_tab(tabs: list[Tab]) -> str:
    """The first queue with work in it (tabs in workflow order), else the first queue."""
    busy = [tab.key for tab in tabs if tab.count]
    return busy[0] if busy else (tabs[0].key if tabs else "")


@login_required
def queues(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_staff(request)
    tabs = queue_tabs(request.user, counts=True)
    keys = [tab.key for tab in tabs]
    key = request.GET.get("q", "")
    if key not in keys:
        key = default_tab(tabs)
    page = row_page(queue_dossiers(user=request.user, key=key), request.GET.get("sau")) if key else None
    context = {"tabs": tabs, "current": key, "current_label": QUEUE_LABELS.get(key, ""), "page": page}
    response = page_or_partial(request, "dossiers/queues.html", "dossiers/partials/queue_area.html", context)
    if key and is_partial(request):
        push_url(response, f"{request.path}?q={key}")
    return response


@login_required
@require_http_methods(["GET", "POST"])
def search(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The search text arrives by POST and is paged as ``?tim=<token>``: an ID or phone number it may
    hold never appears in an address (motcua.core.private_query)."""
    require_staff(request)
    if request.method == "POST" or private_query.looks_personal(request.GET.get("q", "")):
        text = (request.POST.get("q") or request.GET.get("q") or "").strip()[:100]
        token = private_query.stash(request, text)
        moved = redirect(f"{request.path}?tim={token}")
        moved.status_code = 303  # See Other: the browser follows with a GET
        return moved
    token = request.GET.get("tim", "")
    text = private_query.unstash(request, token) if token else request.GET.get("q", "").strip()[:100]
    page = row_page(dossier_search(user=request.user, text=text), request.GET.get("sau")) if text else None
    context = {"text": text, "token": token, "page": page}
    return page_or_partial(request, "dossiers/search.html", "dossiers/partials/search_results.html", context)
