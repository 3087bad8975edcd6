"""Moving a dossier through its steps: forward from the desk, complete or send back a step, consult
other agencies (liên thông) and take their answers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.calendars.engine import step_due
from motcua.catalog.choices import StepRole
from motcua.org.choices import Role
from motcua.org.models import Agency, RoleAssignment

from ..choices import ConsultMode, Outcome, ParticipationRole, State, TaskStatus
from ..deadline import wt_for
from ..errors import ActionNotAllowed, DossierError, NotPermitted
from ..forms import form_issue
from ..models import Dossier, Participation, Task
from ..policy import desk_officer_for, task_capacity
from ._base import dossier_lock, dossier_save, handover_append, history_append
from .plan import hand_on, label, task_finish

PROCESSING_ROLES = (StepRole.DEPARTMENT_HEAD, StepRole.SPECIALIST, StepRole.AGENCY_LEADER)


def _active_task(dossier: Dossier, task_id: int) -> Task:
    task = dossier.tasks.select_related("agency", "department", "assignee", "dossier").filter(pk=task_id).first()
    if task is None or task.status != TaskStatus.ACTIVE:
        raise ActionNotAllowed(_("This step is not in progress any more. Reload the page."), code="stale")
    return task


def _task_capacity(actor: Any, task: Task) -> RoleAssignment:
    capacity = task_capacity(actor, task)
    if capacity is None:
        raise NotPermitted()
    return capacity


def dossier_forward(
    *, actor: Any, dossier: Dossier, note: str = "", expected_version: int | None = None, at: dt.datetime | None = None
) -> Dossier:
    """Desk → competent agency (2 → 4); prints a transfer slip when another agency decides (liên thông)."""
    now = at or timezone.now()
    with transaction.atomic():
        dossier = dossier_lock(dossier, expected_version)
        if dossier.state != State.RECEIVED:
            raise ActionNotAllowed()
        capacity = desk_officer_for(actor, dossier)
        if capacity is None:
            raise NotPermitted()
        task = dossier.tasks.filter(status=TaskStatus.ACTIVE, role=StepRole.DESK_OFFICER).first()
        before = dossier.state
        dossier.state = State.PROCESSING
        dossier_save(dossier, ["state"])
        documents = []
        if task is not None:
            task_finish(dossier, task, actor=actor, at=now, note=note)
            nxt = hand_on(dossier, task, actor=actor, at=now, note=note)
            if dossier.competent_agency_id != dossier.receiving_agency_id:
                form = form_issue(
                    key="transfer_slip",
                    dossier=dossier,
                    actor=actor,
                    at=now,
                    extra={
                        "from_agency": dossier.receiving_agency.name,
                        "to_agency": dossier.competent_agency.name,
                        "task": "; ".join(t.name for t in nxt) or note,
                        "step_due_at": nxt[0].due_at.isoformat() if nxt and nxt[0].due_at else None,
                    },
                )
                documents.append({"form": form.pk, "key": "transfer_slip"})
        history_append(
            dossier,
            action="forward",
            actor=actor,
            at=now,
            from_state=before,
            capacity=capacity,
            reason=note,
            documents=documents,
        )
    return dossier


def task_complete(
    *,
    actor: Any,
    dossier: Dossier,
    task_id: int,
    note: str = "",
    assignee: Any = None,
    decision: str = "",
    expected_version: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """Finish an assignment, appraisal, review or approval step and start the next one.

    A department head assigning the dossier may name the specialist (`assignee`); the leader's
    approval carries the decision (granted or refused) that the clerk then issues.
    """
    now = at or timezone.now()
    with transaction.atomic():
        dossier = dossier_lock(dossier, expected_version)
        if dossier.state != State.PROCESSING:
            raise ActionNotAllowed()
        task = _active_task(dossier, task_id)
        if task.role not in PROCESSING_ROLES:
            raise ActionNotAllowed(_("This step is finished with its own action."))
        capacity = _task_capacity(actor, task)
        if task.role == StepRole.SPECIALIST and _open_consultations(dossier):
            raise ActionNotAllowed(_("Wait for the answers of the consulted agencies first."))
        if assignee is not None and not _is_specialist_of(assignee, task.agency_id):
            raise DossierError(_("Choose a specialist of this agency."), field="assignee")
        if decision and decision not in Outcome.values:
            raise DossierError(_("Unknown decision."), field="decision")
        if task.role == StepRole.AGENCY_LEADER:
            dossier.outcome = decision or Outcome.GRANTED
            dossier_save(dossier, ["outcome"])
        else:
            dossier_save(dossier, [])
        task_finish(dossier, task, actor=actor, at=now, note=note)
        nxt = hand_on(dossier, task, actor=actor, at=now, note=note, assignee=assignee)
        history_append(
            dossier,
            action="step_complete",
            actor=actor,
            at=now,
            from_state=dossier.state,
            capacity=capacity,
            reason=note,
            data={
                "step": task.name,
                "timeliness": task.timeliness,
                "decision": decision,
                "next": [label(t) for t in nxt],
            },
        )
    return dossier


def _is_specialist_of(user: Any, agency_id: int) -> bool:
    return RoleAssignment.objects.active().filter(user=user, role=Role.SPECIALIST, agency_id=agency_id).exists()


def _open_consultations(dossier: Dossier) -> bool:
    return dossier.tasks.filter(step_order__isnull=True, status__in=[TaskStatus.ACTIVE, TaskStatus.WAITING]).exists()


def task_send_back(
    *,
    actor: Any,
    dossier: Dossier,
    task_id: int,
    reason: str,
    expected_version: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """Return the dossier to the previous step (e.g. review finds the appraisal incomplete)."""
    now = at or timezone.now()
    if not reason.strip():
        raise DossierError(_("Say why the dossier is sent back."), field="reason")
    with transaction.atomic():
        dossier = dossier_lock(dossier, expected_version)
        if dossier.state != State.PROCESSING:
            raise ActionNotAllowed()
        task = _active_task(dossier, task_id)
        capacity = _task_capacity(actor, task)
        previous = (
            dossier.tasks.filter(status=TaskStatus.DONE, step_order__lt=task.step_order or 0, role__in=PROCESSING_ROLES)
            .order_by("-step_order", "-id")
            .first()
        )
        if task.role not in PROCESSING_ROLES or previous is None:
            raise ActionNotAllowed(_("There is no earlier step to send this dossier back to."))
        task_finish(dossier, task, actor=actor, at=now, note=reason, status=TaskStatus.SENT_BACK)
        fields = [
            "dossier",
            "step_order",
            "name",
            "role",
            "agency",
            "department",
            "assignee",
            "budget_minutes",
            "parallel_group",
        ]
        redo = Task(**{f: getattr(previous, f) for f in fields}, status=TaskStatus.WAITING)
        again = Task(**{f: getattr(task, f) for f in fields}, status=TaskStatus.WAITING)
        # `redo` (the earlier order) starts now; `again` repeats the current step after it.
        Task.objects.bulk_create([redo, again])
        hand_on(dossier, task, actor=actor, at=now, note=reason)
        dossier_save(dossier, [])
        history_append(
            dossier,
            action="send_back",
            actor=actor,
            at=now,
            from_state=dossier.state,
            capacity=capacity,
            reason=reason,
            data={"step": task.name, "back_to": previous.name},
        )
    return dossier


def dossier_consult(
    *,
    actor: Any,
    dossier: Dossier,
    task_id: int,
    agencies: list[Agency],
    question: str,
    budget_minutes: int,
    mode: str = ConsultMode.PARALLEL,
    expected_version: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """Ask coordinating agencies (phối hợp), in parallel (default) or in sequence, each with a deadline."""
    now = at or timezone.now()
    if not agencies or not question.strip() or budget_minutes <= 0:
        raise DossierError(_("Choose the agencies, the question and a time budget."), field="agencies")
    with transaction.atomic():
        dossier = dossier_lock(dossier, expected_version)
        if dossier.state != State.PROCESSING:
            raise ActionNotAllowed()
        task = _active_task(dossier, task_id)
        if task.role not in (StepRole.SPECIALIST, StepRole.DEPARTMENT_HEAD):
            raise ActionNotAllowed(_("Only the appraising step can consult other agencies."))
        capacity = _task_capacity(actor, task)
        if any(a.pk in (dossier.competent_agency_id,) for a in agencies):
            raise DossierError(_("An agency cannot consult itself."), field="agencies")
        base = dossier.participations.count()
        for index, agency in enumerate(agencies):
            participation = Participation.objects.create(
                dossier=dossier,
                agency=agency,
                role=ParticipationRole.COORDINATING,
                mode=mode,
                order=base + index,
                budget_minutes=budget_minutes,
                task_text=question,
            )
            consult = Task.objects.create(
                dossier=dossier,
                name=question[:300],
                role=StepRole.COORDINATING_AGENCY,
                agency=agency,
                participation=participation,
                budget_minutes=budget_minutes,
            )
            if mode == ConsultMode.PARALLEL or index == 0:
                _consult_start(consult, at=now)
        dossier_save(dossier, [])
        history_append(
            dossier,
            action="consult",
            actor=actor,
            at=now,
            from_state=dossier.state,
            capacity=capacity,
            reason=question,
            data={"agencies": [a.name for a in agencies], "mode": mode, "budget_minutes": budget_minutes},
        )
    return dossier


def _consult_start(task: Task, *, at: dt.datetime) -> None:
    task.status = TaskStatus.ACTIVE
    task.started_at = at
    task.due_at = step_due(wt=wt_for(task.agency_id, at.date()), start=at, budget_minutes=task.budget_minutes)
    task.save(update_fields=["status", "started_at", "due_at"])
    if task.participation_id is not None:
        Participation.objects.filter(id=task.participation_id).update(started_at=at, due_at=task.due_at)


def consultation_answer(
    *,
    actor: Any,
    dossier: Dossier,
    task_id: int,
    answer: str,
    expected_version: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """A coordinating agency answers; a late answer counts against that agency, not the lead."""
    now = at or timezone.now()
    if not answer.strip():
        raise DossierError(_("Write the answer."), field="answer")
    with transaction.atomic():
        dossier = dossier_lock(dossier, expected_version)
        task = _active_task(dossier, task_id)
        if task.role != StepRole.COORDINATING_AGENCY:
            raise ActionNotAllowed()
        capacity = _task_capacity(actor, task)
        task_finish(dossier, task, actor=actor, at=now, note=answer)
        if task.participation_id is not None:
            Participation.objects.filter(id=task.participation_id).update(
                finished_at=now, outcome=answer, timeliness=task.timeliness
            )
        following = (
            dossier.tasks.filter(
                step_order__isnull=True, status=TaskStatus.WAITING, participation__mode=ConsultMode.SEQUENTIAL
            )
            .order_by("id")
            .first()
        )
        if following is not None:
            _consult_start(following, at=now)
        elif task.step_order is not None:
            hand_on(dossier, task, actor=actor, at=now, note=answer)
        lead = dossier.competent_agency
        if task.step_order is None:
            handover_append(
                dossier,
                task=task,
                from_agency_id=task.agency_id,
                from_user=actor,
                from_label=label(task),
                to_agency_id=(following.agency_id if following else lead.pk),
                to_label=(following.agency.name if following else lead.name),
                at=now,
                step_due_at=task.due_at,
                timeliness=task.timeliness,
                note=answer,
            )
        dossier_save(dossier, [])
        history_append(
            dossier,
            action="consult_answer",
            actor=actor,
            at=now,
            from_state=dossier.state,
            capacity=capacity,
            reason=answer,
            data={"agency": task.agency.name, "timeliness": task.timeliness},
        )
    return dossier
