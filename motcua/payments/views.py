"""Public and citizen pages of online payment (namespace `payments`, mounted at /thanh-toan/):
the gateway's IPN, the page the applicant's browser comes back to, "pay online" from the dossier page,
and the applicant's receipt download."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from motcua.core.http import AuthenticatedHttpRequest
from motcua.dossiers.choices import State
from motcua.dossiers.errors import DossierError
from motcua.dossiers.selectors_citizen import own_dossier_get
from motcua.portal.citizen.access import citizen_required, client_ip

from .choices import DueAt, PaymentStatus
from .gateways.base import GatewayNotConfigured, PaymentGateway, gateway_get, request_params
from .models import Payment, Refund
from .services.gateway_callbacks import ipn_handle, return_handle
from .services.gateway_flow import origin, payment_start

REFRESH_SECONDS = 3


def _plugin(request: HttpRequest, key: str) -> PaymentGateway:
    try:
        gateway = gateway_get(key)
    except GatewayNotConfigured as error:
        raise Http404 from error
    if hasattr(gateway, "base_url"):
        gateway.base_url = origin(request)
    return gateway


@csrf_exempt
@require_http_methods(["GET", "POST"])
def ipn(request: HttpRequest, gateway: str) -> JsonResponse:
    """Server-to-server notification: no session, no CSRF; trusted only through its signature."""
    plugin = _plugin(request, gateway)
    outcome = ipn_handle(gateway=plugin, params=request_params(request), remote_addr=client_ip(request))
    status, body = plugin.notification_response(outcome)
    return JsonResponse(body, status=status)


@require_GET
def gateway_return(request: HttpRequest, gateway: str) -> HttpResponse:
    """Where the gateway sends the browser back: shows the outcome; never marks anything paid by
    itself (a pending attempt is queried; the page reloads every few seconds until it is final)."""
    plugin = _plugin(request, gateway)
    payment, genuine = return_handle(gateway=plugin, params=request_params(request), remote_addr=client_ip(request))
    pending = payment is not None and payment.status == PaymentStatus.PENDING
    context = {
        "payment": payment,
        "genuine": genuine,
        "pending": pending,
        "refresh": REFRESH_SECONDS if pending else 0,
        "dossier": payment.dossier if payment else None,
        "still_draft": bool(payment and payment.dossier.state == State.DRAFT),
        # Paid for fees another attempt had already paid: the money goes back (gateway_flow._link_lines).
        "duplicate": bool(payment and Refund.objects.filter(payment=payment, reason="duplicate").exists()),
    }
    return render(request, "payments/return.html", context, status=200 if genuine else 400)


@citizen_required
@require_POST
def pay(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """ "Pay online" on the applicant's dossier page: everything still owed, through the gateway."""
    dossier = own_dossier_get(request.user, pk)
    before = DueAt.BEFORE_PROCESSING if dossier.state == State.DRAFT else DueAt.BEFORE_RESULT
    try:
        _payment, url = payment_start(
            actor=request.user, dossier=dossier, before=before, request=request, client_ip=client_ip(request)
        )
    except DossierError as error:
        messages.error(request, str(error.message))
        return redirect("citizen:detail", pk=pk)
    return redirect(url)


@citizen_required
@require_GET
def receipt(request: AuthenticatedHttpRequest, txn_ref: str) -> HttpResponse:
    """The applicant's e-receipt (PDF) of a paid payment of their own dossier; anything else is a 404."""
    payment = get_object_or_404(
        Payment.objects.select_related("dossier"),
        txn_ref=txn_ref,
        dossier__applicant=request.user,
        status__in=(PaymentStatus.PAID, PaymentStatus.REFUNDED),
    )
    from .services.receipts import receipt_pdf

    response = HttpResponse(receipt_pdf(payment), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="bien-lai-{payment.txn_ref}.pdf"'
    return response
