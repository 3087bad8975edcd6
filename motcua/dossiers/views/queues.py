"""Work queues (one tab per queue the user's roles give) and dossier search, in the same row layout."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from django_htmx.http import push_url

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
def search(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_staff(request)
    text = request.GET.get("q", "").strip()[:100]
    page = row_page(dossier_search(user=request.user, text=text), request.GET.get("sau")) if text else None
    context = {"text": text, "page": page}
    return page_or_partial(request, "dossiers/search.html", "dossiers/partials/search_results.html", context)
