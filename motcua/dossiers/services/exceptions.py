"""Departures from the straight path: supplement (once), financial obligation, apology with a new
date (once), stop, withdrawal. Each refuses clearly when the law's limit is reached."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.calendars.engine import apology_last_moment, due_pause, due_reschedule, due_restart
from motcua.catalog.choices import SupplementMode
from motcua.org.choices import Role

from ..choices import OPEN_STATES, State, SupplementPhase, TaskStatus
from ..deadline import DUE_FIELDS, dossier_wt, due_of, due_store
from ..errors import ActionNotAllowed, DossierError
from ..forms import form_issue
from ..models import Dossier, Reschedule, SupplementRequest
from ..policy import desk_officer_required, require
from ._base import dossier_lock, dossier_save, history_append


def _desk(actor: Any, dossier: Dossier) -> Any:
    return desk_officer_required(actor, dossier)


def _receipt_reissue(dossier: Dossier, actor: Any, at: dt.datetime, reason: Any) -> Any:
    """Mẫu 01 again with the new due date (after a supplement or an apology)."""
    return form_issue(key="receipt", dossier=dossier, actor=actor, at=at, extra={"reissue_reason": reason})


def _clean_items(items: list[dict[str, str]]) -> list[dict[str, str]]:
    cleaned = [{k: (item.get(k) or "").strip() for k in ("component", "defect", "legal_basis")} for item in items]
    cleaned = [item for item in cleaned if item["component"] or item["defect"]]
    if not cleaned:
        raise DossierError(_("List every missing or defective item, each with its legal basis."), field="items")
    if any(not item["legal_basis"] for item in cleaned):
        raise DossierError(_("Each item must cite its legal basis."), field="items")
    return cleaned


def dossier_propose_supplement(
    *,
    actor: Any,
    dossier: Dossier,
    items: list[dict[str, str]],
    reason: str = "",
    expected_version: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """The specialist proposes; the desk officer issues (lifecycle §3)."""
    now = at or timezone.now()
    with transaction.atomic():
        dossier = dossier_lock(dossier, expected_version)
        if dossier.state != State.PROCESSING:
            raise ActionNotAllowed()
        capacity = require(actor, (Role.SPECIALIST, Role.DEPARTMENT_HEAD), dossier.competent_agency_id)
        _guard_supplement_limit(dossier)
        SupplementRequest.objects.create(
            dossier=dossier,
            phase=SupplementPhase.PROPOSED,
            items=_clean_items(items),
            reason=reason,
            proposed_by=actor,
            proposed_at=now,
        )
        dossier.supplement_phase = SupplementPhase.PROPOSED
        dossier_save(dossier, ["supplement_phase"])
        history_append(
            dossier,
            action="propose_supplement",
            actor=actor,
            at=now,
            from_state=dossier.state,
            capacity=capacity,
            reason=reason,
        )
    return dossier


def _guard_supplement_limit(dossier: Dossier) -> None:
    if dossier.supplement_count >= dossier.procedure_version.supplement_limit:
        raise ActionNotAllowed(
            _(
                "This dossier has already had its supplement request; the law allows only one. "
                "Refuse with reasons or apologise with a new date instead."
            ),
            code="supplement_limit",
        )


def dossier_request_supplement(
    *,
    actor: Any,
    dossier: Dossier,
    items: list[dict[str, str]] | None = None,
    reason: str = "",
    expected_version: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """Issue Mẫu 02 after acceptance (4 → 5): at most once; late requests (> 3 working days) are flagged."""
    now = at or timezone.now()
    with transaction.atomic():
        dossier = dossier_lock(dossier, expected_version)
        if dossier.state not in (State.RECEIVED, State.PROCESSING):
            raise ActionNotAllowed()
        capacity = _desk(actor, dossier)
        _guard_supplement_limit(dossier)
        proposal = dossier.supplements.filter(stage="processing", phase=SupplementPhase.PROPOSED).last()
        cleaned = _clean_items(items if items else (proposal.items if proposal else []))
        wt = dossier_wt(dossier)
        limit = settings.MOTCUA.get("SUPPLEMENT_EXPECTED_WITHIN_WORKING_DAYS", 3) * 480
        late = wt.minutes_between(dossier.clock_start, now) > limit if dossier.clock_start else False
        request = proposal or SupplementRequest(dossier=dossier)
        request.phase, request.items, request.reason = SupplementPhase.ISSUED, cleaned, reason or request.reason
        request.issued_by, request.issued_at, request.late_request = actor, now, late
        request.clock_mode = dossier.supplement_mode
        request.save()
        before = dossier.state
        dossier.state, dossier.supplement_phase, dossier.paused_at = State.SUPPLEMENT_REQUESTED, "issued", now
        dossier.supplement_count += 1
        dossier_save(dossier, ["state", "supplement_phase", "paused_at", "supplement_count"])
        form = form_issue(
            key="supplement_request",
            dossier=dossier,
            actor=actor,
            at=now,
            extra={
                "items": cleaned,
                "reason": request.reason,
                "officer_name": getattr(actor, "full_name", ""),
                "officer_phone": dossier.desk.phone,
            },
        )
        history_append(
            dossier,
            action="request_supplement",
            actor=actor,
            at=now,
            from_state=before,
            capacity=capacity,
            reason=request.reason,
            documents=[{"form": form.pk, "key": form.key}],
            data={"items": cleaned, "late_request": late, "clock": dossier.supplement_mode},
        )
    return dossier


def dossier_complete_supplement(
    *, actor: Any, dossier: Dossier, note: str = "", expected_version: int | None = None, at: dt.datetime | None = None
) -> Dossier:
    """All items received (5 → 4): restart the full time or resume the paused clock; reissue Mẫu 01."""
    now = at or timezone.now()
    with transaction.atomic():
        dossier = dossier_lock(dossier, expected_version)
        if dossier.state != State.SUPPLEMENT_REQUESTED:
            raise ActionNotAllowed()
        capacity = _desk(actor, dossier)
        wt, due_before = dossier_wt(dossier), dossier.due_at
        who = getattr(actor, "full_name", "")
        if dossier.supplement_mode == SupplementMode.PAUSE:
            due = due_pause(
                wt=wt,
                due=due_of(dossier),
                reason="supplement",
                actor=who,
                paused_from=dossier.paused_at or now,
                resumed_at=now,
                document="Mẫu 02",
            )
        else:
            due = due_restart(
                wt=wt,
                due=due_of(dossier),
                reason="supplement",
                actor=who,
                value=dossier.duration_value or 0,
                unit=dossier.duration_unit,
                restarted_at=now,
                document="Mẫu 02",
            )
        due_store(dossier, due, legal=True)
        dossier.state, dossier.supplement_phase, dossier.paused_at = State.PROCESSING, SupplementPhase.COMPLETE, None
        dossier_save(dossier, ["state", "supplement_phase", "paused_at", *DUE_FIELDS])
        dossier.supplements.filter(
            stage="processing", phase__in=[SupplementPhase.ISSUED, SupplementPhase.APPLICANT_SUBMITTED]
        ).update(phase=SupplementPhase.COMPLETE, completed_at=now)
        form = _receipt_reissue(dossier, actor, now, _("Dossier completed after the supplement request"))
        history_append(
            dossier,
            action="complete_supplement",
            actor=actor,
            at=now,
            from_state=State.SUPPLEMENT_REQUESTED,
            capacity=capacity,
            reason=note,
            documents=[{"form": form.pk, "key": "receipt"}],
            due_before=due_before,
            due_after=dossier.due_at,
        )
    return dossier


def dossier_request_obligation(
    *,
    actor: Any,
    dossier: Dossier,
    amounts: str,
    payee: str,
    expected_version: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """Tax or charges fixed during processing (4 → 6); the clock pauses by default (to confirm)."""
    now = at or timezone.now()
    if not amounts.strip() or not payee.strip():
        raise DossierError(_("Enter the amounts and who they are paid to."), field="amounts")
    with transaction.atomic():
        dossier = dossier_lock(dossier, expected_version)
        if dossier.state != State.PROCESSING:
            raise ActionNotAllowed()
        capacity = require(actor, (Role.DEPARTMENT_HEAD, Role.AGENCY_LEADER), dossier.competent_agency_id)
        dossier.state, dossier.paused_at = State.AWAITING_OBLIGATION, now
        dossier_save(dossier, ["state", "paused_at"])
        history_append(
            dossier,
            action="request_obligation",
            actor=actor,
            at=now,
            from_state=State.PROCESSING,
            capacity=capacity,
            data={"amounts": amounts, "payee": payee},
        )
    return dossier


def dossier_obligation_met(
    *, actor: Any, dossier: Dossier, proof: str, expected_version: int | None = None, at: dt.datetime | None = None
) -> Dossier:
    now = at or timezone.now()
    if not proof.strip():
        raise DossierError(_("Record the proof of payment."), field="proof")
    with transaction.atomic():
        dossier = dossier_lock(dossier, expected_version)
        if dossier.state != State.AWAITING_OBLIGATION:
            raise ActionNotAllowed()
        capacity = _desk(actor, dossier)
        due_before = dossier.due_at
        if settings.MOTCUA.get("OBLIGATION_PAUSES_CLOCK", True) and dossier.paused_at:
            due = due_pause(
                wt=dossier_wt(dossier),
                due=due_of(dossier),
                paused_from=dossier.paused_at,
                resumed_at=now,
                reason="obligation",
                actor=getattr(actor, "full_name", ""),
            )
            due_store(dossier, due, legal=True)
        dossier.state, dossier.paused_at = State.PROCESSING, None
        dossier_save(dossier, ["state", "paused_at", *DUE_FIELDS])
        history_append(
            dossier,
            action="obligation_met",
            actor=actor,
            at=now,
            from_state=State.AWAITING_OBLIGATION,
            capacity=capacity,
            reason=proof,
            due_before=due_before,
            due_after=dossier.due_at,
        )
    return dossier


def dossier_reschedule(
    *,
    actor: Any,
    dossier: Dossier,
    new_date: dt.date,
    reason: str,
    number: str = "",
    expected_version: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """Apology with a later date (Mẫu 04), signed by the processing agency's leader: once, and no later
    than closing on the working day before the current due date. The legal due date does not move."""
    now = at or timezone.now()
    if not reason.strip():
        raise DossierError(_("Give the reason for the delay."), field="reason")
    with transaction.atomic():
        dossier = dossier_lock(dossier, expected_version)
        if dossier.state not in OPEN_STATES:
            raise ActionNotAllowed()
        capacity = require(actor, Role.AGENCY_LEADER, dossier.competent_agency_id)
        if dossier.reschedule_count >= 1:
            raise ActionNotAllowed(
                _("This dossier has already been rescheduled once; a second apology is not allowed."),
                code="reschedule_limit",
            )
        wt = dossier_wt(dossier)
        assert dossier.due_date is not None
        last = apology_last_moment(wt=wt, due_date=dossier.due_date)
        if now > last:
            raise ActionNotAllowed(
                _("Too late to apologise: the apology must be made by %(last)s, the working day before the due date.")
                % {"last": timezone.localtime(last).strftime("%H:%M %d/%m/%Y")},
                code="reschedule_too_late",
            )
        if new_date <= dossier.due_date or not wt.is_working_day(new_date):
            raise DossierError(_("The new date must be a working day after the current due date."), field="new_date")
        old = dossier.due_date
        due = due_reschedule(
            wt=wt,
            due=due_of(dossier),
            new_date=new_date,
            actor=getattr(actor, "full_name", ""),
            document="Mẫu 04",
            reason=reason,
        )
        due_store(dossier, due, legal=False)
        dossier.reschedule_count += 1
        dossier_save(dossier, ["reschedule_count", *DUE_FIELDS])
        Reschedule.objects.create(
            dossier=dossier,
            old_due_date=old,
            new_due_date=new_date,
            reason=reason,
            signed_by=actor,
            registered_by=actor,
            at=now,
        )
        apology = form_issue(
            key="apology",
            dossier=dossier,
            actor=actor,
            at=now,
            extra={
                "number": number,
                "reason": reason,
                "old_due_date": old.isoformat(),
                "new_due_date": new_date.isoformat(),
                "signer_name": getattr(actor, "full_name", ""),
                "agency_name": dossier.competent_agency.name,
            },
        )
        receipt = _receipt_reissue(dossier, actor, now, _("New appointment after an apology"))
        history_append(
            dossier,
            action="reschedule",
            actor=actor,
            at=now,
            from_state=dossier.state,
            capacity=capacity,
            reason=reason,
            due_after=dossier.due_at,
            documents=[{"form": apology.pk, "key": "apology"}, {"form": receipt.pk, "key": "receipt"}],
            data={"old_due_date": old.isoformat(), "new_due_date": new_date.isoformat()},
        )
    return dossier


def _end(dossier: Dossier, state: str, now: dt.datetime) -> None:
    """Stop or withdrawal: a terminal state, the end time for the statistics, no step left running."""
    dossier.state, dossier.finished_at, dossier.paused_at = state, now, None
    dossier_save(dossier, ["state", "finished_at", "paused_at"])
    dossier.tasks.filter(status__in=[TaskStatus.ACTIVE, TaskStatus.WAITING]).update(
        status=TaskStatus.CANCELLED, finished_at=now
    )


def dossier_stop(
    *,
    actor: Any,
    dossier: Dossier,
    reason: str,
    legal_basis: str,
    originals_and_fees: str = "",
    expected_version: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """The agency stops processing (→ 8) with a legal ground and the stop notice."""
    now = at or timezone.now()
    if not reason.strip() or not legal_basis.strip():
        raise DossierError(_("Give the reason and the legal ground for stopping."), field="reason")
    with transaction.atomic():
        dossier = dossier_lock(dossier, expected_version)
        if dossier.state not in (State.PROCESSING, State.SUPPLEMENT_REQUESTED, State.AWAITING_OBLIGATION):
            raise ActionNotAllowed()
        capacity = require(actor, Role.AGENCY_LEADER, dossier.competent_agency_id)
        before = dossier.state
        _end(dossier, State.STOPPED, now)
        form = form_issue(
            key="stop_notice",
            dossier=dossier,
            actor=actor,
            at=now,
            extra={
                "reason": reason,
                "legal_basis": legal_basis,
                "originals_and_fees": originals_and_fees,
                "signer_name": getattr(actor, "full_name", ""),
            },
        )
        history_append(
            dossier,
            action="stop",
            actor=actor,
            at=now,
            from_state=before,
            capacity=capacity,
            reason=reason,
            legal_basis=legal_basis,
            documents=[{"form": form.pk, "key": "stop_notice"}],
        )
    return dossier


def dossier_withdraw(
    *,
    actor: Any,
    dossier: Dossier,
    request_text: str,
    originals_taken_by: str = "",
    expected_version: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """Withdrawal on the applicant's written request, registered by the desk (→ 7), before the result."""
    now = at or timezone.now()
    if not request_text.strip():
        raise DossierError(_("Record the applicant's request."), field="request_text")
    with transaction.atomic():
        dossier = dossier_lock(dossier, expected_version)
        if dossier.state not in OPEN_STATES:
            raise ActionNotAllowed(_("A dossier can be withdrawn only before its result is ready."))
        capacity = _desk(actor, dossier)
        before = dossier.state
        _end(dossier, State.WITHDRAWN, now)
        form = form_issue(
            key="withdrawal",
            dossier=dossier,
            actor=actor,
            at=now,
            extra={"request_text": request_text, "originals_taken_by": originals_taken_by},
        )
        history_append(
            dossier,
            action="withdraw",
            actor=actor,
            at=now,
            from_state=before,
            capacity=capacity,
            reason=request_text,
            documents=[{"form": form.pk, "key": "withdrawal"}],
        )
    return dossier
