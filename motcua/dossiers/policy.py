"""Who may act on a dossier in which capacity (lifecycle.md §3 'Who', §7 roles and scoping).

A capacity is an active role assignment: (role, agency, department). A department-scoped assignment
acts only on steps of its department; one without a department acts agency-wide. The services ask
`capacity_for` before every write; screens and the API ask `available_actions` to show what can
be done, and the services stay the authority.
"""

from __future__ import annotations

from typing import Any

from motcua.catalog.choices import StepRole
from motcua.org.choices import Role
from motcua.org.models import RoleAssignment

from .errors import NotPermitted

_CACHE_ATTR = "_motcua_role_assignments"


def assignments(user: Any) -> list[RoleAssignment]:
    """Active role assignments of the user, cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = list(RoleAssignment.objects.active().filter(user=user).select_related("agency", "department", "desk"))
        setattr(user, _CACHE_ATTR, cached)
    return cached


def capacity_for(
    user: Any,
    roles: tuple[str, ...] | str,
    agency_id: int,
    department_id: int | None = None,
    desk_id: int | None = None,
) -> RoleAssignment | None:
    wanted = (roles,) if isinstance(roles, str) else roles
    for ra in assignments(user):
        if ra.role not in wanted or ra.agency_id != agency_id:
            continue
        if department_id is not None and ra.department_id not in (None, department_id):
            continue
        if desk_id is not None and ra.desk_id not in (None, desk_id):
            continue
        return ra
    return None


# Roles that read (within their scope) but never act on a dossier (lifecycle.md §7).
READ_ONLY_ROLES = frozenset({Role.AUDITOR, Role.ADMINISTRATOR})


def may_act(user: Any) -> bool:
    """False for a user whose only roles are read-only: their writes are refused before any other check."""
    return bool(getattr(user, "is_superuser", False)) or any(a.role not in READ_ONLY_ROLES for a in assignments(user))


def require_may_act(user: Any) -> None:
    if not may_act(user):
        raise NotPermitted()


def require(
    user: Any,
    roles: tuple[str, ...] | str,
    agency_id: int,
    department_id: int | None = None,
    desk_id: int | None = None,
) -> RoleAssignment:
    ra = capacity_for(user, roles, agency_id, department_id, desk_id)
    if ra is None:
        raise NotPermitted()
    return ra


def desk_officer_for(user: Any, dossier: Any) -> RoleAssignment | None:
    return capacity_for(user, Role.DESK_OFFICER, dossier.receiving_agency_id, desk_id=dossier.desk_id)


def desk_officer_required(user: Any, dossier: Any) -> RoleAssignment:
    """The desk officer capacity at the dossier's desk, or NotPermitted."""
    capacity = desk_officer_for(user, dossier)
    if capacity is None:
        raise NotPermitted()
    return capacity


TASK_ROLES: dict[str, tuple[str, ...]] = {
    StepRole.DESK_OFFICER: (Role.DESK_OFFICER,),
    StepRole.DEPARTMENT_HEAD: (Role.DEPARTMENT_HEAD,),
    StepRole.SPECIALIST: (Role.SPECIALIST,),
    StepRole.AGENCY_LEADER: (Role.AGENCY_LEADER,),
    StepRole.CLERK: (Role.CLERK,),
    # Any processing role of a coordinating agency may answer for it.
    StepRole.COORDINATING_AGENCY: (Role.SPECIALIST, Role.DEPARTMENT_HEAD, Role.AGENCY_LEADER),
}


def task_capacity(user: Any, task: Any) -> RoleAssignment | None:
    if task.assignee_id is not None and task.assignee_id != user.pk:
        return None
    department_id = task.department_id if task.role in (StepRole.SPECIALIST, StepRole.DEPARTMENT_HEAD) else None
    desk_id = task.dossier.desk_id if task.role == StepRole.DESK_OFFICER else None
    return capacity_for(user, TASK_ROLES[task.role], task.agency_id, department_id, desk_id)


