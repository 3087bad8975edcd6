"""The applicant's payments panel on their dossier page (`{% payments_citizen_panel dossier %}`): fee
lines with amounts, what is paid, receipts, and "Pay online" while something is owed."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.template.loader import render_to_string

from motcua.dossiers.choices import State

from .choices import DueAt, PaymentStatus
from .services.fees import fees_outstanding
from .services.gateway_flow import PAYABLE_STATES, pay_to_submit_amount


def online_payment_available() -> bool:
    conf = settings.MOTCUA_PAYMENTS
    key = conf.get("GATEWAY", "")
    return key in conf.get("GATEWAYS", {}) and (key != "sandbox" or bool(conf.get("SANDBOX_ENABLED")))


def citizen_panel(context: Any, dossier: Any) -> str:
    lines = list(dossier.fee_lines.select_related("payment").order_by("order", "id"))
    # Attempts that moved no money (pending, cancelled, failed, expired) are not the applicant's concern.
    payments = list(
        dossier.payments.filter(status__in=(PaymentStatus.PAID, PaymentStatus.REFUNDED))
        .select_related("refund")
        .order_by("created_at", "id")
    )
    for payment in payments:
        payment.refund_row = getattr(payment, "refund", None)
    if not lines and not payments:
        return ""
    owed_total = fees_outstanding(dossier, before=DueAt.BEFORE_RESULT)
    owed_now = fees_outstanding(dossier, before=DueAt.BEFORE_PROCESSING)
    values = {
        "dossier": dossier,
        "lines": [(line, bool(line.payment_id and line.payment.status == PaymentStatus.PAID)) for line in lines],
        "payments": payments,
        "owed_total": owed_total,
        "pay_to_submit": pay_to_submit_amount(dossier),
        "can_pay": dossier.state in PAYABLE_STATES and owed_total > 0 and online_payment_available(),
        "result_waits": dossier.state == State.DONE and owed_total > 0 and owed_now == 0,
        "is_draft": dossier.state == State.DRAFT,
    }
    request = context.get("request") if hasattr(context, "get") else None
    return render_to_string("payments/citizen_panel.html", values, request=request)
