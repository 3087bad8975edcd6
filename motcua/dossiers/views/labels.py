"""Words for the timeline: what each history action means to an officer, in the active language."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from motcua.org.choices import Role

from ..choices import Outcome
from ..models import FormDocument, HistoryEntry

ACTION_LABELS = {
    "submit": _("Submitted online"),
    "receive": _("Received at the counter"),
    "refuse_intake": _("Refused at intake"),
    "return_for_completion": _("Returned for completion"),
    "resubmit": _("Resubmitted"),
    "forward": _("Forwarded to the deciding agency"),
    "step_complete": _("Step completed"),
    "send_back": _("Sent back"),
    "consult": _("Other agencies consulted"),
    "consult_answer": _("Consultation answered"),
    "propose_supplement": _("Supplement proposed"),
    "request_supplement": _("Supplement requested (Mẫu 02)"),
    "complete_supplement": _("Supplement received"),
    "request_obligation": _("Financial obligations requested"),
    "obligation_met": _("Financial obligations paid"),
    "reschedule": _("Apology and new date (Mẫu 04)"),
    "stop": _("Processing stopped"),
    "withdraw": _("Withdrawn"),
    "finish": _("Result issued"),
    "return_result": _("Result returned"),
    "transfer_succession": _("Transferred to the successor agency"),
    "supplement_answer": _("Supplement answered online"),
    "payment_confirmed": _("Fee payment confirmed"),
}
ONLINE_RECEIVE = _("Online submission accepted")


def history_label(entry: HistoryEntry) -> Any:
    """What the history row means; an online dossier is accepted, not received at the counter."""
    if entry.action == "receive" and (entry.data or {}).get("channel") == "online":
        return ONLINE_RECEIVE
    return ACTION_LABELS.get(entry.action, entry.action)


@dataclass
class HistoryRow:
    entry: HistoryEntry
    label: Any
    role: Any
    detail: str
    documents: list[FormDocument]


def _detail(entry: HistoryEntry) -> str:
    """The one fact beyond the action a reader needs: which step, which decision, whom."""
    data = entry.data or {}
    parts: list[str] = []
    if data.get("step"):
        parts.append(str(data["step"]))
    if data.get("decision"):
        parts.append(str(Outcome(data["decision"]).label) if data["decision"] in Outcome.values else data["decision"])
    if data.get("back_to"):
        parts.append(f"→ {data['back_to']}")
    if data.get("agencies"):
        parts.append(", ".join(str(a) for a in data["agencies"]))
    if data.get("agency"):
        parts.append(str(data["agency"]))
    if data.get("next"):
        parts.append("→ " + "; ".join(str(n) for n in data["next"]))
    if data.get("number"):
        parts.append(str(data["number"]))
    if data.get("tracking_number"):
        parts.append(str(data["tracking_number"]))
    if data.get("recipient_name"):
        parts.append(str(data["recipient_name"]))
    return " · ".join(parts)


def history_rows(entries: list[HistoryEntry], forms: dict[int, FormDocument]) -> list[HistoryRow]:
    rows = []
    for entry in entries:
        role = Role(entry.role).label if entry.role in Role.values else entry.role
        documents = [forms[d["form"]] for d in entry.documents or [] if d.get("form") in forms]
        rows.append(
            HistoryRow(
                entry=entry,
                label=history_label(entry),
                role=role,
                detail=_detail(entry),
                documents=documents,
            )
        )
    return rows
