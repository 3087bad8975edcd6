"""The result: issued by the clerk (→ 9, the end time for classification), then returned (→ 10)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.calendars.engine import classify_finished
from motcua.catalog.choices import StepRole
from motcua.payments.services.fees import fees_required

from ..choices import Outcome, ReturnMethod, ReturnPhase, State, TaskStatus
from ..errors import ActionNotAllowed, DossierError, NotPermitted
from ..models import Attachment, Dossier
from ..policy import desk_officer_for, task_capacity
from ..uploads import CheckedFile
from ._base import dossier_lock, dossier_save, history_append
from .online_files import store_add_result
from .plan import hand_on, task_finish


def attachment_store(dossier: Dossier, checked: CheckedFile, *, kind: str, actor: Any) -> Attachment:
    """Store a checked upload (result, proxy letter) on the dossier."""
    attachment = Attachment(
        dossier=dossier,
        kind=kind,
        original_name=checked.original_name,
        safe_name=checked.safe_name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=actor,
    )
    attachment.file.save(checked.safe_name, ContentFile(checked.data), save=False)
    attachment.save()
    return attachment


def _issuing_task(dossier: Dossier, actor: Any) -> tuple[Any, Any]:
    """The active clerk step, or the leader's step when the template has no clerk."""
    active = list(
        dossier.tasks.select_related("agency", "department", "assignee", "dossier").filter(
            status=TaskStatus.ACTIVE, step_order__isnull=False
        )
    )
    for task in active:
        has_clerk = dossier.tasks.filter(role=StepRole.CLERK).exists()
        if task.role == StepRole.CLERK or (task.role == StepRole.AGENCY_LEADER and not has_clerk):
            capacity = task_capacity(actor, task)
            if capacity is None:
                raise NotPermitted()
            return task, capacity
    raise ActionNotAllowed(_("The result is issued at the clerk's step; the dossier is not there yet."))


