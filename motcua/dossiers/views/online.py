"""The online parts of the dossier page: the e-form answers under their labels, the submission record,
the returns for completion, the applicant's answer to a supplement request, and the due date an
acceptance would give.

Reads only: what the desk officer checks before accepting (lifecycle.md §1 'required before
acceptance'). The services decide; the preview here asks the deadline engine the same question
`dossier_accept` will ask, so the officer sees the date before committing to it.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from motcua.accounts.models import AuthMethod
from motcua.calendars.engine import Due, due_compute
from motcua.org.choices import Role

from ..choices import Channel, State, SupplementPhase
from ..deadline import cutoff, wt_for
from ..models import Attachment, Dossier, HistoryEntry, SupplementRequest
from ..policy import capacity_for, desk_officer_for


@dataclass
class Answer:
    """One answer of the e-form: the question as the schema titles it, and the value as text."""

    name: str
    label: str
    value: str


@dataclass
class Submission:
    """The latest submission of an online dossier (the IP stays in the record, off the screen)."""

    at: dt.datetime | None
    first_at: dt.datetime | None
    auth_method: str
    identity_verified: bool
    count: int


@dataclass
class SupplementView:
    """A supplement request with the applicant's online answer and the files sent with it."""

    request: SupplementRequest
    files: list[Attachment] = field(default_factory=list)


def _label(name: str, spec: dict[str, Any]) -> str:
    english = (get_language() or "vi").startswith("en")
    if english and spec.get("x-title-en"):
        return str(spec["x-title-en"])
    return str(spec.get("title") or spec.get("x-title-en") or name)


def _option_title(spec: dict[str, Any], value: Any) -> str | None:
    for option in spec.get("oneOf") or spec.get("anyOf") or []:
        if isinstance(option, dict) and option.get("const") == value:
            return str(option.get("title") or value)
    return None


