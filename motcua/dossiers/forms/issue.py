"""`form_issue`: record a form as issued, with the snapshot it will print, inside the caller's transaction."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from ..choices import FormKey
from ..models import Dossier, FormDocument, IntakeAttempt
from .context import attempt_context, attempt_defaults, dossier_context, person_name
from .control import control_rows
from .fmt import LOCAL_TZ, to_json
from .numbering import NUMBERS, form_numbering, form_title

if TYPE_CHECKING:
    from motcua.org.models import User


def reception_day(*, at: dt.datetime, dossier: Dossier | None, attempt: IntakeAttempt | None) -> dt.date:
    """The date that picks the form set: the dossier's reception (the attempt's time before acceptance)."""
    moment = (dossier.received_at if dossier else None) or (attempt.at if attempt else None) or at
    return moment.astimezone(LOCAL_TZ).date()


def _subject(
    key: str, dossier: Dossier | None, attempt: IntakeAttempt | None, actor: User | None
) -> tuple[dict[str, Any], dict[str, Any], User | None, int]:
    """(printed body, default extra, officer shown, forms of this key already issued) for the subject."""
    if dossier is not None:
        body = dossier_context(dossier, key)
        if key == FormKey.CONTROL_SHEET:
            body.update(control_rows(dossier))
        officer = actor or (dossier.received_by if key == FormKey.RECEIPT else None)
        return body, {}, officer, FormDocument.objects.filter(dossier=dossier, key=key).count()
    assert attempt is not None
    issued = FormDocument.objects.filter(intake_attempt=attempt, key=key).count()
    return attempt_context(attempt), attempt_defaults(attempt), actor or attempt.officer, issued


def form_issue(
    *,
    key: str,
    at: dt.datetime,
    dossier: Dossier | None = None,
    attempt: IntakeAttempt | None = None,
    actor: User | None = None,
    extra: dict[str, Any] | None = None,
) -> FormDocument:
    """Create the FormDocument row (file still empty) with the JSON snapshot of everything it prints.

    Cheap on purpose: no PDF here, so intake never waits for the PDF engine; `form_pdf` renders later
    from the snapshot alone. Call it inside the transition's transaction, with the dossier row locked,
    so `issue_no` (same-key forms of the dossier + 1) cannot race.
    """
    if key not in NUMBERS:
        raise ValueError(f"unknown form key {key!r}")
    if key == FormKey.REGISTER:
        raise ValueError("the register is a desk's book, printed with register_pdf/register_xlsx")
    if (dossier is None) == (attempt is None):
        raise ValueError("give exactly one of dossier or attempt")
    form_set, number = form_numbering(key, reception_day(at=at, dossier=dossier, attempt=attempt))
    body, given, officer, issued = _subject(key, dossier, attempt, actor)
    context = {
        "key": key,
        "form_set": form_set,
        "number": number,
        "title": form_title(key, form_set),
        "issue_no": issued + 1,
        "issued_at": to_json(at),
        "officer_name": person_name(officer),
        **body,
        "extra": to_json({**given, **(extra or {})}),
    }
    return FormDocument.objects.create(
        dossier=dossier,
        intake_attempt=attempt,
        key=key,
        form_set=form_set,
        number=number or "",
        issue_no=issued + 1,
        context=context,
        created_at=at,
        created_by=actor,
    )
