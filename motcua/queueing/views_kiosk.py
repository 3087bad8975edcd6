"""The kiosk: pick a service (and a priority, if any) and get a numbered ticket to print on the 80 mm
printer; or type the booking code of an appointment. Works without JavaScript."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from motcua.dossiers.forms.qr import qr_png_data_uri
from motcua.org.models import Counter, Desk

from .access import floor_device
from .errors import QueueError
from .models import QueueTicket, ServiceGroup
from .selectors import desk_for_floor, groups_for_desk, priority_choices, priority_label, ticket_view, waiting_counts
from .services import ticket_checkin, ticket_issue

RETURN_AFTER_SECONDS = 20


def floor_screen(kind: str) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., HttpResponseBase]]:
    """Open a floor screen of the centre in the URL: a bound device or staff of the centre, else a
    page that tells whoever stands there to ask staff to set the screen up."""

    def decorate(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @wraps(view)
        def wrapped(request: HttpRequest, desk_code: str, *args: Any, **kwargs: Any) -> HttpResponseBase:
            desk = desk_for_floor(desk_code)
            counter = None
            if kind == "tablet":  # a tablet is bound to one counter
                counter = get_object_or_404(Counter, desk=desk, number=kwargs.get("number"), is_active=True)
            try:
                floor_device(request, desk, kind, counter)
            except PermissionDenied:
                return render(request, "queueing/not_bound.html", {"desk": desk, "kind": kind}, status=403)
            return view(request, desk, *args, **kwargs)

        return wrapped

    return decorate


def public_ticket_url(request: HttpRequest, ticket: QueueTicket) -> str:
    from django.conf import settings

    return str(settings.MOTCUA["PUBLIC_BASE_URL"]).rstrip("/") + reverse(
        "queue_public:ticket", args=[ticket.public_token]
    )


def _kiosk(request: HttpRequest, desk: Desk, error: str = "", status: int = 200) -> HttpResponse:
    counts = waiting_counts(desk)
    groups = [(g, counts.get(g.pk, {}).get("waiting", 0)) for g in groups_for_desk(desk)]
    context = {
        "desk": desk,
        "groups": groups,
        "priorities": priority_choices(),
        "client_key": uuid.uuid4().hex,
        "error": error,
    }
    return render(request, "queueing/kiosk.html", context, status=status)


@require_GET
@floor_screen("kiosk")
def kiosk(request: HttpRequest, desk: Desk) -> HttpResponse:
    return _kiosk(request, desk)


@require_POST
@floor_screen("kiosk")
def kiosk_issue(request: HttpRequest, desk: Desk) -> HttpResponse:
    group = ServiceGroup.objects.filter(desk=desk, pk=request.POST.get("group") or 0).first()
    if group is None:
        return _kiosk(request, desk, str(QueueError(None)), status=400)
    try:
        ticket = ticket_issue(
            desk=desk,
            group=group,
            priority=request.POST.get("priority", "")[:24],
            client_key=request.POST.get("client_key", "")[:64],
        )
    except QueueError as exc:
        return _kiosk(request, desk, str(exc.message), status=400)
    return redirect("queue_public:kiosk_ticket", desk_code=desk.code, token=ticket.public_token)


@require_POST
@floor_screen("kiosk")
def kiosk_checkin(request: HttpRequest, desk: Desk) -> HttpResponse:
    try:
        ticket = ticket_checkin(
            desk=desk, code=request.POST.get("code", ""), client_key=request.POST.get("client_key", "")[:64]
        )
    except QueueError as exc:
        return _kiosk(request, desk, str(exc.message), status=400)
    return redirect("queue_public:kiosk_ticket", desk_code=desk.code, token=ticket.public_token)


@require_GET
@floor_screen("kiosk")
def kiosk_ticket(request: HttpRequest, desk: Desk, token: str) -> HttpResponse:
    """The ticket as printed: number, group, time, people ahead, estimated wait and a QR to follow it."""
    ticket = get_object_or_404(QueueTicket.objects.select_related("group"), desk=desk, public_token=token[:32])
    view = ticket_view(ticket)
    follow = public_ticket_url(request, ticket)
    context = {
        "desk": desk,
        "view": view,
        "ticket": ticket,
        "priority": priority_label(ticket.priority) if ticket.priority else "",
        "follow_url": follow,
        "qr": qr_png_data_uri(follow),
        "return_after": RETURN_AFTER_SECONDS,
        "print_now": request.GET.get("in") != "0",
    }
    return render(request, "queueing/kiosk_ticket.html", context)
