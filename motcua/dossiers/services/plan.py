"""Turning the procedure's process template into the dossier's steps, and moving to the next step.

Template steps become `Task` rows when the dossier is received: desk steps belong to the receiving
agency, processing steps to the competent agency (in the template's department when it names one),
coordinating steps to each coordinating agency with a `Participation`. Steps of one order, or of one
parallel group, run together; the next batch starts when every task of the current one is done.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from motcua.calendars.engine import classify_step, overrun_minutes, step_due
from motcua.catalog.choices import StepRole
from motcua.catalog.importing.template import default_steps
from motcua.org.models import Department, RoleAssignment

from ..choices import ParticipationRole, TaskStatus
from ..deadline import wt_for
from ..models import Dossier, Participation, Task
from ._base import handover_append


def _template(dossier: Dossier) -> list[dict[str, Any]]:
    version = dossier.procedure_version
    steps = list(version.steps.prefetch_related("coordinating_agencies").order_by("order"))
    if steps:
        return [
            {
                "order": s.order,
                "name": s.name,
                "role": s.role,
                "department_code": s.department_code,
                "budget_minutes": s.budget_minutes,
                "parallel_group": s.parallel_group,
                "agencies": list(s.coordinating_agencies.all()),
            }
            for s in steps
        ]
    total = version.time_minutes or 480
    return [{**step, "agencies": []} for step in default_steps(total)]


def tasks_create(dossier: Dossier, *, actor: Any, at: dt.datetime, first_due: dt.datetime) -> None:
    Participation.objects.create(
        dossier=dossier, agency=dossier.receiving_agency, role=ParticipationRole.RECEIVING, started_at=at
    )
    if dossier.competent_agency_id != dossier.receiving_agency_id:
        Participation.objects.create(dossier=dossier, agency=dossier.competent_agency, role=ParticipationRole.LEAD)
    departments = {d.code: d for d in Department.objects.filter(agency=dossier.competent_agency)}
    rows: list[Task] = []
    for step in _template(dossier):
        common = {
            "dossier": dossier,
            "step_order": step["order"],
            "name": step["name"][:300],
            "role": step["role"],
            "budget_minutes": step["budget_minutes"],
            "parallel_group": step["parallel_group"],
        }
        if step["role"] == StepRole.COORDINATING_AGENCY:
            for agency in step["agencies"]:
                participation = Participation.objects.create(
                    dossier=dossier,
                    agency=agency,
                    role=ParticipationRole.COORDINATING,
                    order=step["order"],
                    budget_minutes=step["budget_minutes"],
                    task_text=step["name"],
                    mode="parallel",
                )
                rows.append(Task(**common, agency=agency, participation=participation))
        elif step["role"] == StepRole.DESK_OFFICER:
            rows.append(Task(**common, agency=dossier.receiving_agency))
        else:
            rows.append(
                Task(
                    **common, agency=dossier.competent_agency, department=departments.get(step["department_code"] or "")
                )
            )
    Task.objects.bulk_create(rows)
    first = dossier.tasks.order_by("step_order", "id").first()
    if first is not None:
        Task.objects.filter(pk=first.pk).update(
            status=TaskStatus.ACTIVE, started_at=at, due_at=first_due, assignee=actor
        )


def batch_next(dossier: Dossier) -> list[Task]:
    """The template tasks that start next (same order, or same parallel group), if none is running."""
    template = dossier.tasks.filter(step_order__isnull=False)
    if template.filter(status=TaskStatus.ACTIVE).exists():
        return []
    waiting = list(template.filter(status=TaskStatus.WAITING).order_by("step_order", "id"))
    if not waiting:
        return []
    head = waiting[0]
    return [
        t
        for t in waiting
        if t.step_order == head.step_order
        or (head.parallel_group is not None and t.parallel_group == head.parallel_group)
    ]


def tasks_start(tasks: list[Task], *, at: dt.datetime, after: Task | None = None, assignee: Any = None) -> None:
    for task in tasks:
        task.status = TaskStatus.ACTIVE
        task.started_at = at
        task.due_at = step_due(wt=wt_for(task.agency_id, at.date()), start=at, budget_minutes=task.budget_minutes)
        if assignee is not None and task.role == StepRole.SPECIALIST:
            task.assignee = assignee
            task.department_id = task.department_id or _department_of(assignee, task.agency_id)
        inherit = after is not None and after.agency_id == task.agency_id and after.department_id
        if task.department_id is None and inherit and task.role in (StepRole.SPECIALIST, StepRole.DEPARTMENT_HEAD):
            task.department_id = after.department_id  # type: ignore[union-attr]
        if task.participation_id:
            Participation.objects.filter(pk=task.participation_id).update(started_at=at, due_at=task.due_at)
        task.save()


def _department_of(user: Any, agency_id: int) -> int | None:
    ra = RoleAssignment.objects.active().filter(user=user, agency_id=agency_id, department__isnull=False).first()
    return ra.department_id if ra else None


def label(task: Task) -> str:
    parts = [task.agency.short_name or task.agency.name]
    if task.department_id:
        parts.append(task.department.name)  # type: ignore[union-attr]
    if task.assignee_id:
        parts.append(task.assignee.full_name or task.assignee.username)  # type: ignore[union-attr]
    return " – ".join(parts)


def task_finish(
    dossier: Dossier, task: Task, *, actor: Any, at: dt.datetime, note: str = "", status: str = TaskStatus.DONE
) -> None:
    """Close a task: timeliness against its own due (the control sheet's result column)."""
    task.status = status
    task.finished_at = at
    task.finished_by = actor
    task.note = note
    if task.due_at:
        task.timeliness = classify_step(end=at, due_at=task.due_at)
    task.save()


def _giver(task: Task, actor: Any) -> str:
    name = (actor.full_name or actor.username) if actor is not None else ""
    if not name or task.assignee_id == getattr(actor, "pk", None):
        return label(task)
    return f"{label(task)} – {name}"


def hand_on(
    dossier: Dossier, task: Task, *, actor: Any, at: dt.datetime, note: str = "", assignee: Any = None
) -> list[Task]:
    """After `task` finished: start the next batch and write the control-sheet row between them."""
    nxt = batch_next(dossier)
    tasks_start(nxt, at=at, after=task, assignee=assignee)
    to_label = "; ".join(label(t) for t in nxt) or (
        dossier.receiving_agency.short_name or dossier.receiving_agency.name
    )
    overrun = 0
    if task.due_at and task.timeliness == "late":
        overrun = overrun_minutes(wt=wt_for(task.agency_id, at.date()), due_at=task.due_at, end=at)
    handover_append(
        dossier,
        task=task,
        from_agency_id=task.agency_id,
        from_user=actor,
        from_label=_giver(task, actor),
        to_agency_id=nxt[0].agency_id if nxt else None,
        to_label=to_label,
        at=at,
        step_due_at=task.due_at,
        timeliness=task.timeliness,
        overrun_minutes=overrun,
        note=note,
    )
    return nxt
