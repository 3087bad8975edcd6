"""Writes of feedback (PAKN, services.md §5). One transaction per stage: lock the row, check the
state, write the stage, an event row, the audit event, and the sender's notice after commit.

A stage done after its legal limit marks the feedback `late` (evaluation indicator 8, 766 item 5.2).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.identifiers import normalise_email, normalise_phone
from motcua.audit.services import audit_record
from motcua.core.text import clean_text
from motcua.dossiers.codes import sequence_next
from motcua.dossiers.errors import ActionNotAllowed, DossierError, StaleDossier
from motcua.dossiers.uploads import CheckedFile
from motcua.notifications.services import outbox_enqueue
from motcua.org.models import Agency

from .choices import FeedbackAbout, FeedbackCategory, FeedbackSource, FeedbackState
from .models import Feedback, FeedbackAttachment, FeedbackEvent, FeedbackSequence, FeedbackVote
from .pakn_deadlines import due_after

MAX_FILES = 5
SUBJECT_MAX = 300
CONTENT_MAX = 10_000


@dataclass(frozen=True)
class Sender:
    name: str
    phone: str = ""
    email: str = ""
    address: str = ""
    user: Any = None


def _code(agency: Agency, day: dt.date) -> str:
    number = sequence_next(FeedbackSequence, agency=agency, day=day)
    return f"PA-{agency.code}-{day:%y%m%d}-{number:04d}"


def _clean_sender(sender: Sender) -> Sender:
    name = clean_text(sender.name)[:200]
    if not name:
        raise DossierError(_("Enter your name."), field="sender_name")
    phone = normalise_phone(sender.phone) if sender.phone else ""
    if sender.phone and not phone:
        raise DossierError(_("Enter a valid phone number."), field="sender_phone")
    email = normalise_email(sender.email) if sender.email else ""
    if sender.email and not email:
        raise DossierError(_("Enter a valid e-mail address."), field="sender_email")
    if not phone and not email:
        raise DossierError(
            _("Enter a phone number or an e-mail address so that we can answer you."), field="sender_phone"
        )
    return Sender(name, phone or "", email or "", clean_text(sender.address)[:300], sender.user)


def _clean_text(subject: str, content: str) -> tuple[str, str]:
    subject = clean_text(subject)
    content = clean_text(content, multiline=True)
    if not subject:
        raise DossierError(_("Enter a subject."), field="subject")
    if not content:
        raise DossierError(_("Describe your feedback."), field="content")
    if len(subject) > SUBJECT_MAX or len(content) > CONTENT_MAX:
        raise DossierError(_("The text is too long."), field="content")
    return subject, content


def _deadlines(feedback: Feedback, start: dt.datetime) -> None:
    feedback.clock_start = start
    feedback.refuse_due = due_after(agency_id=feedback.agency_id, start=start, stage="refuse")
    feedback.supplement_due = due_after(agency_id=feedback.agency_id, start=start, stage="supplement")
    feedback.answer_due = due_after(agency_id=feedback.agency_id, start=start, stage="answer")


def _event(feedback: Feedback, action: str, actor: Any, at: dt.datetime, note: str = "", late: bool = False) -> None:
    FeedbackEvent.objects.create(
        feedback=feedback,
        action=action,
        state=feedback.state,
        actor=actor,
        agency_id=feedback.agency_id,
        at=at,
        note=note,
        late=late,
    )
    audit_record(
        chain=f"feedback:{feedback.pk}",
        kind=f"feedback.{action}",
        object_type="feedback.feedback",
        object_id=feedback.pk,
        actor=actor,
        data={"state": feedback.state, "late": late},
        at=at,
    )


def _notify(feedback: Feedback, event: str) -> None:
    base = str(settings.MOTCUA.get("PUBLIC_BASE_URL", "")).rstrip("/")
    payload = {
        "name": feedback.sender_name,
        "code": feedback.code,
        "subject": feedback.subject,
        "agency": feedback.agency.name,
        "link": base + reverse("feedback_public:follow", args=[feedback.code]),
        "agency_id": feedback.agency_id,
    }
    recipients = [("sms", feedback.sender_phone), ("email", feedback.sender_email)]
    outbox_enqueue(
        event=event,
        event_key=f"{event}:{feedback.pk}:{feedback.updated_at.timestamp()}",
        recipients=recipients,
        payload=payload,
    )


def _attach(feedback: Feedback, files: Iterable[CheckedFile], at: dt.datetime, from_staff: bool = False) -> None:
    files = list(files)
    if feedback.attachments.count() + len(files) > MAX_FILES:
        raise DossierError(_("At most %(n)s files can be attached.") % {"n": MAX_FILES}, field="files")
    for checked in files:
        attachment = FeedbackAttachment(
            feedback=feedback,
            name=checked.original_name,
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
            from_staff=from_staff,
            uploaded_at=at,
        )
        attachment.file.save(checked.safe_name, ContentFile(checked.data), save=False)
        attachment.save()


def feedback_submit(
    *,
    agency: Agency,
    sender: Sender,
    subject: str,
    content: str,
    about: str = FeedbackAbout.OTHER,
    source: str = FeedbackSource.PORTAL,
    dossier: Any = None,
    procedure: Any = None,
    field: Any = None,
    parent: Feedback | None = None,
    files: Iterable[CheckedFile] = (),
    actor: Any = None,
    at: dt.datetime | None = None,
) -> Feedback:
    """A new feedback, from the portal (with or without an account) or keyed in by staff (counter,
    hotline, box…). Its code is gap-free per agency and day; the sender gets the code."""
    now = at or timezone.now()
    who = _clean_sender(sender)
    subject, content = _clean_text(subject, content)
    if source not in FeedbackSource.values or about not in FeedbackAbout.values:
        raise DossierError(_("Choose from the list."), field="source")
    with transaction.atomic():
        feedback = Feedback(
            code=_code(agency, timezone.localdate(now)),
            agency=agency,
            source=source,
            about=about,
            subject=subject,
            content=content,
            sender_name=who.name,
            sender_phone=who.phone,
            sender_email=who.email,
            sender_address=who.address,
            sender_user=who.user if getattr(who.user, "is_authenticated", False) else None,
            dossier=dossier,
            procedure=procedure,
            field=field,
            parent=parent,
            received_at=now,
            updated_at=now,
        )
        _deadlines(feedback, now)
        feedback.save()
        _attach(feedback, files, now)
        _event(feedback, "submit", actor, now)
        _notify(feedback, "feedback.received")
    return feedback


def _locked(feedback: Feedback, expected: Iterable[str], seen_state: str | None) -> Feedback:
    locked = Feedback.objects.select_for_update(of=("self",)).select_related("agency").get(pk=feedback.pk)
    if seen_state is not None and locked.state != seen_state:
        raise StaleDossier(_("This feedback was changed by someone else meanwhile. Reload the page and try again."))
    if locked.state not in expected:
        raise ActionNotAllowed(_("This step is not possible in the feedback's current state."))
    return locked


def _transition(
    feedback: Feedback,
    *,
    expected: Iterable[str],
    to: str,
    action: str,
    actor: Any,
    at: dt.datetime | None,
    seen_state: str | None,
    due_field: str | None,
    note: str = "",
    notify: str | None = None,
    **changes: Any,
) -> Feedback:
    now = at or timezone.now()
    with transaction.atomic():
        locked = _locked(feedback, expected, seen_state)
        late = due_field is not None and now > getattr(locked, due_field)
        locked.state = to
        for name, value in changes.items():
            setattr(locked, name, value(now) if callable(value) else value)
        locked.late = locked.late or late
        locked.updated_at = now
        locked.save()
        _event(locked, action, actor, now, note, late)
        if notify:
            _notify(locked, notify)
    return locked


def _reason(text: str, field: str) -> str:
    text = (text or "").strip()
    if not text:
        raise DossierError(_("Write the reason or the text for the sender."), field=field)
    return text[:CONTENT_MAX]


def feedback_refuse(
    *, feedback: Feedback, actor: Any, reason: str, at: dt.datetime | None = None, seen_state: str | None = None
) -> Feedback:
    """Not accepted (out of scope, anonymous abuse, already answered…), within 2 working days."""
    text = _reason(reason, "reason")
    return _transition(
        feedback,
        expected=(FeedbackState.RECEIVED,),
        to=FeedbackState.REFUSED,
        action="refuse",
        actor=actor,
        at=at,
        seen_state=seen_state,
        due_field="refuse_due",
        note=text,
        notify="feedback.refused",
        refusal_reason=text,
        closed_at=lambda now: now,
    )


def feedback_request_supplement(
    *, feedback: Feedback, actor: Any, request: str, at: dt.datetime | None = None, seen_state: str | None = None
) -> Feedback:
    """Ask the sender for more information (within 5 working days); their answer restarts the clock."""
    text = _reason(request, "request")
    return _transition(
        feedback,
        expected=(FeedbackState.RECEIVED,),
        to=FeedbackState.SUPPLEMENT_REQUESTED,
        action="request_supplement",
        actor=actor,
        at=at,
        seen_state=seen_state,
        due_field="supplement_due",
        note=text,
        notify="feedback.supplement_requested",
        supplement_request=text,
    )


def feedback_supplement(
    *, feedback: Feedback, text: str, files: Iterable[CheckedFile] = (), at: dt.datetime | None = None
) -> Feedback:
    """The sender adds what was asked; the feedback is received again and its limits run from now."""
    now = at or timezone.now()
    body = _reason(text, "text")
    with transaction.atomic():
        locked = _locked(feedback, (FeedbackState.SUPPLEMENT_REQUESTED,), None)
        locked.content = f"{locked.content}\n\n— {_('Added on')} {timezone.localtime(now):%d/%m/%Y %H:%M}:\n{body}"[
            : CONTENT_MAX * 2
        ]
        locked.state = FeedbackState.RECEIVED
        _deadlines(locked, now)
        locked.updated_at = now
        locked.save()
        _attach(locked, files, now)
        _event(locked, "supplement", None, now, body)
    return locked


def feedback_accept(
    *, feedback: Feedback, actor: Any, at: dt.datetime | None = None, seen_state: str | None = None
) -> Feedback:
    return _transition(
        feedback,
        expected=(FeedbackState.RECEIVED,),
        to=FeedbackState.ACCEPTED,
        action="accept",
        actor=actor,
        at=at,
        seen_state=seen_state,
        due_field="refuse_due",
    )


def feedback_assign(
    *, feedback: Feedback, actor: Any, assignee: Any, at: dt.datetime | None = None, seen_state: str | None = None
) -> Feedback:
    from motcua.org.selectors import visible_agency_ids

    ids = visible_agency_ids(assignee)
    if assignee is None or (ids is not None and feedback.agency_id not in ids):
        raise DossierError(_("Choose an officer of the handling agency."), field="assignee")
    return _transition(
        feedback,
        expected=(FeedbackState.ACCEPTED, FeedbackState.ASSIGNED),
        to=FeedbackState.ASSIGNED,
        action="assign",
        actor=actor,
        at=at,
        seen_state=seen_state,
        due_field=None,
        note=str(assignee),
        assignee=assignee,
    )


def feedback_classify(
    *,
    feedback: Feedback,
    actor: Any,
    category: str,
    founded: bool | None = None,
    field: Any = None,
    dossier: Any = None,
    officer: Any = None,
    at: dt.datetime | None = None,
) -> Feedback:
    """Category, field, founded or not, and the dossier and officer it concerns (feeds indicator 7)."""
    if category not in FeedbackCategory.values:
        raise DossierError(_("Choose a category."), field="category")
    now = at or timezone.now()
    with transaction.atomic():
        locked = _locked(feedback, [s for s in FeedbackState.values if s != FeedbackState.REFUSED], None)
        locked.category, locked.founded, locked.updated_at = category, founded, now
        locked.field = field if field is not None else locked.field
        locked.dossier = dossier if dossier is not None else locked.dossier
        locked.officer = officer if officer is not None else locked.officer
        locked.save()
        _event(locked, "classify", actor, now, f"{category} founded={founded}")
    return locked


def feedback_answer(
    *,
    feedback: Feedback,
    actor: Any,
    answer: str,
    founded: bool | None = None,
    files: Iterable[CheckedFile] = (),
    at: dt.datetime | None = None,
    seen_state: str | None = None,
) -> Feedback:
    """The answer (within 15 working days); publication is due 2 working days later."""
    text = _reason(answer, "answer")
    now = at or timezone.now()
    changes: dict[str, Any] = {
        "answer": text,
        "answered_at": now,
        "answered_by": actor,
        "publish_due": due_after(agency_id=feedback.agency_id, start=now, stage="publish"),
    }
    if founded is not None:
        changes["founded"] = founded
    answered = _transition(
        feedback,
        expected=(FeedbackState.ACCEPTED, FeedbackState.ASSIGNED),
        to=FeedbackState.ANSWERED,
        action="answer",
        actor=actor,
        at=now,
        seen_state=seen_state,
        due_field="answer_due",
        notify="feedback.answered",
        **changes,
    )
    if files:
        _attach(answered, files, now, from_staff=True)
    return answered


def feedback_publish(
    *, feedback: Feedback, actor: Any, at: dt.datetime | None = None, seen_state: str | None = None
) -> Feedback:
    """The answer goes on the public list, without the sender's personal data."""
    return _transition(
        feedback,
        expected=(FeedbackState.ANSWERED,),
        to=FeedbackState.PUBLISHED,
        action="publish",
        actor=actor,
        at=at,
        seen_state=seen_state,
        due_field="publish_due",
        published_at=lambda now: now,
    )


