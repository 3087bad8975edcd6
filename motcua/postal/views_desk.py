"""The desk's side at /can-bo/buu-chinh/: inbound records to count and sign, results waiting for the
postal worker, outbound records. Only records of the officer's desks are visible."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from motcua.core.http import AuthenticatedHttpRequest
from motcua.dossiers.errors import DossierError
from motcua.dossiers.models import FormDocument
from motcua.dossiers.views.downloads import file_response

from . import selectors as s
from .choices import HandoverDirection
from .models import PostalHandover
from .pdf import handover_pdf_bytes
from .services import ParcelCheck, postal_handover_sign, postal_outbound_sign


def _require_desk(request: AuthenticatedHttpRequest) -> None:
    if not s.desk_ids_for(request.user):
        raise PermissionDenied


@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_desk(request)
    records = s.desk_handovers_for(user=request.user)
    context = {
        "inbound": records.filter(direction=HandoverDirection.INBOUND, signed_at__isnull=True).order_by("created_at"),
        "outbound": records.filter(direction=HandoverDirection.OUTBOUND, signed_at__isnull=True).order_by("created_at"),
        "results": s.desk_results_waiting(user=request.user),
        "signed": records.filter(signed_at__isnull=False).order_by("-signed_at")[:20],
    }
    return render(request, "postal/desk_home.html", context)


def _parcels(handover: PostalHandover) -> list[dict[str, object]]:
    forms = {f.pk: f for f in FormDocument.objects.filter(pk__in=[p.get("receipt_form") for p in handover.parcels])}
    return [{**p, "form": forms.get(p.get("receipt_form"))} for p in handover.parcels]


@login_required
def handover_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _require_desk(request)
    handover = s.desk_handover_get_for(user=request.user, pk=pk)
    error = ""
    if request.method == "POST":
        try:
            if handover.direction == HandoverDirection.INBOUND:
                _sign_inbound(request, handover)
            else:
                postal_outbound_sign(actor=request.user, handover=handover)
        except DossierError as exc:
            error = str(exc.message)
        else:
            messages.success(request, _("Hand-over record signed."))
            return redirect("postal_staff:handover", pk=handover.pk)
    context = {"handover": handover, "parcels": _parcels(handover), "error": error, "posted": request.POST}
    return render(request, "postal/desk_handover.html", context, status=400 if error else 200)


def _sign_inbound(request: AuthenticatedHttpRequest, handover: PostalHandover) -> None:
    try:
        counted = int(request.POST.get("counted", ""))
    except ValueError:
        raise DossierError(_("Enter how many parcels you counted."), field="counted") from None
    checks = [
        ParcelCheck(
            order_id=int(p["order_id"]),
            complete=request.POST.get(f"p{p['order_id']}") == "complete",
            note=request.POST.get(f"p{p['order_id']}_note", ""),
        )
        for p in handover.parcels
        if request.POST.get(f"p{p['order_id']}") in ("complete", "incomplete")
    ]
    postal_handover_sign(actor=request.user, handover=handover, checks=checks, counted=counted)


@login_required
def handover_pdf(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _require_desk(request)
    handover = s.desk_handover_get_for(user=request.user, pk=pk)
    return file_response(request, handover_pdf_bytes(handover), f"{handover.number}.pdf", "application/pdf")
