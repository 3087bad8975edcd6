"""Public pages of the queue: following a ticket on a phone (the QR on the ticket), booking an
appointment, and its confirmation / cancel page. Light, no JavaScript needed."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from motcua.org.models import Desk

from .choices import AppointmentState
from .errors import QueueError
from .forms import BookingForm, DayForm
from .models import Appointment, ServiceGroup
from .selectors import ticket_by_token, ticket_view
from .services import appointment_book, appointment_cancel, appointment_slots
from .services.appointments import booking_days

FOLLOW_REFRESH_SECONDS = 30


@require_GET
def ticket(request: HttpRequest, token: str) -> HttpResponse:
    """The ticket on a phone: state, people ahead, estimated wait; refreshes itself every 30 s."""
    view = ticket_view(ticket_by_token(token))
    return render(request, "queueing/ticket.html", {"view": view, "refresh": FOLLOW_REFRESH_SECONDS})


def _days(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


@require_GET
def booking_start(request: HttpRequest) -> HttpResponse:
    """Step 1: the centre and the service; step 2 (same page with ?nhom=): the day and the slot."""
    desks = Desk.objects.filter(is_active=True, queue_groups__is_active=True, queue_groups__accepts_appointments=True)
    desks = desks.distinct().order_by("kind", "name")
    desk = desks.filter(code=request.GET.get("noi", "")).first()
    groups = list(ServiceGroup.objects.filter(desk=desk, is_active=True, accepts_appointments=True)) if desk else []
    group = next((g for g in groups if str(g.pk) == request.GET.get("nhom")), None)
    first, last = booking_days()
    day = DayForm({"day": request.GET.get("ngay", "")}).chosen(first)
    day = min(max(day, first), last)
    slots = appointment_slots(group=group, day=day) if group else []
    context = {
        "desks": desks,
        "desk": desk,
        "groups": groups,
        "group": group,
        "days": _days(first, last),
        "day": day,
        "slots": slots,
        "form": BookingForm(initial={"group": group.pk if group else None, "day": day}),
    }
    return render(request, "queueing/booking.html", context)


@require_http_methods(["POST"])
def booking_make(request: HttpRequest) -> HttpResponse:
    form = BookingForm(request.POST)
    group = None
    if form.is_valid():
        group = (
            ServiceGroup.objects.filter(pk=form.cleaned_data["group"], is_active=True).select_related("desk").first()
        )
        try:
            if group is None:
                raise QueueError(_("Choose a service of this centre."), field="group")
            appointment = appointment_book(
                group=group,
                day=form.cleaned_data["day"],
                slot=form.cleaned_data["slot"],
                name=form.cleaned_data["name"],
                phone=form.cleaned_data.get("phone") or "",
                email=form.cleaned_data.get("email") or "",
            )
        except QueueError as exc:
            form.add_error(
                exc.field if exc.field in form.fields and exc.field not in ("group", "day", "slot") else None,
                str(exc.message),
            )
        else:
            messages.success(request, _("Your appointment is booked. Keep the booking code."))
            return redirect("queue_public:appointment", token=appointment.cancel_token)
    context = {"form": form, "group": group, "desk": group.desk if group else None, "failed": True}
    return render(request, "queueing/booking_failed.html", context, status=400)


@require_http_methods(["GET", "POST"])
def appointment(request: HttpRequest, token: str) -> HttpResponse:
    """The booking as sent by SMS/e-mail: its code, time, place; cancel it here."""
    booked = get_object_or_404(Appointment.objects.select_related("desk", "group"), cancel_token=token[:40])
    if request.method == "POST":
        try:
            appointment_cancel(token=booked.cancel_token)
        except QueueError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("The appointment is cancelled."))
        return redirect("queue_public:appointment", token=booked.cancel_token)
    context = {
        "appointment": booked,
        "can_cancel": booked.state == AppointmentState.BOOKED and booked.day >= timezone.localdate(),
    }
    return render(request, "queueing/appointment.html", context)
