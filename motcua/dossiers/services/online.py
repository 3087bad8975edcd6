"""Online intake (lifecycle.md §1, §3): the applicant's draft, submission with a code, the desk's check
(accept, one complete return for completion, refusal) and the applicant's resubmission.

The clock of an accepted online dossier starts at the submission time of the accepted version
(deadlines.md §4), normalised to the next working period, not at the moment the desk accepts.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.calendars.engine import due_compute, transfer_due
from motcua.catalog.choices import OnlineLevel
from motcua.catalog.models import ProcedureVersion
from motcua.core.text import fold
from motcua.org.choices import DeskKind, Role
from motcua.org.models import Agency, Desk
from motcua.payments.choices import DueAt
from motcua.payments.services.fees import fee_lines_sync, fees_required

from ..choices import ApplicantKind, Channel, IdType, ReturnMethod, State, SupplementPhase
from ..codes import code_allocate, register_allocate
from ..deadline import DUE_FIELDS, cutoff, due_store, wt_for
from ..errors import ActionNotAllowed, DossierError, NotPermitted
from ..forms import form_issue
from ..models import Dossier, DossierComponent, SupplementRequest
from ..policy import capacity_for, desk_officer_for, desk_officer_required
from ._base import dossier_lock, dossier_save, history_append
from .intake import competent_agency_for, version_for_intake
from .online_checks import mark_received, submission_errors
from .online_files import store_add_uploads
from .plan import tasks_create
from .workflow import dossier_forward

EDITABLE_STATES = (State.DRAFT, State.RETURNED_FOR_COMPLETION)
APPLICANT_FIELDS = (
    "applicant_kind",
    "applicant_name",
    "organisation_name",
    "id_type",
    "id_number",
    "birth_date",
    "phone",
    "email",
    "address",
    "subject",
)


class SubmissionInvalid(DossierError):  # noqa: N818 - named for what the user is told
    """Everything that stops a submission, by field, so the applicant fixes it in one go."""

    code = "submission_invalid"

    def __init__(self, errors: dict[str, list[str]]) -> None:
        self.errors = errors
        first = next(iter(errors.values()))[0]
        super().__init__(_("The application is not complete: %(first)s") % {"first": first}, field=next(iter(errors)))


def online_desks(version: ProcedureVersion) -> list[Desk]:
    """Desks that receive this procedure online: those of a deciding agency or of its parent (the
    provincial centre receives for the provincial departments)."""
    agencies = list(version.agencies.all())
    ids = {a.pk for a in agencies} | {a.parent_id for a in agencies if a.parent_id}
    desks = Desk.objects.filter(is_active=True, agency_id__in=ids).select_related("agency")
    # The main centre first (it is what a citizen means by "the centre"), then its branches and desks.
    order: dict[str, int] = {DeskKind.PROVINCIAL_CENTRE: 0, DeskKind.BRANCH: 1}
    return sorted(desks, key=lambda desk: (order.get(desk.kind, 2), desk.name))


def version_for_online(version: ProcedureVersion, on: dt.date) -> None:
    version_for_intake(version, on, Channel.ONLINE)
    if version.online_level not in (OnlineLevel.PARTIAL, OnlineLevel.FULL):
        raise DossierError(_("This procedure cannot be submitted online."), code="not_online", field="procedure")


def own(applicant: Any, dossier: Dossier) -> None:
    """The applicant acts only on their own dossier; anything else looks like a missing one."""
    if not getattr(applicant, "is_authenticated", False) or dossier.applicant_id != applicant.pk:
        raise NotPermitted()


def dossier_draft_start(
    *,
    applicant: Any,
    version: ProcedureVersion,
    desk: Desk,
    competent_agency: Agency | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """A new draft pre-filled from the applicant's profile, with the procedure's checklist lines."""
    now = at or timezone.now()
    version_for_online(version, timezone.localdate(now))
    if desk not in online_desks(version):
        raise DossierError(_("This desk does not receive the procedure online."), field="desk")
    competent = competent_agency_for(version, desk, competent_agency)
    profile = getattr(applicant, "citizen_profile", None)
    level_full = version.online_level == OnlineLevel.FULL
    with transaction.atomic():
        dossier = Dossier.objects.create(
            procedure_version=version,
            desk=desk,
            receiving_agency=desk.agency,
            competent_agency=competent,
            channel=Channel.ONLINE,
            state=State.DRAFT,
            applicant=applicant,
            applicant_kind=getattr(profile, "kind", ApplicantKind.PERSON),
            applicant_name=(applicant.full_name or "")[:200],
            applicant_name_folded=fold(applicant.full_name or "")[:200],
            organisation_name=getattr(profile, "organisation_name", ""),
            id_type=getattr(profile, "id_type", IdType.CCCD),
            id_number=getattr(profile, "id_number", ""),
            birth_date=getattr(profile, "birth_date", None),
            phone=applicant.phone or "",
            email=applicant.email or "",
            address=getattr(profile, "address", ""),
            subject=version.name[:2000],
            return_method=ReturnMethod.ONLINE if level_full else ReturnMethod.COUNTER,
            duration_value=version.time_value,
            duration_unit=version.time_unit,
            supplement_mode=version.supplement_mode,
        )
        DossierComponent.objects.bulk_create(
            DossierComponent(
                dossier=dossier, component=c, order=c.order, name=c.name, required=c.required, received=False
            )
            for c in version.components.order_by("order")
        )
        fee_lines_sync(dossier)
    return dossier


def dossier_draft_update(
    *,
    applicant: Any,
    dossier: Dossier,
    form_data: dict[str, Any] | None = None,
    applicant_fields: dict[str, Any] | None = None,
    return_method: str | None = None,
    return_address: str | None = None,
) -> Dossier:
    """Save what the applicant has so far; checks come at submission, so a half-filled draft saves."""
    with transaction.atomic():
        dossier = dossier_lock(dossier)
        own(applicant, dossier)
        if dossier.state not in EDITABLE_STATES:
            raise ActionNotAllowed()
        fields: list[str] = []
        if form_data is not None:
            dossier.form_data, fields = form_data, [*fields, "form_data"]
        for name, value in (applicant_fields or {}).items():
            if name not in APPLICANT_FIELDS:
                raise DossierError(_("Unknown field."), field=name)
            setattr(dossier, name, value.strip() if isinstance(value, str) else value)
            fields.append(name)
        if "applicant_name" in fields:
            dossier.applicant_name_folded = fold(dossier.applicant_name)[:200]
            fields.append("applicant_name_folded")
        if return_method is not None:
            if return_method not in ReturnMethod.values:
                raise DossierError(_("Choose how to receive the result."), field="return_method")
            dossier.return_method, fields = return_method, [*fields, "return_method"]
        if return_address is not None:
            dossier.return_address, fields = return_address.strip()[:300], [*fields, "return_address"]
        if fields:
            dossier_save(dossier, fields)
        if "applicant_kind" in fields:
            fee_lines_sync(dossier)
    return dossier


def dossier_draft_discard(*, applicant: Any, dossier: Dossier) -> None:
    """A draft was never seen by anyone: it is deleted with its files' rows (the store keeps its own)."""
    with transaction.atomic():
        dossier = dossier_lock(dossier)
        own(applicant, dossier)
        if dossier.state != State.DRAFT:
            raise ActionNotAllowed()
        dossier.delete()


