"""The e-receipt of a paid payment (services.md §1 Receipts): a PDF rendered once, kept with its SHA-256.

The receipt is motcua's own *biên lai điện tử*: series = collecting agency code + year, the number
given when the payment became paid (receipts_numbering), payer, dossier, lines, total in figures and
in words, method and the gateway's references. A legal e-invoice / e-receipt under Decree 123/2020
comes from a provider plugin (to confirm); the PDF says so in small print. It is always Vietnamese.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.template import Context, Engine
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.errors import DossierError
from motcua.dossiers.forms.context import agency_place, person_name
from motcua.dossiers.forms.fmt import to_json
from motcua.dossiers.forms.render import engine as forms_engine
from motcua.dossiers.forms.render import html_to_pdf

from ..choices import Method, PaymentStatus
from ..models import Payment

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates"
RECEIPT_STATUSES = (PaymentStatus.PAID, PaymentStatus.REFUNDED)
METHOD_WORDS = {
    Method.CASH: "Tiền mặt",
    Method.TRANSFER: "Chuyển khoản",
    Method.GATEWAY: "Thanh toán trực tuyến",
    Method.POSTAL: "Thu hộ qua bưu chính",
}
KIND_WORDS = {"phi": "Phí", "le_phi": "Lệ phí"}

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
GROUPS = ("", "nghìn", "triệu")
BILLION = 10**9


class ReceiptUnavailable(DossierError):  # noqa: N818 - named for what the user is told
    code = "not_allowed"
    status = 409
    default = _("Only a paid payment has a receipt.")


class ReceiptIntegrityError(Exception):
    """The stored receipt no longer matches the SHA-256 recorded when it was rendered."""


# --- Amount in words -------------------------------------------------------------------------------


def _triple(number: int, *, leading: bool) -> list[str]:
    """Words of 0-999. A group after the first one always says its hundreds ("không trăm") and uses
    "linh" for a missing ten, as amounts are read aloud: 1.005 = "một nghìn không trăm linh năm"."""
    hundreds, rest = divmod(number, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if hundreds or not leading:
        words += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units and words:
            words.append("linh")
    elif tens == 1:
        words.append("mười")
    else:
        words += [DIGITS[tens], "mươi"]
    if units:
        if units == 1 and tens >= 2:
            words.append("mốt")
        elif units == 5 and tens >= 1:
            words.append("lăm")
        else:
            words.append(DIGITS[units])
    return words


def _below_billion(number: int, *, leading: bool) -> list[str]:
    words: list[str] = []
    groups = [(number // 10**6) % 1000, (number // 1000) % 1000, number % 1000]
    for index, group in enumerate(groups):
        if not group:
            continue
        words += _triple(group, leading=leading and not words)
        unit = GROUPS[2 - index]
        if unit:
            words.append(unit)
    return words


def _words(number: int, *, leading: bool = True) -> list[str]:
    if number >= BILLION:
        high, low = divmod(number, BILLION)
        words = [*_words(high, leading=leading), "tỷ"]
        return words + (_below_billion(low, leading=False) if low else [])
    return _below_billion(number, leading=leading)


def vnd_in_words(amount: int) -> str:
    """'Hai trăm nghìn đồng', 'Một triệu không trăm linh năm nghìn đồng', 'Không đồng'."""
    if amount < 0:
        raise ValueError("amount must not be negative")
    text = " ".join(_words(amount)) if amount else DIGITS[0]
    return f"{text[0].upper()}{text[1:]} đồng"


def vnd_figures(amount: int) -> str:
    """'1.234.000 đ' (dot thousands)."""
    return f"{amount:,} đ".replace(",", ".")


# --- The PDF ---------------------------------------------------------------------------------------


def _engine() -> Engine:
    return forms_engine(str(TEMPLATE_DIR))


def receipt_series(payment: Payment) -> str:
    return f"{payment.agency.code}/{payment.receipt_year}"


def receipt_number(payment: Payment) -> str:
    return f"{payment.receipt_no:07d}" if payment.receipt_no else ""


def receipt_context(payment: Payment) -> dict[str, Any]:
    """Everything the receipt prints, as plain JSON-safe values."""
    dossier, agency = payment.dossier, payment.agency
    lines = list(payment.lines.order_by("order", "id"))
    upper = agency.parent.name if agency.parent_id and agency.parent else ""
    return to_json(
        {
            "header": {"upper": upper, "lower": agency.name, "place": agency_place(agency)},
            "series": receipt_series(payment),
            "number": receipt_number(payment),
            "payer": payment.payer_name or dossier.applicant_name,
            "organisation": dossier.organisation_name,
            "code": dossier.code or "",
            "procedure": dossier.procedure_version.name,
            "lines": [
                {"name": line.name, "kind": KIND_WORDS.get(line.kind, ""), "amount": vnd_figures(line.amount_vnd)}
                for line in lines
            ],
            "total": vnd_figures(payment.amount_vnd),
            "total_words": vnd_in_words(payment.amount_vnd),
            "method": METHOD_WORDS.get(payment.method, payment.method),  # type: ignore[call-overload]
            "gateway": payment.gateway,
            "txn_ref": payment.txn_ref,
            "gateway_txn_no": payment.gateway_txn_no,
            "bank_code": payment.bank_code,
            "note": payment.note,
            "paid_at": payment.paid_at,
            "collector": person_name(payment.recorded_by) if payment.recorded_by_id else "",
            "issued_at": timezone.now(),
        }
    )


def receipt_render(payment: Payment) -> bytes:
    html = _engine().get_template("payments/receipt_pdf.html").render(Context(receipt_context(payment)))
    return html_to_pdf(html)


def _read(payment: Payment) -> bytes:
    with payment.receipt_file.open("rb") as handle:
        data = bytes(handle.read())
    if hashlib.sha256(data).hexdigest() != payment.receipt_sha256:
        raise ReceiptIntegrityError(f"payment {payment.pk}: stored receipt does not match its SHA-256")
    return data


def receipt_available(payment: Payment) -> bool:
    return payment.status in RECEIPT_STATUSES and bool(payment.receipt_no)


def receipt_pdf(payment: Payment) -> bytes:
    """The receipt of a paid (or since refunded) payment: rendered on first use under the payment's
    row lock, stored with its SHA-256, then always served from storage (the same bytes every time)."""
    if not receipt_available(payment):
        raise ReceiptUnavailable()
    if payment.receipt_sha256 and payment.receipt_file:
        return _read(payment)
    with transaction.atomic():
        locked = (
            Payment.objects.select_for_update(of=("self",))
            .select_related("agency__parent", "agency__unit", "dossier__procedure_version", "recorded_by")
            .get(pk=payment.pk)
        )
        if locked.receipt_sha256 and locked.receipt_file:
            data = _read(locked)
        else:
            data = receipt_render(locked)
            locked.receipt_sha256 = hashlib.sha256(data).hexdigest()
            name = f"receipt-{locked.agency.code}-{locked.receipt_year}-{receipt_number(locked)}.pdf"
            locked.receipt_file.save(name, ContentFile(data), save=False)
            locked.save(update_fields=["receipt_file", "receipt_sha256", "updated_at"])
    payment.receipt_file, payment.receipt_sha256 = locked.receipt_file, locked.receipt_sha256
    return data