def answer_text(spec: dict[str, Any], value: Any) -> str:
    """An answer as the applicant meant it: option titles, yes/no, dates as dd/mm/yyyy."""
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list):
        items = spec.get("items")
        return ", ".join(answer_text(items if isinstance(items, dict) else {}, v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    titled = _option_title(spec, value)
    if titled is not None:
        return titled
    if spec.get("format") == "date" and isinstance(value, str):
        try:
            return dt.date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            return value
    return str(value)


def _ordered(schema: dict[str, Any]) -> list[str]:
    properties = schema.get("properties") or {}
    order = [name for name in schema.get("x-order") or [] if name in properties]
    return order + [name for name in properties if name not in order]


def form_answers(dossier: Dossier, schema: dict[str, Any] | None = None) -> list[Answer]:
    """Every answer of the e-form, in the schema's order, labelled by `schema` (default: the schema of
    the dossier's procedure version); answers the schema no longer names are shown too, under their key."""
    if schema is None:
        from motcua.catalog.formschema import schema_for

        schema = schema_for(dossier.procedure_version) or {}
    properties: dict[str, Any] = schema.get("properties") or {}
    data = dossier.form_data or {}
    answers = [
        Answer(name, _label(name, properties[name]), answer_text(properties[name], data.get(name)))
        for name in _ordered(schema)
    ]
    answers += [Answer(name, name, answer_text({}, value)) for name, value in data.items() if name not in properties]
    return answers


def submission_of(dossier: Dossier) -> Submission | None:
    submits = (dossier.submission or {}).get("submits") or []
    if dossier.channel != Channel.ONLINE or not submits:
        return None
    last = submits[-1]
    method = str(last.get("auth_method") or "")
    return Submission(
        at=dossier.submitted_at,
        first_at=dossier.first_submitted_at,
        auth_method=str(AuthMethod(method).label) if method in AuthMethod.values else method,
        identity_verified=bool(last.get("identity_verified")),
        count=len(submits),
    )


def accept_preview(dossier: Dossier) -> Due | None:
    """The due an acceptance now would store: the same inputs as `dossier_accept` (clock from the
    submission time of this version, deadlines.md §4), without the day-by-day explanation."""
    if dossier.state != State.SUBMITTED or dossier.submitted_at is None:
        return None
    version = dossier.procedure_version
    unit = dossier.duration_unit or version.time_unit
    try:
        return due_compute(
            wt=wt_for(dossier.desk.agency_id, timezone.localdate(dossier.submitted_at)),
            start=dossier.submitted_at,
            value=dossier.duration_value or version.time_value or 0,
            unit=unit,
            channel=Channel.ONLINE,
            same_day_cutoff=cutoff(),
            explain=False,
        )
    except (ValueError, KeyError):  # a catalogue duration the engine cannot count: the service will say so
        return None


def supplement_views(
    dossier: Dossier, supplements: list[SupplementRequest], stage: str, history: list[HistoryEntry] | None = None
) -> list[SupplementView]:
    """Requests of one stage (`intake`: returns before acceptance; `processing`: Mẫu 02), oldest first,
    each answered one with the files the applicant sent (named by the history row of the answer)."""
    views = [SupplementView(s) for s in supplements if s.stage == stage]
    answers = {e.at: e for e in history or [] if e.action == "supplement_answer"}
    wanted = {
        d["attachment"]: v
        for v in views
        if v.request.answered_at in answers
        for d in answers[v.request.answered_at].documents or []
        if d.get("attachment")
    }
    if wanted:
        for attachment in dossier.attachments.filter(pk__in=wanted).select_related("component").order_by("id"):
            wanted[attachment.pk].files.append(attachment)
    return views


def second_return_note(user: Any, dossier: Dossier) -> str:
    """Why a desk officer sees no 'return for completion' on a dossier already returned once."""
    if dossier.state != State.SUBMITTED or dossier.completion_returns < 1:
        return ""
    if desk_officer_for(user, dossier) is None:
        return ""
    if capacity_for(user, Role.AGENCY_LEADER, dossier.receiving_agency_id) is not None:
        return ""
    return _(
        "This dossier was already returned for completion once. A second return needs the leader of "
        "%(agency)s, with a reason; otherwise accept it or refuse it."
    ) % {"agency": dossier.receiving_agency.name}


def online_context(
    user: Any, dossier: Dossier, supplements: list[SupplementRequest], history: list[HistoryEntry]
) -> dict[str, Any]:
    """What the page shows of the online submission (nothing for a counter dossier)."""
    if dossier.channel != Channel.ONLINE:
        return {"online": False}
    return {
        "online": True,
        "answers": form_answers(dossier),
        "submission": submission_of(dossier),
        "returns": supplement_views(dossier, supplements, "intake", history),
        "second_return_note": second_return_note(user, dossier),
        "answered_online": dossier.supplement_phase == SupplementPhase.APPLICANT_SUBMITTED,
    }


def _when(moment: dt.datetime | None) -> str:
    return date_format(timezone.localtime(moment), "H:i d/m/Y") if moment else "–"


def action_note(key: str, dossier: Dossier) -> tuple[str, bool]:
    """A line above an action's button that the officer needs before pressing it, and whether the
    action is the one to do next (a supplement answered online waits for the desk's check)."""
    if key == "accept":
        due = accept_preview(dossier)
        if due is None:
            return _("The due date counts from the submission at %(at)s, not from now.") % {
                "at": _when(dossier.submitted_at)
            }, False
        return _(
            "If accepted now, the due date is %(due)s (appointment %(appointment)s), counted from the "
            "submission at %(at)s."
        ) % {
            "due": date_format(due.due_date, "d/m/Y"),
            "appointment": _when(due.due_at),
            "at": _when(dossier.submitted_at),
        }, False
    if key == "complete-supplement" and dossier.supplement_phase == SupplementPhase.APPLICANT_SUBMITTED:
        answered = dossier.supplements.filter(stage="processing").exclude(answered_at=None).order_by("-answered_at")
        latest = answered.first()
        return _(
            "The applicant answered online at %(at)s. Check the answer and the files under “Supplement request”, "
            "then resume processing."
        ) % {"at": _when(latest.answered_at if latest else None)}, True
    if key == "return-for-completion" and dossier.completion_returns >= 1:
        return _("This is a second return: give the reason in the note."), False
    return "", False