def _submission_record(applicant: Any, ip: str, now: dt.datetime) -> dict[str, Any]:
    profile = getattr(applicant, "citizen_profile", None)
    return {
        "at": now.isoformat(),
        "auth_method": getattr(profile, "auth_method", "password"),
        "identity_verified": bool(getattr(profile, "identity_verified", False)),
        "ip": ip[:45],
    }


def dossier_submit(*, applicant: Any, dossier: Dossier, ip: str = "", at: dt.datetime | None = None) -> Dossier:
    """draft → submitted (– → 1): the dossier gets its code now (documents-and-codes §1) and the
    applicant an acknowledgement; the desk sees it in its online queue."""
    now = at or timezone.now()
    with transaction.atomic():
        dossier = dossier_lock(dossier)
        own(applicant, dossier)
        if dossier.state != State.DRAFT:
            raise ActionNotAllowed()
        version_for_online(dossier.procedure_version, timezone.localdate(now))
        errors = submission_errors(dossier)
        if errors:
            raise SubmissionInvalid(errors)
        if dossier.procedure_version.online_level == OnlineLevel.FULL:  # fee paid if due at submission
            fees_required(dossier, before=DueAt.BEFORE_PROCESSING)
        dossier.code = code_allocate(agency=dossier.desk.agency, day=timezone.localdate(now))
        dossier.state, dossier.submitted_at, dossier.first_submitted_at = State.SUBMITTED, now, now
        dossier.submission = {"submits": [_submission_record(applicant, ip, now)]}
        mark_received(dossier)
        dossier_save(dossier, ["code", "state", "submitted_at", "first_submitted_at", "submission"])
        store_add_uploads(dossier)
        history_append(dossier, action="submit", actor=applicant, at=now, from_state=State.DRAFT)
    return dossier


