"""The postal documents as PDFs: the sender slip (*phiếu gửi hồ sơ*) and the hand-over record
(*biên bản giao nhận*), in the forms' layout (WeasyPrint, embedded fonts, forms.css)."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.template import Context, Engine
from django.utils import timezone

from motcua.dossiers.forms.context import desk_header, person_name
from motcua.dossiers.forms.fmt import to_json
from motcua.dossiers.forms.render import engine as forms_engine
from motcua.dossiers.forms.render import html_to_pdf

from .models import PostalHandover, PostalOrder

HERE = Path(__file__).resolve().parent


def engine() -> Engine:
    return forms_engine(str(HERE / "templates"))


def _render(name: str, context: dict[str, Any]) -> bytes:
    return html_to_pdf(engine().get_template(f"postal/pdf/{name}.html").render(Context(context)))


def money(value: int) -> str:
    return f"{value:,}".replace(",", ".") + " đồng"


def slip_pdf(order: PostalOrder) -> bytes:
    slip = order.slip or {}
    context = {
        "title": "PHIẾU GỬI HỒ SƠ",
        "header": {"upper": "", "lower": order.operator.name, "place": "", "name": order.operator.name},
        "issued_at": to_json(order.collected_at or timezone.now()),
        "order": order,
        "slip": slip,
        "desk": order.desk,
        "fees": money(order.fees_collected_vnd),
        "postage": money(order.postage_vnd),
        "collected_at": to_json(order.collected_at),
        "worker": person_name(order.collected_by),
    }
    return _render("slip", context)


def handover_pdf(handover: PostalHandover) -> bytes:
    inbound = handover.direction == "inbound"
    context = {
        "title": "BIÊN BẢN GIAO NHẬN HỒ SƠ" if inbound else "BIÊN BẢN GIAO NHẬN KẾT QUẢ",
        "header": desk_header(handover.desk.agency, handover.desk),
        "issued_at": to_json(handover.created_at),
        "handover": handover,
        "inbound": inbound,
        "parcels": handover.parcels,
        "operator": handover.operator.name,
        "postal_name": person_name(handover.postal_signer),
        "desk_name": person_name(handover.desk_signer),
        "signed_at": to_json(handover.signed_at),
        "fees": money(handover.fees_remitted_vnd),
    }
    return _render("handover", context)


def handover_pdf_store(handover: PostalHandover) -> None:
    """Keep the signed record's PDF with its SHA-256 (call in the signing transaction)."""
    data = handover_pdf(handover)
    handover.sha256 = hashlib.sha256(data).hexdigest()
    handover.file.save(f"{handover.number}.pdf", ContentFile(data), save=False)
    handover.save(update_fields=["file", "sha256"])


def handover_pdf_bytes(handover: PostalHandover) -> bytes:
    """The stored PDF of a signed record, else a fresh rendering of the record as it stands."""
    if handover.file:
        with handover.file.open("rb") as handle:
            return handle.read()
    return handover_pdf(handover)
