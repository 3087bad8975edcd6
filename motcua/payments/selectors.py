"""Scoped reads of fees, payments, refunds and reconciliation lines.

Staff see the payments of the dossiers they may see (motcua.dossiers.selectors: the same scope as the
dossier pages, drafts excluded); hidden and missing objects give the same 404. Reconciliation lines
are shown per collecting agency in the user's scope (or of a dossier they may see); a gateway line
that matches no payment of ours has no agency and is shown to superusers only.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet, Sum
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.codes import code_normalise
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import dossier_list_for
from motcua.org.models import Agency
from motcua.org.selectors import visible_agency_ids

from .choices import MatchStatus, PaymentStatus, RefundStatus
from .models import DossierFee, Payment, ReconciliationLine, Refund
from .services.fees import fees_outstanding
from .services.reconcile import ALERT_STATUSES, day_window

LIST_RELATED = ("dossier", "agency", "recorded_by")
REFUND_REASONS = {
    "refuse_intake": _("Not accepted at intake"),
    "withdraw": _("Withdrawn by the applicant"),
    "stop": _("Processing stopped"),
    "finish_refused": _("Finished with a refusal"),
    "duplicate": _("Paid twice"),
}


def refund_reason(refund: Refund) -> str:
    return str(REFUND_REASONS.get(refund.reason, refund.reason))


def _visible_dossiers(user: Any) -> QuerySet[Dossier]:
    return dossier_list_for(user=user).values("pk")  # type: ignore[return-value]


def payment_list_for(*, user: Any, day: dt.date | None = None, status: str = "", method: str = "") -> QuerySet[Payment]:
    """Payments of the dossiers the user may see, newest first, with the list's filters."""
    payments = Payment.objects.filter(dossier__in=_visible_dossiers(user)).select_related(*LIST_RELATED)
    if day is not None:
        start, end = day_window(day)
        payments = payments.filter(
            Q(paid_at__gte=start, paid_at__lt=end) | Q(paid_at__isnull=True, created_at__gte=start, created_at__lt=end)
        )
    if status:
        payments = payments.filter(status=status)
    if method:
        payments = payments.filter(method=method)
    return payments.order_by("-created_at", "-id")


def payment_get_for(*, user: Any, pk: int) -> Payment:
    payment = (
        Payment.objects.filter(pk=pk, dossier__in=_visible_dossiers(user))
        .select_related("dossier", "agency", "recorded_by")
        .first()
    )
    if payment is None:
        raise Http404
    return payment


def payment_totals(payments: QuerySet[Payment]) -> dict[str, Any]:
    """Count and sum per status of a filtered list, and the total actually collected (paid)."""
    rows = payments.order_by().values("status").annotate(total=Sum("amount_vnd"))
    by_status = {row["status"]: int(row["total"] or 0) for row in rows}
    labels = dict(PaymentStatus.choices)
    return {
        "by_status": [(labels.get(key, key), amount) for key, amount in sorted(by_status.items())],
        "collected": by_status.get(PaymentStatus.PAID, 0),
        "refunded": by_status.get(PaymentStatus.REFUNDED, 0),
    }


def refunds_requested_for(*, user: Any) -> QuerySet[Refund]:
    return (
        Refund.objects.filter(status=RefundStatus.REQUESTED, payment__dossier__in=_visible_dossiers(user))
        .select_related("payment__dossier__desk", "payment__agency")
        .order_by("requested_at", "id")
    )


def refund_get_for(*, user: Any, pk: int) -> Refund:
    refund = (
        Refund.objects.filter(pk=pk, payment__dossier__in=_visible_dossiers(user))
        .select_related("payment__dossier")
        .first()
    )
    if refund is None:
        raise Http404
    return refund


@dataclass
class DossierFees:
    """Everything the panels and the API show about a dossier's money."""

    lines: list[DossierFee]
    payments: list[Payment]
    refunds: list[Refund]
    owed: int
    owed_before_processing: int
    total: int = 0
    paid_ids: set[int] = field(default_factory=set)

    def is_paid(self, line: DossierFee) -> bool:
        return line.payment_id in self.paid_ids


def dossier_fees(dossier: Dossier) -> DossierFees:
    lines = list(DossierFee.objects.filter(dossier=dossier).select_related("payment").order_by("order", "id"))
    payments = list(dossier.payments.select_related("recorded_by").order_by("created_at", "id"))
    refunds = list(Refund.objects.filter(payment__dossier=dossier).select_related("payment", "done_by"))
    paid = {p.pk for p in payments if p.status in (PaymentStatus.PAID, PaymentStatus.REFUNDED)}
    for refund in refunds:
        refund.reason_label = refund_reason(refund)  # type: ignore[attr-defined]
    for line in lines:
        line.is_paid = line.payment_id in paid  # type: ignore[attr-defined]
    return DossierFees(
        lines=lines,
        payments=payments,
        refunds=refunds,
        owed=fees_outstanding(dossier),
        owed_before_processing=fees_outstanding(dossier, before="before_processing"),
        total=sum(line.amount_vnd for line in lines if not line.exempt),
        paid_ids=paid,
    )


def dossier_for_applicant(*, user: Any, code: str) -> Dossier:
    """The applicant's own dossier by code (404 for anyone else's, like a missing one)."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    dossier = Dossier.objects.filter(applicant=user, code=code_normalise(code)).first()
    if dossier is None:
        raise Http404
    return dossier


# --- Reconciliation --------------------------------------------------------------------------------


def reconciliation_lines_for(*, user: Any, day: dt.date, gateway: str = "") -> QuerySet[ReconciliationLine]:
    lines = ReconciliationLine.objects.filter(day=day).select_related("agency", "payment__dossier")
    if gateway:
        lines = lines.filter(gateway=gateway)
    ids = visible_agency_ids(user)
    if ids is not None:
        lines = lines.filter(Q(agency_id__in=ids) | Q(payment__dossier__in=_visible_dossiers(user)))
    return lines.order_by("agency__name", "gateway", "txn_ref")


@dataclass
class AgencyBlock:
    agency: Agency | None
    lines: list[ReconciliationLine] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    gateway_total: int = 0
    local_total: int = 0
    alerts: int = 0

    @property
    def count_rows(self) -> list[tuple[str, str, int]]:
        """(status, label, count) in the order of the outcomes, for the report's summary."""
        return [(value, str(label), self.counts.get(value, 0)) for value, label in MatchStatus.choices]


def reconciliation_report(lines: QuerySet[ReconciliationLine]) -> list[AgencyBlock]:
    """Lines grouped by collecting agency, with counts per outcome, both sides' totals and alerts."""
    blocks: dict[int | None, AgencyBlock] = {}
    counts: dict[int | None, dict[str, int]] = defaultdict(lambda: dict.fromkeys(MatchStatus.values, 0))
    for line in lines:
        block = blocks.setdefault(line.agency_id, AgencyBlock(agency=line.agency))
        block.lines.append(line)
        counts[line.agency_id][line.status] += 1
        block.gateway_total += line.gateway_amount_vnd or 0
        block.local_total += line.local_amount_vnd or 0
        block.alerts += line.status in ALERT_STATUSES
    for key, block in blocks.items():
        block.counts = counts[key]
    return list(blocks.values())
