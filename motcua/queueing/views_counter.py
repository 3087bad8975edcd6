"""The officer's counter screen: call next, recall, start, finish, skip, restore, transfer, check a
priority, start a counter intake from the ticket or link it to a dossier; open, pause, close.

Every action is a POST answered with the screen's fragment (htmx) or a redirect back (no JS); the
screen posts the id of the ticket it showed, so a stale screen gets "changed meanwhile", not a wrong
ticket finished.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from motcua.core.http import AuthenticatedHttpRequest, parse_id
from motcua.dossiers.errors import DossierError
from motcua.dossiers.selectors import dossier_get_for
from motcua.dossiers.views.common import is_partial, page_or_partial, require_staff
from motcua.org.models import Counter

from . import services
from .access import managed_desk_ids
from .choices import TicketState
from .models import QueueTicket, ServiceGroup
from .selectors import counter_queue, priority_label, restorable_no_shows, seat_for, waiting_counts

QUEUE_SHOWN = 10


def counters_for(user: Any) -> list[Counter]:
    ids = managed_desk_ids(user)
    qs = Counter.objects.filter(is_active=True).select_related("desk").order_by("desk__name", "number")
    return list(qs if ids is None else qs.filter(desk_id__in=ids))


def _counter(request: AuthenticatedHttpRequest, counter_id: int) -> Counter:
    require_staff(request)
    counter = next((c for c in counters_for(request.user) if c.pk == counter_id), None)
    if counter is None:
        raise Http404
    return counter


@login_required
@require_GET
def counter_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    from django.shortcuts import render

    require_staff(request)
    counters = counters_for(request.user)
    desks: dict[int, dict[str, Any]] = {}
    for counter in counters:
        entry = desks.setdefault(counter.desk_id, {"desk": counter.desk, "counters": []})
        entry["counters"].append((counter, seat_for(counter)))
    return render(request, "queueing/staff/counter_list.html", {"desks": list(desks.values())})


def _context(request: AuthenticatedHttpRequest, counter: Counter) -> dict[str, Any]:
    seat = seat_for(counter)
    current = seat.current if seat.current and seat.current.state == TicketState.CALLED else None
    groups = list(ServiceGroup.objects.filter(desk_id=counter.desk_id, is_active=True).order_by("position", "prefix"))
    counts = waiting_counts(counter.desk)
    return {
        "counter": counter,
        "desk": counter.desk,
        "seat": seat,
        "current": current,
        "current_priority": priority_label(current.priority) if current and current.priority else "",
        "queue": list(counter_queue(counter)[:QUEUE_SHOWN]),
        "queue_total": counter_queue(counter).count(),
        "no_shows": list(restorable_no_shows(counter)),
        "groups": [(g, counts.get(g.pk, {"waiting": 0, "front": 0})) for g in groups],
        "other_counters": Counter.objects.filter(desk_id=counter.desk_id, is_active=True).exclude(pk=counter.pk),
        "served": QueueTicket.objects.filter(counter=counter, day=timezone.localdate(), state=TicketState.DONE)
        .select_related("dossier")
        .order_by("-finished_at")[:10],
    }


@login_required
@require_GET
def counter_screen(request: AuthenticatedHttpRequest, counter_id: int) -> HttpResponse:
    counter = _counter(request, counter_id)
    return page_or_partial(
        request, "queueing/staff/counter.html", "queueing/staff/_counter_screen.html", _context(request, counter)
    )


def _ticket_id(request: AuthenticatedHttpRequest) -> int | None:
    raw = request.POST.get("ticket", "")
    return parse_id(raw)


def _transfer(request: AuthenticatedHttpRequest, counter: Counter) -> Any:
    target = request.POST.get("to", "")
    kind, _sep, pk = target.partition(":")
    to_group = ServiceGroup.objects.filter(desk_id=counter.desk_id, pk=pk or 0).first() if kind == "g" else None
    to_counter = Counter.objects.filter(desk_id=counter.desk_id, pk=pk or 0).first() if kind == "c" else None
    return services.ticket_transfer(
        counter=counter, officer=request.user, to_group=to_group, to_counter=to_counter, ticket_id=_ticket_id(request)
    )


def _desk_ticket(request: AuthenticatedHttpRequest, counter: Counter) -> QueueTicket:
    ticket = QueueTicket.objects.filter(desk_id=counter.desk_id, pk=request.POST.get("ticket") or 0).first()
    if ticket is None:
        raise Http404
    return ticket


def _link(request: AuthenticatedHttpRequest, counter: Counter) -> Any:
    ticket = _desk_ticket(request, counter)
    dossier = dossier_get_for(user=request.user, code=request.POST.get("code", "")[:40])
    return services.ticket_link_dossier(ticket=ticket, dossier=dossier, actor=request.user)


ACTIONS: dict[str, Callable[[AuthenticatedHttpRequest, Counter], Any]] = {
    "goi-tiep": lambda r, c: services.ticket_call_next(counter=c, officer=r.user),
    "goi-lai": lambda r, c: services.ticket_recall(counter=c, officer=r.user, ticket_id=_ticket_id(r)),
    "bat-dau": lambda r, c: services.ticket_start(counter=c, officer=r.user, ticket_id=_ticket_id(r)),
    "xong": lambda r, c: services.ticket_finish(counter=c, officer=r.user, ticket_id=_ticket_id(r)),
    "vang-mat": lambda r, c: services.ticket_skip(counter=c, officer=r.user, ticket_id=_ticket_id(r)),
    "chuyen": _transfer,
    "khoi-phuc": lambda r, c: services.ticket_restore(ticket=_desk_ticket(r, c), officer=r.user),
    "uu-tien": lambda r, c: services.ticket_priority_check(
        ticket=_desk_ticket(r, c), actor=r.user, confirmed=r.POST.get("confirmed") == "1"
    ),
    "lien-ket": _link,
    "mo-quay": lambda r, c: services.seat_open(counter=c, officer=r.user),
    "tam-dung": lambda r, c: services.seat_pause(counter=c, officer=r.user),
    "dong-quay": lambda r, c: services.seat_close(counter=c, officer=r.user),
}


@login_required
@require_POST
def counter_action(request: AuthenticatedHttpRequest, counter_id: int, action: str) -> HttpResponse:
    counter = _counter(request, counter_id)
    handler = ACTIONS.get(action)
    if handler is None:
        raise Http404
    status = 200
    error = ""
    try:
        result = handler(request, counter)
    except DossierError as exc:
        error, status = str(exc.message), exc.status
    else:
        if action == "goi-tiep" and result is None:
            error = _("Nobody is waiting for this counter.")
    if not is_partial(request):
        if error:
            messages.error(request, error)
        return redirect("queue_staff:counter", counter_id=counter.pk)
    context = _context(request, counter)
    context["error"] = error
    return page_or_partial(
        request, "queueing/staff/counter.html", "queueing/staff/_counter_screen.html", context, status=status
    )
