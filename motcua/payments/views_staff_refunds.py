"""Refunds to carry out: the list of requested refunds in the user's scope and the desk officer's
"carry out" button (also on the dossier page). The service holds the rules; a refusal or a gateway
failure comes back as a message, and the refund stays requested."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.core.http import AuthenticatedHttpRequest
from motcua.dossiers.errors import DossierError
from motcua.dossiers.policy import desk_officer_for
from motcua.dossiers.views.common import require_staff

from .models import Refund
from .selectors import refund_get_for, refund_reason, refunds_requested_for
from .services.refunds import refund_execute, refund_gateway_for
from .views_staff_forms import RefundForm


@dataclass
class Row:
    refund: Refund
    reason: str
    can_execute: bool
    by_gateway: bool


@login_required
def refund_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_staff(request)
    rows = [
        Row(
            refund=refund,
            reason=refund_reason(refund),
            can_execute=desk_officer_for(request.user, refund.payment.dossier) is not None,
            by_gateway=refund_gateway_for(refund.payment) is not None,
        )
        for refund in refunds_requested_for(user=request.user)[:500]
    ]
    return render(request, "payments/staff_refunds.html", {"rows": rows})


def _back(request: AuthenticatedHttpRequest) -> str:
    target = request.POST.get("next", "")
    if target.startswith("/can-bo/") and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("payments_staff:refunds")


@login_required
@require_POST
def refund_execute_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    require_staff(request)
    refund = refund_get_for(user=request.user, pk=pk)
    form = RefundForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        done = refund_execute(actor=request.user, refund=refund, note=note)
    except DossierError as error:
        messages.error(request, str(error.message))
        return redirect(_back(request))
    amount = f"{done.amount_vnd:,} đ".replace(",", ".")
    messages.success(request, _("Refund carried out: %(amount)s.") % {"amount": amount})
    return redirect(_back(request))
