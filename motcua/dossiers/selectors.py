"""Scoped reads of dossiers and work queues (lifecycle.md §7).

A staff member sees a dossier if their agency received it, decides it or takes part in it; below
leader level only if their department (or their role, for steps without a department) holds or
held a step. Administrators see no dossiers (no personal data without a grant); superusers see all.
Hidden and missing dossiers give the same 404, and lists never count hidden rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, cast

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from motcua.calendars.engine import WorkingTime
from motcua.catalog.choices import StepRole
from motcua.core.text import fold
from motcua.org.choices import Role
from motcua.org.selectors import _descendants

from .choices import OPEN_STATES, State, TaskStatus
from .codes import code_normalise
from .deadline import wt_for
from .models import Dossier, Participation, Task
from .policy import assignments

LONG_VERSION_FIELDS = (
    "implementing_agency_text",
    "competent_authority_text",
    "time_text",
    "fees_text",
    "legal_basis",
    "conditions",
    "steps_text",
    "receiving_address",
    "search_text",
    "source",
    "result_name",
)
LEADER_ROLES = (Role.AGENCY_LEADER, Role.AUDITOR)
READ_ROLES = (
    Role.DESK_OFFICER,
    Role.SPECIALIST,
    Role.DEPARTMENT_HEAD,
    Role.CLERK,
    Role.AGENCY_LEADER,
    Role.AUDITOR,
)


def visibility_q(user: Any) -> Q | None:
    """Q over Dossier for the user's scope; None = everything (superuser); Q(pk__in=[]) = nothing."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Q(pk__in=[])
    if user.is_superuser:
        return None
    q = Q(pk__in=[])
    wide: set[int] = set()
    for ra in assignments(user):
        if ra.role in LEADER_ROLES:
            wide.add(ra.agency_id)
        elif ra.role == Role.DESK_OFFICER:
            q |= Q(receiving_agency_id=ra.agency_id) if ra.desk_id is None else Q(desk_id=ra.desk_id)
        elif ra.role in (Role.SPECIALIST, Role.DEPARTMENT_HEAD, Role.CLERK):
            held = Task.objects.filter(dossier=OuterRef("pk"), agency_id=ra.agency_id)
            if ra.department_id is not None:
                held = held.filter(
                    Q(department_id=ra.department_id)
                    | Q(department__isnull=True, role=_step_role(ra.role))
                    | Q(role=StepRole.COORDINATING_AGENCY)
                )
            q = cast(Q, q | Exists(held))
    if wide:
        agencies = wide | _descendants(wide)
        part = Participation.objects.filter(dossier=OuterRef("pk"), agency_id__in=agencies)
        q = cast(Q, q | Q(receiving_agency_id__in=agencies) | Q(competent_agency_id__in=agencies) | Exists(part))
    return q


def _step_role(role: str) -> str:
    roles: dict[str, str] = {
        Role.SPECIALIST: StepRole.SPECIALIST,
        Role.DEPARTMENT_HEAD: StepRole.DEPARTMENT_HEAD,
        Role.CLERK: StepRole.CLERK,
    }
    return roles[role]


def dossier_list_for(*, user: Any) -> QuerySet[Dossier]:
    # Joining desk and both agencies made PostgreSQL's planning cost more than the query (bench B3);
    # three small prefetches are cheaper. The version's long texts are never shown in lists.
    qs = (
        Dossier.objects.select_related("procedure_version__procedure")
        .prefetch_related("desk", "competent_agency", "receiving_agency")
        .defer(*(f"procedure_version__{name}" for name in LONG_VERSION_FIELDS))
    )
    q = visibility_q(user)
    # A draft is the applicant's alone (lifecycle.md §2: invisible to staff).
    qs = qs.exclude(state=State.DRAFT)
    return qs if q is None else qs.filter(q)


def dossier_get_for(*, user: Any, code: str) -> Dossier:
    dossier = dossier_list_for(user=user).filter(code=code_normalise(code)).first()
    if dossier is None:
        raise Http404
    return dossier


def dossier_search(*, user: Any, text: str) -> QuerySet[Dossier]:
    """By code, applicant name (with or without diacritics), citizen ID or phone."""
    text = (text or "").strip()
    qs = dossier_list_for(user=user)
    if not text:
        return qs.none()
    digits = text.replace(" ", "")
    if digits.isdigit():
        return qs.filter(Q(id_number=digits) | Q(phone=digits) | Q(code__endswith=digits))
    code = code_normalise(text)
    if "-" in code and any(ch.isdigit() for ch in code):
        return qs.filter(code__startswith=code)
    return qs.filter(applicant_name_folded__contains=fold(text))


@dataclass(frozen=True)
class Queue:
    key: str
    label: str


