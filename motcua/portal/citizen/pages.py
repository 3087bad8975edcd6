"""What the applicant's dossier page shows, read from the prefetched dossier (`own_dossier_get`):
the timeline in words, the due date's explanation, documents issued to them, the result, and the
requests the desk or the agency sent them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import get_language

from motcua.calendars.engine import explain_render
from motcua.dossiers.choices import State
from motcua.dossiers.models import Attachment, Dossier, HistoryEntry, SupplementRequest
from motcua.dossiers.selectors_citizen import APPLICANT_REASONS
from motcua.dossiers.views.labels import history_label

DONE_STATES = (State.DONE, State.RETURNED)


@dataclass
class TimelineRow:
    entry: HistoryEntry
    label: Any
    reason: str  # only what is addressed to the applicant or written by them


def explanation(dossier: Dossier) -> str:
    """How the due date was computed, in the page's language (deadlines.md §8)."""
    if not dossier.due_explanation:
        return ""
    lang = "en" if (get_language() or "vi").startswith("en") else "vi"
    return explain_render(dossier.due_explanation, lang)


def timeline(dossier: Dossier) -> list[TimelineRow]:
    rows = []
    for entry in dossier.history.all():
        reason = entry.reason if entry.action in APPLICANT_REASONS else ""
        rows.append(TimelineRow(entry, history_label(entry), reason))
    return rows


def _latest(supplements: list[SupplementRequest], stage: str) -> SupplementRequest | None:
    found = [s for s in supplements if s.stage == stage]
    return found[-1] if found else None


def detail_facts(dossier: Dossier) -> dict[str, Any]:
    supplements = list(dossier.supplements.all())
    results: list[Attachment] = []
    if dossier.state in DONE_STATES:
        # Signed e-results are listed by the e-result panel (download, "check authenticity", data store).
        results = list(dossier.attachments.filter(kind="result", result_document__isnull=True).order_by("id"))
    return {
        "components": list(dossier.components.all()),
        "timeline": timeline(dossier),
        "explanation": explanation(dossier),
        "forms": list(dossier.forms.all()),
        "results": results,
        "gap_list": _latest(supplements, "intake") if dossier.state == State.RETURNED_FOR_COMPLETION else None,
        "supplement_request": _latest(supplements, "processing")
        if dossier.state == State.SUPPLEMENT_REQUESTED
        else None,
    }