def _gap_items(items: list[dict[str, str]]) -> list[dict[str, str]]:
    cleaned = [{k: (item.get(k) or "").strip() for k in ("component", "defect", "legal_basis")} for item in items]
    cleaned = [item for item in cleaned if item["component"] or item["defect"]]
    if not cleaned:
        raise DossierError(_("List everything that is missing or must be corrected, in one notice."), field="items")
    if any(not item["defect"] for item in cleaned):
        raise DossierError(_("Say for each item what is missing or wrong."), field="items")
    return cleaned


def _notice(
    dossier: Dossier,
    *,
    key: str,
    action: str,
    actor: Any,
    capacity: Any,
    at: dt.datetime,
    from_state: str,
    items: list[dict[str, str]],
    reason: str,
    legal_basis: str = "",
) -> None:
    """The desk's answer before acceptance: the form listing the items, then its history row."""
    form = form_issue(
        key=key,
        dossier=dossier,
        actor=actor,
        at=at,
        extra={"items": items, "reason": reason, "officer_name": getattr(actor, "full_name", "")},
    )
    history_append(
        dossier,
        action=action,
        actor=actor,
        at=at,
        from_state=from_state,
        capacity=capacity,
        reason=reason,
        legal_basis=legal_basis,
        documents=[{"form": form.pk, "key": form.key}],
        data={"items": items},
    )


