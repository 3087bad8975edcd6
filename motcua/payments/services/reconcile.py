"""Daily reconciliation of a gateway's settlement against our payments (services.md §1).

For a local day (00:00-23:59:59 GMT+7) the gateway's settled transactions are matched to our gateway
payments by `txn_ref` and amount:

- matched: both sides agree;
- gateway_only: the gateway settled money we do not hold as paid. When the payment exists here
  (its IPN was lost) it is settled as paid through the normal effects (receipt number, audit,
  e-result publication); a line with an unknown reference cannot be settled. Alert.
- local_only: paid here, absent from the settlement. Alert.
- amount_mismatch: both sides know the transaction, with different amounts. Alert; nothing settled.

Re-running a day updates its lines (unique per day + gateway + txn_ref) and alerts only on a new or
changed line, so the 01:00 job, a manual re-run and a retry all converge on the same report.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from motcua.audit.services import audit_record

from ..choices import MatchStatus, Method, PaymentStatus
from ..gateways.base import GatewayResult, gateway_get
from ..models import GatewayCallback, Payment, ReconciliationLine

ALERT_STATUSES = (MatchStatus.GATEWAY_ONLY, MatchStatus.LOCAL_ONLY, MatchStatus.AMOUNT_MISMATCH)
HELD = (PaymentStatus.PAID, PaymentStatus.REFUNDED)


@dataclass
class Outcome:
    txn_ref: str
    status: str
    payment: Payment | None = None
    gateway_amount: int | None = None
    local_amount: int | None = None
    gateway_txn_no: str = ""
    note: str = ""


def day_window(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[00:00, next 00:00) of the local day, aware (Asia/Ho_Chi_Minh, GMT+7)."""
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    return start, start + dt.timedelta(days=1)


def reconcile_day(*, day: dt.date, gateway: str | None = None) -> list[ReconciliationLine]:
    """Reconcile one gateway (default: the configured one) for one local day; returns the day's lines.

    Each line is matched and stored in its own transaction: a settlement takes the dossier and
    payment locks (gateway_flow's order) for one payment at a time, never for the whole run."""
    key = gateway or settings.MOTCUA_PAYMENTS["GATEWAY"]
    plugin = gateway_get(key)
    settled = [line for line in plugin.settlement(day) if line.paid and line.txn_ref]
    lines: list[ReconciliationLine] = []
    for entry in settled:
        with transaction.atomic():
            lines.append(_store(key, day, _match(key, entry, day)))
    seen = [line.txn_ref for line in lines]
    start, end = day_window(day)
    local = Payment.objects.filter(
        method=Method.GATEWAY, gateway=key, status__in=HELD, paid_at__gte=start, paid_at__lt=end
    ).exclude(txn_ref__in=seen)
    for payment in local:
        with transaction.atomic():
            outcome = Outcome(
                payment.txn_ref, MatchStatus.LOCAL_ONLY, payment, None, payment.amount_vnd, payment.gateway_txn_no
            )
            lines.append(_store(key, day, outcome))
    ReconciliationLine.objects.filter(day=day, gateway=key).exclude(
        txn_ref__in=[line.txn_ref for line in lines]
    ).delete()
    return sorted(lines, key=lambda line: line.txn_ref)


def _match(key: str, line: GatewayResult, day: dt.date) -> Outcome:
    payment = Payment.objects.filter(txn_ref=line.txn_ref).first()
    found = Outcome(line.txn_ref, MatchStatus.MATCHED, payment, line.amount_vnd, None, line.gateway_txn_no)
    if payment is None:
        found.status, found.note = MatchStatus.GATEWAY_ONLY, "unknown transaction reference"
        return found
    found.local_amount = payment.amount_vnd
    if line.amount_vnd != payment.amount_vnd:
        found.status, found.note = MatchStatus.AMOUNT_MISMATCH, f"payment status {payment.status}"
        return found
    earlier = ReconciliationLine.objects.filter(day=day, gateway=key, txn_ref=line.txn_ref).first()
    if payment.status not in HELD:
        before = payment.status
        settled = _settle(key, payment, line)
        found.status = MatchStatus.GATEWAY_ONLY
        found.note = f"settled as paid (was {before})" if settled else f"not settled: payment is {before}"
    elif earlier is not None and earlier.status == MatchStatus.GATEWAY_ONLY and earlier.payment_id == payment.pk:
        found.status, found.note = MatchStatus.GATEWAY_ONLY, earlier.note  # settled by an earlier run
    return found


def _settle(key: str, payment: Payment, line: GatewayResult) -> bool:
    """The IPN never arrived: the settlement is the gateway's word that it was paid. Settled through
    the gateway flow (locks, fee lines, receipt number, effects) like an IPN; stored raw as well."""
    from .gateway_flow import payment_settle

    outcome = payment_settle(payment=payment, result=line, source="settlement")
    GatewayCallback.objects.create(
        gateway=key,
        kind="settlement",
        payment=payment,
        txn_ref=line.txn_ref,
        params=line.raw,
        outcome=outcome.code[:8],
        note="daily reconciliation",
    )
    payment.refresh_from_db()
    return payment.status == PaymentStatus.PAID


def _store(key: str, day: dt.date, outcome: Outcome) -> ReconciliationLine:
    payment = outcome.payment
    values: dict[str, Any] = {
        "status": outcome.status,
        "agency_id": payment.agency_id if payment is not None else None,
        "payment": payment,
        "gateway_amount_vnd": outcome.gateway_amount,
        "local_amount_vnd": outcome.local_amount,
        "gateway_txn_no": outcome.gateway_txn_no[:40],
        "note": outcome.note[:300],
    }
    line, created = ReconciliationLine.objects.get_or_create(
        day=day, gateway=key, txn_ref=outcome.txn_ref[:64], defaults=values
    )
    changed = not created and line.status != outcome.status
    if not created:
        for name, value in values.items():
            setattr(line, name, value)
        line.save()
    if outcome.status in ALERT_STATUSES and (created or changed):
        _alert(line)
    return line


def _alert(line: ReconciliationLine) -> None:
    audit_record(
        chain=f"reconcile:{line.gateway}:{line.day.isoformat()}",
        kind="payment.reconcile_alert",
        object_type="reconciliation_line",
        object_id=line.pk,
        data={
            "status": line.status,
            "txn_ref": line.txn_ref,
            "gateway_amount": line.gateway_amount_vnd,
            "local_amount": line.local_amount_vnd,
            "agency": line.agency_id,
            "payment": line.payment_id,
            "note": line.note,
        },
    )


def is_alert(line: ReconciliationLine) -> bool:
    return line.status in ALERT_STATUSES