PROCESSING_STEP_ROLES = (StepRole.DEPARTMENT_HEAD, StepRole.SPECIALIST, StepRole.AGENCY_LEADER)


def _has_earlier_step(task: Any, tasks: list[Any]) -> bool:
    return any(
        t.status == "done"
        and t.role in PROCESSING_STEP_ROLES
        and t.step_order is not None
        and t.step_order < (task.step_order or 0)
        for t in tasks
    )


def _task_actions(user: Any, tasks: list[Any]) -> list[tuple[str, Any]]:
    found: list[tuple[str, Any]] = []
    has_clerk = any(t.role == StepRole.CLERK for t in tasks)
    consulting = any(t.step_order is None and t.status in ("active", "waiting") for t in tasks)
    for task in tasks:
        if task.status != "active" or task_capacity(user, task) is None:
            continue
        if task.role == StepRole.COORDINATING_AGENCY:
            found.append(("answer", task))
            continue
        if task.step_order is not None and (
            task.role == StepRole.CLERK or (task.role == StepRole.AGENCY_LEADER and not has_clerk)
        ):
            found.append(("finish", task))
        elif task.role in PROCESSING_STEP_ROLES:
            if not (task.role == StepRole.SPECIALIST and consulting):
                found.append(("complete", task))
            if _has_earlier_step(task, tasks):
                found.append(("send-back", task))
        if task.role in (StepRole.SPECIALIST, StepRole.DEPARTMENT_HEAD):
            found.append(("consult", task))
    return found


def _intake_actions(user: Any, dossier: Any, desk: bool) -> list[tuple[str, Any]]:
    """The desk's check of an online submission (lifecycle §3): accept, return for completion once
    (a second return is the receiving agency leader's, with a reason), refuse."""
    found: list[tuple[str, Any]] = []
    if dossier.state == "submitted":
        if desk:
            found.append(("accept", None))
        if dossier.completion_returns == 0:
            returner = desk
        else:
            returner = capacity_for(user, Role.AGENCY_LEADER, dossier.receiving_agency_id) is not None
        if returner:
            found.append(("return-for-completion", None))
    if dossier.state in ("submitted", "returned_for_completion") and desk:
        found.append(("refuse-online", None))
    return found


def available_actions(user: Any, dossier: Any, tasks: list[Any]) -> list[tuple[str, Any]]:
    """(action, task) pairs `user` may try on `dossier` now, most likely next step first.

    The same questions the services ask, asked up front so screens and API clients offer only what
    can work; the services stay the authority (a race or a date rule can still refuse).
    """
    state, competent = dossier.state, dossier.competent_agency_id
    desk = desk_officer_for(user, dossier) is not None
    leader = capacity_for(user, Role.AGENCY_LEADER, competent) is not None
    room = dossier.supplement_count < dossier.procedure_version.supplement_limit
    open_states = ("received", "processing", "supplement_requested", "awaiting_obligation")
    found: list[tuple[str, Any]] = _intake_actions(user, dossier, desk)
    if state == "received" and desk:
        found.append(("forward", None))
    if state == "processing":
        found += _task_actions(user, tasks)
        if room and capacity_for(user, (Role.SPECIALIST, Role.DEPARTMENT_HEAD), competent):
            found.append(("propose-supplement", None))
        if capacity_for(user, (Role.DEPARTMENT_HEAD, Role.AGENCY_LEADER), competent):
            found.append(("request-obligation", None))
        if leader and dossier.procedure_version.agencies.exclude(pk=competent).exists():
            found.append(("transfer", None))
    if state in ("received", "processing") and desk and room:
        found.append(("request-supplement", None))
    if state == "supplement_requested" and desk:
        found.append(("complete-supplement", None))
    if state == "awaiting_obligation" and desk:
        found.append(("obligation-met", None))
    if state in open_states and leader and dossier.reschedule_count == 0:
        found.append(("reschedule", None))
    if state in open_states[1:] and leader:
        found.append(("stop", None))
    if state in open_states and desk:
        found.append(("withdraw", None))
    if state == "done" and desk:
        found.append(("return-result", None))
    return found