def dossier_return_for_completion(
    *,
    actor: Any,
    dossier: Dossier,
    items: list[dict[str, str]],
    reason: str = "",
    expected_version: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """Before acceptance (1 → 1): every gap in one notice, no clock. A second return needs the
    receiving agency's leader and a reason (lifecycle §3)."""
    now = at or timezone.now()
    cleaned = _gap_items(items)
    with transaction.atomic():
        dossier = dossier_lock(dossier, expected_version)
        if dossier.state != State.SUBMITTED:
            raise ActionNotAllowed()
        capacity = desk_officer_for(actor, dossier)
        if dossier.completion_returns >= 1:
            capacity = capacity_for(actor, Role.AGENCY_LEADER, dossier.receiving_agency_id)
            if capacity is None:
                raise NotPermitted(_("A second return for completion needs the desk's leader."))
            if not reason.strip():
                raise DossierError(_("Give the reason for a second return."), field="reason")
        if capacity is None:
            raise NotPermitted()
        SupplementRequest.objects.create(
            dossier=dossier,
            stage="intake",
            phase=SupplementPhase.ISSUED,
            items=cleaned,
            reason=reason.strip(),
            issued_by=actor,
            issued_at=now,
        )
        dossier.state = State.RETURNED_FOR_COMPLETION
        dossier.completion_returns += 1
        dossier_save(dossier, ["state", "completion_returns"])
        _notice(
            dossier,
            key="supplement_request",
            action="return_for_completion",
            actor=actor,
            capacity=capacity,
            at=now,
            from_state=State.SUBMITTED,
            items=cleaned,
            reason=reason,
        )
    return dossier


def dossier_resubmit(
    *, applicant: Any, dossier: Dossier, note: str = "", ip: str = "", at: dt.datetime | None = None
) -> Dossier:
    """returned_for_completion → submitted: the new version's submission time is the one that counts."""
    now = at or timezone.now()
    with transaction.atomic():
        dossier = dossier_lock(dossier)
        own(applicant, dossier)
        if dossier.state != State.RETURNED_FOR_COMPLETION:
            raise ActionNotAllowed()
        errors = submission_errors(dossier)
        if errors:
            raise SubmissionInvalid(errors)
        dossier.state, dossier.submitted_at = State.SUBMITTED, now
        dossier.submission = {
            **dossier.submission,
            "submits": [*dossier.submission.get("submits", []), _submission_record(applicant, ip, now)],
        }
        mark_received(dossier)
        dossier_save(dossier, ["state", "submitted_at", "submission"])
        dossier.supplements.filter(stage="intake", phase=SupplementPhase.ISSUED).update(
            phase=SupplementPhase.COMPLETE, answer=note.strip(), answered_at=now, completed_at=now
        )
        store_add_uploads(dossier)
        history_append(
            dossier, action="resubmit", actor=applicant, at=now, from_state=State.RETURNED_FOR_COMPLETION, reason=note
        )
    return dossier


def dossier_accept(
    *,
    actor: Any,
    dossier: Dossier,
    forward: bool = True,
    expected_version: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """The desk accepts an online dossier (1 → 2, then forwarded at once: lifecycle §3 'automatic for
    online'). Due date from the submission time of this version; register entry and Mẫu 01."""
    now = at or timezone.now()
    with transaction.atomic():
        dossier = dossier_lock(dossier, expected_version)
        if dossier.state != State.SUBMITTED:
            raise ActionNotAllowed()
        capacity = desk_officer_required(actor, dossier)
        submitted = dossier.submitted_at or now
        version = dossier.procedure_version
        wt = wt_for(dossier.desk.agency, timezone.localdate(submitted))
        due = due_compute(
            wt=wt,
            start=submitted,
            value=dossier.duration_value or version.time_value or 0,
            unit=dossier.duration_unit or version.time_unit,
            channel=Channel.ONLINE,
            same_day_cutoff=cutoff(),
        )
        due_store(dossier, due, legal=True, original=True, version=wt.version)
        dossier.state, dossier.received_at, dossier.received_by = State.RECEIVED, now, actor
        dossier.register_year = timezone.localdate(now).year
        dossier.register_no = register_allocate(desk=dossier.desk, year=dossier.register_year)
        dossier_save(
            dossier,
            ["state", "received_at", "received_by", "register_year", "register_no", "calendar_version", *DUE_FIELDS],
        )
        tasks_create(
            dossier,
            actor=actor,
            at=now,
            first_due=transfer_due(
                wt=wt_for(dossier.desk.agency),
                accepted_at=now,
                cutoff=cutoff(),
                next_day_offset_minutes=settings.MOTCUA.get("PAPER_TRANSFER_NEXT_DAY_OFFSET_MINUTES", 60),
            ),
        )
        form = form_issue(key="receipt", dossier=dossier, actor=actor, at=now)
        history_append(
            dossier,
            action="receive",
            actor=actor,
            at=now,
            from_state=State.SUBMITTED,
            capacity=capacity,
            due_after=dossier.due_at,
            documents=[{"form": form.pk, "key": "receipt"}],
            data={"channel": Channel.ONLINE, "register_no": dossier.register_no, "submitted_at": submitted.isoformat()},
        )
        if forward:
            dossier = dossier_forward(
                actor=actor, dossier=dossier, note=_("Online dossier forwarded on acceptance"), at=now
            )
    return dossier


def dossier_refuse_online(
    *,
    actor: Any,
    dossier: Dossier,
    items: list[dict[str, str]],
    reason: str = "",
    expected_version: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """Not accepted (1 → 3) with reasons and legal grounds (Mẫu 03); the code stays with the dossier."""
    now = at or timezone.now()
    cleaned = [{k: (i.get(k) or "").strip() for k in ("reason", "legal_basis")} for i in items]
    cleaned = [i for i in cleaned if i["reason"]]
    if not cleaned or any(not i["legal_basis"] for i in cleaned):
        raise DossierError(_("Give each reason for refusal with its legal ground."), field="items")
    with transaction.atomic():
        dossier = dossier_lock(dossier, expected_version)
        if dossier.state not in (State.SUBMITTED, State.RETURNED_FOR_COMPLETION):
            raise ActionNotAllowed()
        capacity = desk_officer_required(actor, dossier)
        before = dossier.state
        dossier.state, dossier.finished_at = State.NOT_ACCEPTED, now
        dossier_save(dossier, ["state", "finished_at"])
        _notice(
            dossier,
            key="intake_refusal",
            action="refuse_intake",
            actor=actor,
            capacity=capacity,
            at=now,
            from_state=before,
            items=cleaned,
            reason=reason,
            legal_basis="; ".join(i["legal_basis"] for i in cleaned),
        )
    return dossier