def feedback_close(
    *, feedback: Feedback, actor: Any, at: dt.datetime | None = None, seen_state: str | None = None
) -> Feedback:
    return _transition(
        feedback,
        expected=(FeedbackState.ANSWERED, FeedbackState.PUBLISHED),
        to=FeedbackState.CLOSED,
        action="close",
        actor=actor,
        at=at,
        seen_state=seen_state,
        due_field=None,
        closed_at=lambda now: now,
    )


def feedback_forward(
    *,
    feedback: Feedback,
    actor: Any,
    to: Agency,
    note: str = "",
    at: dt.datetime | None = None,
    seen_state: str | None = None,
) -> Feedback:
    """Send it to the competent agency: its limits run from the forwarding there; same code."""
    now = at or timezone.now()
    if to.pk == feedback.agency_id:
        raise DossierError(_("Choose another agency."), field="to")
    with transaction.atomic():
        locked = _locked(feedback, (FeedbackState.RECEIVED, FeedbackState.ACCEPTED, FeedbackState.ASSIGNED), seen_state)
        _event(locked, "forward", actor, now, f"→ {to.name}. {note}".strip())
        locked.forwarded_from_id, locked.agency = locked.agency_id, to
        locked.state, locked.assignee = FeedbackState.RECEIVED, None
        _deadlines(locked, now)
        locked.updated_at = now
        locked.save()
        _event(locked, "receive_forwarded", actor, now)
    return locked


def feedback_vote(*, feedback: Feedback, voter: str, liked: bool, at: dt.datetime | None = None) -> Feedback:
    """Like or dislike a published answer, once per voter; a second vote changes the first."""
    now = at or timezone.now()
    if feedback.state not in (FeedbackState.PUBLISHED, FeedbackState.CLOSED) or not feedback.published_at:
        raise ActionNotAllowed(_("Only published answers can be rated."))
    with transaction.atomic():
        Feedback.objects.select_for_update(of=("self",)).filter(pk=feedback.pk).first()
        vote = FeedbackVote.objects.filter(feedback=feedback, voter=voter[:64]).first()
        if vote is None:
            FeedbackVote.objects.create(feedback=feedback, voter=voter[:64], liked=liked, at=now)
        elif vote.liked != liked:
            vote.liked, vote.at = liked, now
            vote.save(update_fields=["liked", "at"])
        counts = FeedbackVote.objects.filter(feedback=feedback)
        Feedback.objects.filter(pk=feedback.pk).update(
            likes=counts.filter(liked=True).count(), dislikes=counts.filter(liked=False).count()
        )
    return Feedback.objects.get(pk=feedback.pk)
