"""Staff money screens, mounted at `can-bo/thanh-toan/`: the payments list, the desk officer's forms
on the dossier page (record a payment, exempt a line) and the receipt download.

The forms post here; success goes back to the dossier page with a message. A refusal renders the
dossier page again with the form as typed and the message on its field (400/403/409), so it works
without JavaScript and a stale or double submit is answered, never applied twice.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.core.http import AuthenticatedHttpRequest
from motcua.dossiers.errors import DossierError
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import dossier_get_for
from motcua.dossiers.views.common import access_log, require_staff
from motcua.dossiers.views.detail import detail_context
from motcua.dossiers.views.downloads import file_response

from .selectors import dossier_fees, payment_get_for, payment_list_for, payment_totals
from .services.desk import fee_line_exempt, payment_record_desk
from .services.receipts import receipt_number, receipt_pdf
from .views_staff_forms import ExemptForm, PaymentFilterForm, RecordPaymentForm

PAGE_SIZE = 50


def record_form(dossier: Dossier, data: Any = None) -> RecordPaymentForm:
    fees = dossier_fees(dossier)
    owed = [line for line in fees.lines if not line.exempt and not fees.is_paid(line)]
    return RecordPaymentForm(data, lines=fees.lines, owed=owed)


def _refused(
    request: AuthenticatedHttpRequest, dossier: Dossier, extra: dict[str, Any], *, status: int
) -> HttpResponse:
    """The dossier page again, with the refused form (read by the payments panel) and its message."""
    fresh = dossier_get_for(user=request.user, code=dossier.code or "")
    context = {**detail_context(request, fresh), **extra}
    return render(request, "dossiers/detail.html", context, status=status)


def _error_on(form: Any, error: DossierError) -> str:
    """Put the refusal on its field when the form has it; otherwise return it for the form's top."""
    if error.field and error.field in form.fields:
        form.add_error(error.field, str(error.message))
        return ""
    return str(error.message)


@login_required
@require_POST
def payment_record(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    require_staff(request)
    dossier = dossier_get_for(user=request.user, code=code)
    form = record_form(dossier, request.POST)
    if not form.is_valid():
        return _refused(request, dossier, {"payments_form": form}, status=400)
    try:
        payment = payment_record_desk(
            actor=request.user,
            dossier=dossier,
            method=form.cleaned_data["method"],
            lines=form.chosen(),
            payer_name=form.cleaned_data["payer_name"],
            note=form.cleaned_data["note"],
        )
    except DossierError as error:
        message = _error_on(form, error)
        return _refused(request, dossier, {"payments_form": form, "payments_error": message}, status=error.status)
    notice = _("Payment recorded: %(amount)s, receipt no. %(number)s.") % {
        "amount": f"{payment.amount_vnd:,} đ".replace(",", "."),
        "number": receipt_number(payment),
    }
    messages.success(request, notice)
    return redirect("dossiers:detail", code=dossier.code)


@login_required
@require_POST
def fee_exempt(request: AuthenticatedHttpRequest, code: str, line_id: int) -> HttpResponse:
    require_staff(request)
    dossier = dossier_get_for(user=request.user, code=code)
    line = dossier.fee_lines.filter(pk=line_id).first()
    if line is None:
        raise Http404
    form = ExemptForm(request.POST, auto_id=f"id_exempt_{line.pk}_%s")
    extra: dict[str, Any] = {"payments_exempt_form": form, "payments_exempt_line": line.pk}
    if not form.is_valid():
        return _refused(request, dossier, extra, status=400)
    try:
        fee_line_exempt(actor=request.user, line=line, reason=form.cleaned_data["reason"])
    except DossierError as error:
        extra["payments_error"] = _error_on(form, error)
        return _refused(request, dossier, extra, status=error.status)
    messages.success(request, _("The fee “%(name)s” is marked exempt.") % {"name": line.name})
    return redirect("dossiers:detail", code=dossier.code)


@login_required
def receipt_download(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The receipt PDF of a payment of a dossier the user may see (404 otherwise, or when unpaid)."""
    require_staff(request)
    payment = payment_get_for(user=request.user, pk=pk)
    try:
        data = receipt_pdf(payment)
    except DossierError as error:
        raise Http404 from error
    access_log(request, payment.dossier, purpose="payment_receipt", fields=["applicant_name"])
    name = f"bien-lai-{payment.receipt_year}-{receipt_number(payment)}.pdf"
    return file_response(request, data, name, "application/pdf")


@login_required
def payment_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_staff(request)
    form = PaymentFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    payments = payment_list_for(
        user=request.user,
        day=filters.get("ngay"),
        status=filters.get("trang_thai", ""),
        method=filters.get("hinh_thuc", ""),
    )
    page = Paginator(payments, PAGE_SIZE).get_page(request.GET.get("trang"))
    query = request.GET.copy()
    query.pop("trang", None)
    context = {"form": form, "page": page, "totals": payment_totals(payments), "query": query.urlencode()}
    return render(request, "payments/staff_payments.html", context)
