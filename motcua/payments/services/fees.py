"""Fee lines of a dossier and what is still owed (services.md §1).

The schedule is the procedure version's `FeeItem` rows for the applicant's type. Only amounts that can
be trusted are charged: an item without an amount, or flagged `needs_review` by the catalogue import
(a rate set locally, a contradictory text), is shown as published but never billed until an
administrator fixes it in the catalogue.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import QuerySet, Sum
from django.utils.translation import gettext as _

from motcua.catalog.choices import ApplicantType, PayableAt
from motcua.core.text import fold
from motcua.dossiers.errors import DossierError

from ..choices import DueAt, PaymentStatus
from ..models import DossierFee

if TYPE_CHECKING:
    from motcua.dossiers.models import Dossier

# Applicant kinds on a dossier → the catalogue's applicant types they pay as.
_TYPES = {
    "person": {ApplicantType.CITIZEN},
    "organisation": {
        ApplicantType.BUSINESS,
        ApplicantType.ORGANISATION,
        ApplicantType.STATE_AGENCY,
        ApplicantType.OTHER,
    },
}
_DUE = {PayableAt.SUBMISSION: DueAt.BEFORE_PROCESSING, PayableAt.ACCEPTANCE: DueAt.BEFORE_PROCESSING}


class PaymentRequired(DossierError):  # noqa: N818 - named for what the user is told
    """The action waits for fees to be paid; `amount` is what is owed."""

    def __init__(self, amount: int, message: str = "") -> None:
        super().__init__(
            message or _("Fees of %(amount)s VND must be paid first.") % {"amount": f"{amount:,}".replace(",", ".")},
            field="fees",
        )
        self.amount = amount


def fee_lines_sync(dossier: Dossier) -> list[DossierFee]:
    """(Re)build the fee lines from the schedule while nothing is paid yet; afterwards they are frozen.

    Called when a counter or postal dossier is created and whenever an online draft changes (the
    applicant's type decides the lines)."""
    with transaction.atomic():
        lines = list(dossier.fee_lines.select_for_update().order_by("order", "id"))
        if any(line.payment_id for line in lines):
            return lines
        wanted = _TYPES.get(dossier.applicant_kind, set())
        seen: set[tuple[str, int]] = set()
        fresh = [
            DossierFee(
                dossier=dossier,
                fee_item=item,
                order=item.order,
                name=_line_name(item.name, item.kind),
                kind=item.kind,
                amount_vnd=item.amount_vnd or 0,
                due_at=_DUE.get(item.payable_at, DueAt.BEFORE_RESULT),  # type: ignore[call-overload]
            )
            for item in dossier.procedure_version.fees.order_by("order", "id")
            if item.amount_vnd
            and not item.needs_review
            and (not item.applicant_type or item.applicant_type in wanted)
            and not _repeat(seen, item.name, item.amount_vnd)
        ]
        if [(f.fee_item_id, f.amount_vnd) for f in fresh] == [(f.fee_item_id, f.amount_vnd) for f in lines]:
            return lines
        dossier.fee_lines.all().delete()
        return DossierFee.objects.bulk_create(fresh)


_KIND_NAMES = {"phi": "Phí", "le_phi": "Lệ phí"}


def _line_name(name: str, kind: str) -> str:
    """The catalogue's fee name; where the national text gave only a unit or a note ("/hồ sơ", "(lần)"),
    the kind of fee comes first: "Lệ phí /hồ sơ"."""
    name = name.strip()
    if "phi" not in fold(name) and (len(name) < 25 or name.startswith(("/", "("))):
        return f"{_KIND_NAMES.get(kind, 'Lệ phí')} {name}".strip()[:300]
    return name[:300]


def _repeat(seen: set[tuple[str, int]], name: str, amount: int) -> bool:
    """The national data prints one fee string per channel, so the same fee can appear once per channel:
    a line with the same name and amount as an earlier one is that repeat, not a second charge."""
    key = (fold(name).strip(), amount)
    if key in seen:
        return True
    seen.add(key)
    return False


def _due_by(before: str) -> tuple[str, ...]:
    if before == DueAt.BEFORE_PROCESSING:
        return (DueAt.BEFORE_PROCESSING,)
    return (DueAt.BEFORE_PROCESSING, DueAt.BEFORE_RESULT)


def _unpaid(dossier: Dossier, due: tuple[str, ...]) -> QuerySet[DossierFee]:
    return dossier.fee_lines.filter(exempt=False, due_at__in=due).exclude(payment__status=PaymentStatus.PAID)


def fees_outstanding(dossier: Dossier, *, before: str = DueAt.BEFORE_RESULT) -> int:
    """VND still owed by the given moment: `before_processing` counts only the lines due before
    processing; `before_result` (default) counts every line."""
    due: tuple[str, ...] = (
        (DueAt.BEFORE_PROCESSING,)
        if before == DueAt.BEFORE_PROCESSING
        else (DueAt.BEFORE_PROCESSING, DueAt.BEFORE_RESULT)
    )
    return int(_unpaid(dossier, due).aggregate(s=Sum("amount_vnd"))["s"] or 0)


def fees_unpaid_lines(dossier: Dossier, *, before: str = DueAt.BEFORE_RESULT) -> list[DossierFee]:
    due: tuple[str, ...] = (
        (DueAt.BEFORE_PROCESSING,)
        if before == DueAt.BEFORE_PROCESSING
        else (DueAt.BEFORE_PROCESSING, DueAt.BEFORE_RESULT)
    )
    return list(_unpaid(dossier, due).order_by("order", "id"))


def fees_required(dossier: Dossier, *, before: str = DueAt.BEFORE_RESULT) -> None:
    """Raise `PaymentRequired` when fees due by that moment are unpaid."""
    owed = fees_outstanding(dossier, before=before)
    if owed:
        raise PaymentRequired(owed)
