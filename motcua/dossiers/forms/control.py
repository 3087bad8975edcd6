"""Mẫu 06 (05 under 01/2018), the process control sheet: printed live from the dossier's hand-overs."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from ..choices import FormKey, ParticipationRole
from ..models import Dossier
from .context import desk_header
from .fmt import LOCAL_TZ, to_json
from .numbering import form_numbering, form_title
from .render import html_to_pdf, render_html

TIMELINESS_LABELS = {"early": "Trước hạn", "on_time": "Đúng hạn", "late": "Quá hạn"}


def control_rows(dossier: Dossier) -> dict[str, Any]:
    """Coordinating agencies and one row per hand-over, as they stand now."""
    coordinating = (
        dossier.participations.filter(role=ParticipationRole.COORDINATING)
        .select_related("agency")
        .order_by("order", "id")
    )
    rows = [
        {
            "giver": h.from_label,
            "receiver": h.to_label,
            "at": to_json(h.at),
            "result": TIMELINESS_LABELS.get(h.timeliness, ""),
            "note": h.note,
        }
        for h in dossier.handovers.order_by("seq")
    ]
    return {"coordinating": [p.agency.name for p in coordinating], "rows": rows}


def control_sheet_context(dossier: Dossier) -> dict[str, Any]:
    now = timezone.now()
    on = (dossier.received_at or now).astimezone(LOCAL_TZ).date()
    form_set, number = form_numbering(FormKey.CONTROL_SHEET, on)
    return {
        "key": FormKey.CONTROL_SHEET,
        "form_set": form_set,
        "number": number,
        "title": form_title(FormKey.CONTROL_SHEET, form_set),
        "issued_at": to_json(now),
        "header": desk_header(dossier.receiving_agency, dossier.desk),
        "code": dossier.code,
        "applicant": {"name": dossier.applicant_name, "organisation": dossier.organisation_name},
        "received_at": to_json(dossier.received_at),
        "due_at": to_json(dossier.due_at),
        "due_date": to_json(dossier.due_date),
        "competent_agency": dossier.competent_agency.name,
        **control_rows(dossier),
    }


def control_sheet_pdf(dossier: Dossier) -> bytes:
    """The control sheet as it stands now (not a frozen snapshot: it grows with every hand-over)."""
    return html_to_pdf(render_html("control_sheet", control_sheet_context(dossier)))
