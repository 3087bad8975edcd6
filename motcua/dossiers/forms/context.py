"""The JSON snapshot a form prints: header, applicant, procedure, times, register entry, code.

Built in the issuing transaction from the objects the caller holds (unsaved changes included), so the
PDF rendered later shows the dossier exactly as it was when the form was issued.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from motcua.org.choices import DeskKind

from ..choices import FormKey, ReturnMethod
from .fmt import place_name, to_json
from .qr import qr_target

if TYPE_CHECKING:
    from motcua.catalog.models import ProcedureVersion
    from motcua.org.models import Agency, Desk, User

    from ..models import Dossier, IntakeAttempt

DESK_HEADING = "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ"
# Forms headed by the processing (competent) agency; the others are headed by the receiving desk.
PROCESSING_AGENCY_FORMS = {FormKey.APOLOGY, FormKey.STOP_NOTICE}


def desk_header(agency: Agency, desk: Desk) -> dict[str, str]:
    """Agency over 'BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ' (commune desks) or over the centre's own name."""
    lower = desk.name if desk.kind != DeskKind.COMMUNE_DESK else DESK_HEADING
    upper = agency.name
    if lower.casefold() == upper.casefold():
        upper = agency.parent.name if agency.parent_id and agency.parent else ""
    name = "Bộ phận tiếp nhận và trả kết quả" if lower == DESK_HEADING else desk.name
    return {"upper": upper, "lower": lower, "name": name, "place": agency_place(agency)}


def agency_header(agency: Agency) -> dict[str, str]:
    """The processing agency under its parent (Mẫu 04, stop notice)."""
    upper = agency.parent.name if agency.parent_id and agency.parent else ""
    return {"upper": upper, "lower": agency.name, "name": agency.name, "place": agency_place(agency)}


def agency_place(agency: Agency) -> str:
    unit = agency.unit
    return place_name(unit.name, unit.division_type)


def person_name(user: User | None) -> str:
    if user is None:
        return ""
    return user.full_name or user.get_full_name() or user.username


def procedure_block(version: ProcedureVersion) -> dict[str, str]:
    return {"code": version.procedure.code, "name": version.name}


def desk_block(desk: Desk) -> dict[str, str]:
    return {"name": desk.name, "address": desk.address, "phone": desk.phone}


def return_label(dossier: Dossier) -> str:
    if dossier.return_method == ReturnMethod.POST:
        address = dossier.return_address or dossier.address
        return f"Qua dịch vụ bưu chính công ích, địa chỉ: {address}"
    if dossier.return_method == ReturnMethod.ONLINE:
        return "Trực tuyến (kết quả điện tử) trên Cổng dịch vụ công"
    where = f"{dossier.desk.name}, {dossier.desk.address}" if dossier.desk.address else dossier.desk.name
    return f"Tại {where}"


def dossier_context(dossier: Dossier, key: str) -> dict[str, Any]:
    components = dossier.components.filter(received=True).order_by("order")
    header = (
        agency_header(dossier.competent_agency)
        if key in PROCESSING_AGENCY_FORMS
        else desk_header(dossier.receiving_agency, dossier.desk)
    )
    return {
        "header": header,
        "code": dossier.code,
        "qr_target": qr_target(dossier.code) if dossier.code else "",
        "applicant": {
            "kind": dossier.applicant_kind,
            "name": dossier.applicant_name,
            "organisation": dossier.organisation_name,
            "address": dossier.address,
            "phone": dossier.phone,
            "email": dossier.email,
        },
        "procedure": procedure_block(dossier.procedure_version),
        "subject": dossier.subject or dossier.procedure_version.name,
        "components": [{"name": c.name, "original_qty": c.original_qty, "copy_qty": c.copy_qty} for c in components],
        "sets_count": dossier.sets_count,
        "duration": {"value": to_json(dossier.duration_value), "unit": dossier.duration_unit},
        "received_at": to_json(dossier.received_at),
        "due_at": to_json(dossier.due_at),
        "due_date": to_json(dossier.due_date),
        "return": {"method": dossier.return_method, "label": return_label(dossier)},
        "register": {"year": dossier.register_year, "no": dossier.register_no},
        "desk": desk_block(dossier.desk),
        "receiving_agency": dossier.receiving_agency.name,
        "competent_agency": dossier.competent_agency.name,
    }


def attempt_context(attempt: IntakeAttempt) -> dict[str, Any]:
    """A counter contact before acceptance: no code, no QR, no due date."""
    return {
        "header": desk_header(attempt.desk.agency, attempt.desk),
        "code": "",
        "qr_target": "",
        "applicant": {
            "kind": attempt.applicant_kind,
            "name": attempt.applicant_name,
            "organisation": "",
            "address": attempt.address,
            "phone": attempt.phone,
            "email": attempt.email,
        },
        "procedure": procedure_block(attempt.procedure_version),
        "subject": attempt.procedure_version.name,
        "received_at": to_json(attempt.at),
        "desk": desk_block(attempt.desk),
    }


def attempt_defaults(attempt: IntakeAttempt) -> dict[str, Any]:
    """What the attempt row already says; the caller's `extra` wins over it."""
    return {"items": attempt.items, "reason": attempt.reason, "legal_basis": attempt.legal_basis}