def dossier_finish(
    *,
    actor: Any,
    dossier: Dossier,
    result: CheckedFile | None = None,
    content: str = "",
    document_number: str = "",
    reasons: str = "",
    outcome: str = "",
    expected_version: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """Number, sign and release the result (4 → 9). A grant needs the result: an uploaded PDF (`result`)
    or the text of one generated from the template (`content`); either is signed with the deciding
    agency's key (motcua.esign) in this transaction, and nothing is written if signing fails. A
    refusal needs written reasons. An online e-result with nothing owed is published at once (→ 10);
    otherwise the receiving desk returns the result."""
    now = at or timezone.now()
    with transaction.atomic():
        dossier = dossier_lock(dossier, expected_version)
        if dossier.state != State.PROCESSING:
            raise ActionNotAllowed()
        task, capacity = _issuing_task(dossier, actor)
        decided = outcome or dossier.outcome or Outcome.GRANTED
        if decided == Outcome.GRANTED and result is None and not content.strip():
            raise DossierError(_("Attach the signed result document."), field="result")
        if decided == Outcome.REFUSED and not reasons.strip():
            raise DossierError(_("A refusal needs its written reasons."), field="reasons")
        documents: list[dict[str, Any]] = []
        if decided == Outcome.GRANTED:
            from motcua.esign.services import result_issue  # the e-result app builds on this one

            issued = result_issue(
                dossier=dossier, actor=actor, upload=result, content=content, document_number=document_number, at=now
            )
            assert issued.attachment is not None
            documents.append(
                {
                    "attachment": issued.attachment.pk,
                    "sha256": issued.sha256,
                    "number": document_number,
                    "result_document": issued.pk,
                    "result_code": issued.code,
                }
            )
            # The signed file joins the applicant's data store for later dossiers (documents-and-codes §7).
            store_add_result(dossier, issued.attachment, number=document_number)
        elif result is not None:
            attachment = attachment_store(dossier, result, kind="result", actor=actor)
            documents.append({"attachment": attachment.pk, "sha256": result.sha256, "number": document_number})
            store_add_result(dossier, attachment, number=document_number)
        against = dossier.due_date if settings.MOTCUA.get("CLASSIFY_AGAINST_RESCHEDULED") else dossier.legal_due_date
        before = dossier.state
        dossier.state, dossier.outcome, dossier.finished_at = State.DONE, decided, now
        dossier.timeliness = classify_finished(end=now, due_date=against) if against else ""
        e_result = decided == Outcome.GRANTED and dossier.return_method == ReturnMethod.ONLINE
        dossier.return_phase = (
            ReturnPhase.AVAILABLE
            if dossier.return_method == ReturnMethod.COUNTER or e_result
            else ReturnPhase.AWAITING_CONFIRMATION
        )
        dossier_save(dossier, ["state", "outcome", "finished_at", "timeliness", "return_phase"])
        task_finish(dossier, task, actor=actor, at=now, note=document_number)
        hand_on(dossier, task, actor=actor, at=now, note=document_number)
        history_append(
            dossier,
            action="finish",
            actor=actor,
            at=now,
            from_state=before,
            capacity=capacity,
            reason=reasons,
            documents=documents,
            data={"outcome": decided, "timeliness": dossier.timeliness, "number": document_number},
        )
        published = dossier_publish_eresult(dossier=dossier, at=now) if e_result else None
    return published or dossier


def dossier_publish_eresult(*, dossier: Dossier, at: dt.datetime | None = None) -> Dossier | None:
    """Publish a granted online e-result (9 → 10, lifecycle.md §5): once the signed PDF is in the
    applicant's account and data store and nothing is owed. Called at the end of `dossier_finish` and
    by the payments app when the last fee is paid; returns None (and writes nothing) when the dossier is
    not such a result or still owes fees. The system acts: the history row has no actor."""
    from motcua.esign.models import ResultDocument
    from motcua.payments.services.fees import fees_outstanding

    now = at or timezone.now()
    with transaction.atomic():
        dossier = dossier_lock(dossier)
        if (
            dossier.state != State.DONE
            or dossier.outcome != Outcome.GRANTED
            or dossier.return_method != ReturnMethod.ONLINE
        ):
            return None
        issued = ResultDocument.objects.filter(dossier=dossier, revoked_at__isnull=True).order_by("-id").first()
        if issued is None or fees_outstanding(dossier) != 0:
            return None
        before = dossier.state
        dossier.state, dossier.returned_at, dossier.return_phase = State.RETURNED, now, ReturnPhase.HANDED_OVER
        dossier_save(dossier, ["state", "returned_at", "return_phase"])
        for task in dossier.tasks.filter(status=TaskStatus.ACTIVE):
            task_finish(dossier, task, actor=None, at=now)
        history_append(
            dossier,
            action="return_result",
            actor=None,
            at=now,
            from_state=before,
            documents=[{"attachment": issued.attachment_id, "sha256": issued.sha256, "result_document": issued.pk}],
            data={"method": "online", "result_code": issued.code, "sha256": issued.sha256},
        )
    return dossier


def dossier_return_result(
    *,
    actor: Any,
    dossier: Dossier,
    recipient_name: str = "",
    recipient_id: str = "",
    proxy_letter: CheckedFile | None = None,
    tracking_number: str = "",
    expected_version: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """Hand the result over (9 → 10): at the counter the recipient is identified (proxy letter if not the
    applicant); by post the parcel's tracking number is recorded."""
    now = at or timezone.now()
    with transaction.atomic():
        dossier = dossier_lock(dossier, expected_version)
        if dossier.state != State.DONE:
            raise ActionNotAllowed()
        capacity = desk_officer_for(actor, dossier)
        if capacity is None:
            raise NotPermitted()
        fees_required(dossier)  # every fee is paid (or exempt) before the result is handed over
        data = _recipient(dossier, recipient_name, recipient_id, proxy_letter, tracking_number, actor)
        before = dossier.state
        dossier.state, dossier.returned_at, dossier.return_phase = State.RETURNED, now, ReturnPhase.HANDED_OVER
        dossier_save(dossier, ["state", "returned_at", "return_phase"])
        for task in dossier.tasks.filter(status=TaskStatus.ACTIVE):
            task_finish(dossier, task, actor=actor, at=now)
        history_append(
            dossier, action="return_result", actor=actor, at=now, from_state=before, capacity=capacity, data=data
        )
    return dossier


def _recipient(
    dossier: Dossier, name: str, id_number: str, proxy: CheckedFile | None, tracking: str, actor: Any
) -> dict[str, Any]:
    if dossier.return_method == ReturnMethod.POST:
        if not tracking.strip():
            raise DossierError(_("Enter the parcel's tracking number."), field="tracking_number")
        return {"method": "post", "tracking_number": tracking.strip()}
    if dossier.return_method == ReturnMethod.ONLINE:
        return {"method": "online"}
    if not name.strip() or not id_number.strip():
        raise DossierError(_("Enter the recipient's name and ID number."), field="recipient_name")
    is_applicant = id_number.strip() == dossier.id_number
    if not is_applicant and proxy is None:
        raise DossierError(_("The recipient is not the applicant: attach the proxy letter."), field="proxy_letter")
    data: dict[str, Any] = {
        "method": "counter",
        "recipient_name": name.strip(),
        "recipient_id_last4": id_number.strip()[-4:],
        "proxy": not is_applicant,
    }
    if proxy is not None:
        data["proxy_attachment"] = attachment_store(dossier, proxy, kind="proxy", actor=actor).pk
    return data
