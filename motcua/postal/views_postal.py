"""Postal staff screens at /buu-chinh/: pickups to do, collection (sender slip), hand-over records,
results to take back and their delivery events. Only the operator's own orders are visible."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.core.http import AuthenticatedHttpRequest
from motcua.dossiers.errors import DossierError
from motcua.dossiers.forms import form_pdf
from motcua.dossiers.uploads import upload_check
from motcua.dossiers.views.downloads import file_response
from motcua.org.models import Desk

from . import selectors as s
from .choices import DeliveryStatus, OrderStatus
from .forms import CancelForm, ComponentLineForm, EventForm, HandoverCreateForm, PickupForm, SenderForm
from .models import PostalOperator, PostalOrder
from .pdf import handover_pdf_bytes, slip_pdf
from .services import (
    CollectedLine,
    Sender,
    postal_delivery_event_record,
    postal_handover_create,
    postal_order_cancel,
    postal_order_collect,
    postal_result_pick_up,
)


def _operator(request: AuthenticatedHttpRequest) -> PostalOperator:
    operator = s.operator_of(request.user) if s.is_postal_staff(request.user) else None
    if operator is None:
        raise PermissionDenied
    return operator


@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    operator = _operator(request)
    orders = s.orders_for(operator=operator)
    collected: dict[Desk, list[PostalOrder]] = defaultdict(list)
    for order in orders.filter(status=OrderStatus.COLLECTED, inbound_handover__isnull=True).order_by("code"):
        collected[order.desk].append(order)
    context = {
        "operator": operator,
        "query": request.GET.get("q", ""),
        "found": s.order_search(operator=operator, text=request.GET["q"])[:50] if request.GET.get("q") else None,
        "pickups": orders.filter(status=OrderStatus.REQUESTED).order_by("requested_at"),
        "collected": [(desk, rows) for desk, rows in collected.items()],
        "handovers": s.handovers_for(operator=operator)[:20],
        "results": s.results_for(operator=operator, ready_only=True).order_by("updated_at"),
        "in_transit": s.results_for(operator=operator, ready_only=False).filter(status=OrderStatus.IN_TRANSIT)[:50],
    }
    return render(request, "postal/staff_home.html", context)


@login_required
def order_detail(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    order = s.order_get_for(operator=_operator(request), code=code)
    context = {
        "order": order,
        "events": order.events.all(),
        "pickup_form": PickupForm(),
        "event_form": EventForm(initial={"at": timezone.localtime().strftime("%d/%m/%Y %H:%M")}),
        "cancel_form": CancelForm(),
    }
    return render(request, "postal/staff_order.html", context)


def _lines(request: AuthenticatedHttpRequest, order: PostalOrder) -> tuple[list[Any], bool]:
    rows = []
    valid = True
    for component in order.procedure_version.components.order_by("order"):
        initial = {
            "received": component.required,
            "original_qty": component.original_qty,
            "copy_qty": component.copy_qty,
        }
        form = ComponentLineForm(
            request.POST or None, request.FILES or None, prefix=f"c{component.pk}", initial=initial
        )
        if request.method == "POST":
            valid = form.is_valid() and valid
        rows.append((component, form))
    return rows, valid


def _collected_lines(rows: list[Any]) -> list[CollectedLine]:
    lines = []
    for component, form in rows:
        data = form.cleaned_data
        scan = data.get("scan")
        lines.append(
            CollectedLine(
                component_id=component.pk,
                received=data["received"],
                original_qty=data["original_qty"] if data["received"] else 0,
                copy_qty=data["copy_qty"] if data["received"] else 0,
                scans=[upload_check(scan)] if scan and data["received"] else [],
            )
        )
    return lines


@login_required
def order_collect(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    order = s.order_get_for(operator=_operator(request), code=code)
    if order.status != OrderStatus.REQUESTED:
        return redirect("postal:order", code=order.code)
    initial = {
        "name": order.applicant_name,
        "phone": order.phone,
        "email": order.email,
        "id_number": order.id_number,
        "address": order.pickup_address,
    }
    sender_form = SenderForm(request.POST or None, initial=initial)
    rows, lines_valid = _lines(request, order)
    error = ""
    if request.method == "POST" and sender_form.is_valid() and lines_valid:
        data = sender_form.cleaned_data
        try:
            postal_order_collect(
                actor=request.user,
                order=order,
                sender=Sender(
                    name=data["name"],
                    id_type=data["id_type"],
                    id_number=data["id_number"],
                    phone=data["phone"],
                    email=data["email"],
                    address=data["address"],
                ),
                lines=_collected_lines(rows),
                inbound_tracking=data["inbound_tracking"],
                fees_vnd=data["fees_vnd"],
                postage_vnd=data["postage_vnd"],
                subject=data["subject"],
                sets_count=data["sets_count"],
            )
        except DossierError as exc:
            error = str(exc.message)
        else:
            messages.success(request, _("Collected. Print the sender slip for the applicant."))
            return redirect("postal:order", code=order.code)
    context = {
        "order": order,
        "sender_form": sender_form,
        "rows": rows,
        "error": error,
        "fees": order.procedure_version.fees.order_by("order"),
    }
    return render(request, "postal/staff_collect.html", context, status=400 if error else 200)


@login_required
def order_slip(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    order = s.order_get_for(operator=_operator(request), code=code)
    if order.collected_at is None:
        raise Http404
    return file_response(request, slip_pdf(order), f"phieu-gui-{order.code}.pdf", "application/pdf")


@login_required
@require_POST
def order_cancel(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    order = s.order_get_for(operator=_operator(request), code=code)
    form = CancelForm(request.POST)
    try:
        if not form.is_valid():
            raise DossierError(_("Give the reason."))
        postal_order_cancel(actor=request.user, order=order, reason=form.cleaned_data["reason"])
    except DossierError as exc:
        messages.error(request, str(exc.message))
    return redirect("postal:order", code=order.code)


@login_required
@require_POST
def handover_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    operator = _operator(request)
    waiting = s.orders_for(operator=operator).filter(status=OrderStatus.COLLECTED, inbound_handover__isnull=True)
    form = HandoverCreateForm(request.POST, choices=[(o.pk, o.code) for o in waiting])
    if not form.is_valid():
        messages.error(request, _("Choose at least one collected parcel."))
        return redirect("postal:home")
    desk = Desk.objects.filter(pk=form.cleaned_data["desk"]).first()
    orders = list(waiting.filter(pk__in=form.cleaned_data["orders"]))
    try:
        if desk is None:
            raise Http404
        handover = postal_handover_create(
            actor=request.user, operator=operator, desk=desk, orders=orders, note=form.cleaned_data["note"]
        )
    except DossierError as exc:
        messages.error(request, str(exc.message))
        return redirect("postal:home")
    messages.success(request, _("Hand-over record created. Print it and take the parcels to the desk."))
    return redirect("postal:handover", pk=handover.pk)


@login_required
def handover_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    handover = s.handover_get_for(operator=_operator(request), pk=pk)
    forms = {f.pk: f for f in s.receipt_forms(handover)}
    parcels = [{**p, "form": forms.get(p.get("receipt_form"))} for p in handover.parcels]
    return render(request, "postal/staff_handover.html", {"handover": handover, "parcels": parcels})


@login_required
def handover_pdf(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    handover = s.handover_get_for(operator=_operator(request), pk=pk)
    return file_response(request, handover_pdf_bytes(handover), f"{handover.number}.pdf", "application/pdf")


@login_required
def handover_receipt(request: AuthenticatedHttpRequest, pk: int, form_id: int) -> HttpResponse:
    form = s.receipt_form_get(s.handover_get_for(operator=_operator(request), pk=pk), form_id)
    name = f"{form.dossier.code if form.dossier else form.pk}-mau-01.pdf"
    return file_response(request, form_pdf(form), name, "application/pdf")


@login_required
@require_POST
def result_pick_up(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    order = s.order_get_for(operator=_operator(request), code=code)
    form = PickupForm(request.POST)
    try:
        if not form.is_valid():
            raise DossierError(_("Enter the parcel's tracking number."))
        postal_result_pick_up(
            actor=request.user,
            order=order,
            tracking=form.cleaned_data["tracking_number"],
            postage_vnd=form.cleaned_data["postage_vnd"] or 0,
        )
    except DossierError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Result taken: the dossier is recorded as returned by post."))
    return redirect("postal:order", code=order.code)


@login_required
@require_POST
def delivery_event(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    order = s.order_get_for(operator=_operator(request), code=code)
    form = EventForm(request.POST)
    try:
        if not form.is_valid():
            raise DossierError(_("Check the status and the time."))
        data = form.cleaned_data
        postal_delivery_event_record(
            actor=request.user,
            order=order,
            event_id=f"staff-{timezone.now():%Y%m%d%H%M%S%f}",
            status=data["status"],
            at=data["at"],
            location=data["location"],
            note=data["note"],
            delivered_to=data["delivered_to"] if data["status"] == DeliveryStatus.DELIVERED else "",
        )
    except DossierError as exc:
        messages.error(request, str(exc.message))
    return redirect("postal:order", code=order.code)