QUEUES = {
    "online": (Role.DESK_OFFICER,),
    "receive": (Role.DESK_OFFICER,),
    "assign": (Role.DEPARTMENT_HEAD,),
    "appraise": (Role.SPECIALIST,),
    "review": (Role.DEPARTMENT_HEAD,),
    "approve": (Role.AGENCY_LEADER,),
    "issue": (Role.CLERK,),
    "consult": (Role.SPECIALIST, Role.DEPARTMENT_HEAD, Role.AGENCY_LEADER),
    "supplement": (Role.DESK_OFFICER, Role.SPECIALIST, Role.DEPARTMENT_HEAD, Role.AGENCY_LEADER),
    "ready": (Role.DESK_OFFICER,),
    "due_soon": READ_ROLES,
    "overdue": READ_ROLES,
}


def queues_for(user: Any) -> list[str]:
    roles = {ra.role for ra in assignments(user)}
    if getattr(user, "is_superuser", False):
        return list(QUEUES)
    return [key for key, allowed in QUEUES.items() if roles & set(allowed)]


def _my_tasks(user: Any, step_roles: tuple[str, ...]) -> Q:
    """Active tasks the user could act on: right role, agency, department and (if set) assignee."""
    q = Q(pk__in=[])
    for ra in assignments(user):
        for step_role in step_roles:
            from .policy import TASK_ROLES

            if ra.role not in TASK_ROLES[step_role]:
                continue
            part = Q(agency_id=ra.agency_id, role=step_role) & (Q(assignee__isnull=True) | Q(assignee=user))
            if ra.department_id is not None and step_role in (StepRole.SPECIALIST, StepRole.DEPARTMENT_HEAD):
                part &= Q(department_id=ra.department_id) | Q(department__isnull=True)
            if step_role == StepRole.DESK_OFFICER and ra.desk_id is not None:
                part &= Q(dossier__desk_id=ra.desk_id)
            q |= part
    return q


def task_queue(*, user: Any, step_roles: tuple[str, ...], first_step: bool | None = None) -> QuerySet[Task]:
    qs = Task.objects.filter(status=TaskStatus.ACTIVE).filter(_my_tasks(user, step_roles))
    if first_step is not None:
        qs = qs.filter(dossier__state=State.RECEIVED) if first_step else qs.exclude(dossier__state=State.RECEIVED)
    return qs.select_related(
        "dossier__procedure_version", "dossier__competent_agency", "agency", "department", "assignee"
    ).order_by("due_at", "id")


def queue_dossiers(*, user: Any, key: str, today: dt.date | None = None) -> QuerySet[Any]:
    """Rows of one work queue: tasks for step queues, dossiers for state queues, most urgent first."""
    today = today or timezone.localdate()
    step_queues: dict[str, tuple[tuple[str, ...], bool | None]] = {
        "receive": ((StepRole.DESK_OFFICER,), True),
        "assign": ((StepRole.DEPARTMENT_HEAD,), None),
        "appraise": ((StepRole.SPECIALIST,), None),
        "approve": ((StepRole.AGENCY_LEADER,), None),
        "issue": ((StepRole.CLERK,), None),
        "consult": ((StepRole.COORDINATING_AGENCY,), None),
    }
    if key in ("assign", "review"):
        appraised = Task.objects.filter(
            dossier=OuterRef("dossier"),
            role=StepRole.SPECIALIST,
            status=TaskStatus.DONE,
            step_order__lt=OuterRef("step_order"),
        )
        heads = task_queue(user=user, step_roles=(StepRole.DEPARTMENT_HEAD,))
        return heads.filter(Exists(appraised)) if key == "review" else heads.exclude(Exists(appraised))
    if key in step_queues:
        roles, first = step_queues[key]
        return task_queue(user=user, step_roles=roles, first_step=first)
    visible = dossier_list_for(user=user)
    if key == "online":
        # Online submissions waiting for the desk's check (accept, return for completion, refuse).
        return visible.filter(state=State.SUBMITTED).order_by("submitted_at", "id")
    if key == "supplement":
        return visible.filter(state=State.SUPPLEMENT_REQUESTED).order_by("paused_at")
    if key == "ready":
        desks = [ra.desk_id for ra in assignments(user) if ra.role == Role.DESK_OFFICER and ra.desk_id]
        ready = visible.filter(state=State.DONE)
        return (ready.filter(desk_id__in=desks) if desks else ready).order_by("finished_at")
    if key in ("due_soon", "overdue"):
        open_ = visible.filter(state__in=OPEN_STATES).exclude(state=State.SUPPLEMENT_REQUESTED)
        if key == "overdue":
            return open_.filter(due_date__lt=today).order_by("due_date", "id")
        wt: WorkingTime = wt_for(None, today)
        horizon = today if not wt.is_working_day(today) else wt.next_working_day(today)
        return open_.filter(due_date__gte=today, due_date__lte=horizon).order_by("due_date", "id")
    raise Http404


def dossier_timeline(dossier: Dossier) -> QuerySet[Any]:
    return dossier.history.select_related("actor", "agency", "department").order_by("seq")
