"""Fees collected by hand: cash or a bank transfer recorded by the desk officer, or fees the postal
worker collected from the applicant and remitted at the hand-over (services.md §1-2)."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.dossiers.errors import DossierError
from motcua.dossiers.models import Dossier

from ..choices import Method, PaymentStatus
from ..models import DossierFee, Payment
from .effects import payment_paid_effects


def txn_ref_new(dossier: Dossier) -> str:
    """Our transaction reference: letters and digits only (gateways reject other characters), unique."""
    return f"{dossier.pk}{timezone.localtime().strftime('%y%m%d%H%M%S')}{secrets.token_hex(3).upper()}"


def payment_record_counter(
    *,
    actor: Any,
    dossier: Dossier,
    method: str,
    lines: list[DossierFee] | None = None,
    payer_name: str = "",
    note: str = "",
    at: dt.datetime | None = None,
) -> Payment:
    """Record fees received by hand as a paid payment covering `lines` (default: every unpaid line).

    The caller checks the actor's capacity (desk officer of the dossier, or the postal worker at the
    hand-over); this function checks only the money: a line already paid cannot be paid twice."""
    if method not in (Method.CASH, Method.TRANSFER, Method.POSTAL):
        raise DossierError(_("Choose how the fee was paid."), field="method")
    if method == Method.TRANSFER and not note.strip():
        raise DossierError(_("Enter the bank transfer reference."), field="note")
    now = at or timezone.now()
    with transaction.atomic():
        owed = DossierFee.objects.select_for_update(of=("self",)).filter(dossier=dossier, exempt=False)
        owed = owed.exclude(payment__status=PaymentStatus.PAID)
        if lines is not None:
            owed = owed.filter(pk__in=[line.pk for line in lines])
        chosen = list(owed.order_by("order", "id"))
        if lines is not None and len(chosen) != len(lines):
            raise DossierError(_("Some of these fees are already paid."), field="lines")
        if not chosen:
            raise DossierError(_("Nothing is owed on this dossier."), field="lines")
        payment = Payment.objects.create(
            dossier=dossier,
            agency_id=dossier.competent_agency_id,
            amount_vnd=sum(line.amount_vnd for line in chosen),
            method=method,
            txn_ref=txn_ref_new(dossier),
            status=PaymentStatus.PAID,
            payer_name=(payer_name or dossier.applicant_name)[:200],
            note=note.strip()[:300],
            paid_at=now,
            recorded_by=actor if getattr(actor, "pk", None) else None,
        )
        DossierFee.objects.filter(pk__in=[line.pk for line in chosen]).update(payment=payment)
        payment_paid_effects(payment, actor=actor)
    return payment
