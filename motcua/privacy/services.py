"""Data-subject requests and the applicant's own data export (documents-and-codes.md §9)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.audit.services import audit_record
from motcua.calendars.engine import due_compute
from motcua.calendars.selectors import working_time_for
from motcua.core.text import clean_text
from motcua.dossiers.codes import sequence_next
from motcua.dossiers.errors import DossierError, StaleDossier
from motcua.notifications.services import outbox_enqueue

from .models import DataSubjectRequest, RequestKind, RequestSequence, RequestState

DETAILS_MAX = 5_000


def response_days() -> int:
    """Working days to answer (2 by Decree 356/2025, to confirm): MOTCUA["PRIVACY_RESPONSE_WORKING_DAYS"]."""
    return int(settings.MOTCUA.get("PRIVACY_RESPONSE_WORKING_DAYS", 2))


def due_for(received_at: dt.datetime) -> dt.datetime:
    wt = working_time_for(agency=None, on=timezone.localdate(received_at))
    return due_compute(wt=wt, start=received_at, value=response_days(), unit="working_days", explain=False).due_at


def _audit(request: DataSubjectRequest, kind: str, actor: Any, **data: Any) -> None:
    audit_record(
        chain=f"privacy:{request.pk}",
        kind=kind,
        object_type="privacy.datasubjectrequest",
        object_id=request.pk,
        actor=actor,
        data={"state": request.state, "code": request.code, **data},
    )


def _notify(request: DataSubjectRequest, event: str) -> None:
    user = request.user
    profile = getattr(user, "citizen_profile", None)
    base = str(settings.MOTCUA.get("PUBLIC_BASE_URL", "")).rstrip("/")
    payload = {
        "name": user.full_name or user.username,
        "code": request.code,
        "kind": str(RequestKind(request.kind).label),
        "due": timezone.localtime(request.due_at).strftime("%d/%m/%Y %H:%M"),
        "link": base + reverse("privacy:home"),
    }
    recipients = [("email", user.email), ("sms", user.phone or (profile.phone_key if profile else "") or "")]
    outbox_enqueue(
        event=event,
        event_key=f"{event}:{request.pk}:{request.version}",
        recipients=[(c, r) for c, r in recipients if r],
        payload=payload,
    )


def request_submit(*, user: Any, kind: str, details: str, dossier_code: str = "", at: dt.datetime | None = None):
    """Register a request; its code comes by e-mail/SMS with the due date (2 working days)."""
    if kind not in RequestKind.values:
        raise DossierError(_("Choose what you are asking for."), field="kind")
    details = clean_text(details, multiline=True)
    if not details:
        raise DossierError(_("Say what you are asking for, and for which data."), field="details")
    if len(details) > DETAILS_MAX:
        raise DossierError(_("The text is too long."), field="details")
    now = at or timezone.now()
    with transaction.atomic():
        day = timezone.localdate(now)
        number = sequence_next(RequestSequence, day=day)
        request = DataSubjectRequest.objects.create(
            code=f"DL-{day:%y%m%d}-{number:04d}",
            user=user,
            kind=kind,
            details=details,
            dossier_code=clean_text(dossier_code)[:40],
            received_at=now,
            due_at=due_for(now),
        )
        _audit(request, "privacy.request_received", user, request_kind=kind)
        _notify(request, "privacy.request_received")
    return request


def request_answer(
    *, actor: Any, request: DataSubjectRequest, answer: str, refuse: bool = False, expected_version: int | None = None
) -> DataSubjectRequest:
    """Answer (or refuse with reasons) an open request once; a concurrent answer gets 'changed meanwhile'."""
    answer = clean_text(answer, multiline=True)
    if not answer:
        raise DossierError(_("Write the answer (or the reasons for refusing)."), field="answer")
    state = RequestState.REFUSED if refuse else RequestState.DONE
    with transaction.atomic():
        version = request.version if expected_version is None else expected_version
        updated = DataSubjectRequest.objects.filter(pk=request.pk, state=RequestState.OPEN, version=version).update(
            state=state,
            answer=answer[:DETAILS_MAX],
            answered_at=timezone.now(),
            answered_by=actor,
            version=F("version") + 1,
        )
        if not updated:
            raise StaleDossier(_("This request was answered by someone else meanwhile. Reload the page."))
        request.refresh_from_db()
        _audit(request, "privacy.request_answered", actor, late=request.late)
        _notify(request, "privacy.request_answered")
    return request
