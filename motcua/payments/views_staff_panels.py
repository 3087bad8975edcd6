"""The fees panels this app puts on pages of other apps (through `payments_tags`).

- Staff dossier page: fee lines, payments with receipts, refunds; the desk officer of the dossier
  also gets the forms (record a payment, exempt a line, carry out a refund). A refused form comes
  back in the page context (`payments_form`, `payments_exempt_form`, `payments_error`).
- Public lookup, after the second factor: fee lines and payment statuses only, nothing about the
  payer beyond what the applicant knows.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string

from motcua.dossiers.codes import code_normalise
from motcua.dossiers.models import Dossier
from motcua.dossiers.policy import desk_officer_for

from .selectors import dossier_fees
from .views_staff_forms import ExemptForm, RecordPaymentForm


def staff_panel(context: Any, dossier: Dossier) -> str:
    request = context.get("request")
    user = getattr(request, "user", None)
    fees = dossier_fees(dossier)
    if not fees.lines and not fees.payments:
        return ""
    desk = desk_officer_for(user, dossier) is not None if user is not None else False
    form = context.get("payments_form")
    if form is None and desk:
        owed = [line for line in fees.lines if not line.exempt and not fees.is_paid(line)]
        form = RecordPaymentForm(lines=fees.lines, owed=owed)
    failed_line, failed_form = context.get("payments_exempt_line"), context.get("payments_exempt_form")
    for line in fees.lines:
        fresh = ExemptForm(auto_id=f"id_exempt_{line.pk}_%s")
        line.exempt_form = failed_form if line.pk == failed_line else fresh  # type: ignore[attr-defined]
    panel = {
        "dossier": dossier,
        "fees": fees,
        "desk": desk,
        "form": form,
        "error": context.get("payments_error", ""),
        "exempt_line": failed_line,
    }
    return render_to_string("payments/staff_panel.html", panel, request=request)


def lookup_panel(context: Any, code: Any) -> str:
    dossier = Dossier.objects.filter(code=code_normalise(str(code or ""))).first()
    if dossier is None:
        return ""
    fees = dossier_fees(dossier)
    if not fees.lines and not fees.payments:
        return ""
    rows = [
        {"method": p.get_method_display(), "amount": p.amount_vnd, "status": p.get_status_display(), "at": p.paid_at}
        for p in fees.payments
    ]
    return render_to_string(
        "payments/lookup_panel.html", {"fees": fees, "payments": rows}, request=context.get("request")
    )
