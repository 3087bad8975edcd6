"""Scoped reads of the organisation. Every staff screen and API asks these, never the managers.

A user sees the agencies where they hold an active role; leaders, administrators and auditors also
see the agencies below theirs. A superuser sees everything. Objects outside the scope are treated
as missing (same 404) so a stranger learns nothing about what exists.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from .choices import Role
from .models import Agency, Counter, Department, Desk, RoleAssignment, User

WIDE_ROLES = frozenset({Role.AGENCY_LEADER, Role.ADMINISTRATOR, Role.AUDITOR})
SCOPED_ROLES = "scoped_roles"


def active_roles(user: User) -> QuerySet[RoleAssignment]:
    if not user.is_authenticated:
        return RoleAssignment.objects.none()
    return RoleAssignment.objects.active().filter(user=user).select_related("agency", "department", "desk")


def _descendants(agency_ids: Iterable[int]) -> set[int]:
    """Agency ids below the given ones (the tree is shallow: province → departments' agencies → communes)."""
    found: set[int] = set()
    frontier = set(agency_ids)
    while frontier:
        children = set(Agency.objects.filter(parent_id__in=frontier).values_list("id", flat=True)) - found
        found |= children
        frontier = children
    return found


def visible_agency_ids(user: User) -> set[int] | None:
    """Ids of agencies in the user's scope; None means every agency (superuser)."""
    if not user.is_authenticated or not user.is_active:
        return set()
    if user.is_superuser:
        return None
    own: set[int] = set()
    wide: set[int] = set()
    for role, agency_id in active_roles(user).values_list("role", "agency_id"):
        own.add(agency_id)
        if role in WIDE_ROLES:
            wide.add(agency_id)
    return own | _descendants(wide)


def _restrict(queryset: QuerySet, user: User, field: str) -> QuerySet:
    ids = visible_agency_ids(user)
    if ids is None:
        return queryset
    return queryset.filter(**{f"{field}__in": ids})


def is_staff_member(user: User) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or active_roles(user).exists()))


def is_back_office_member(user: User) -> bool:
    """A staff member of an agency: any active role but postal staff, whose partner screens are apart
    (lifecycle.md §7: postal staff see only their own pickups, hand-overs and deliveries)."""
    if not user.is_authenticated:
        return False
    return bool(user.is_superuser or active_roles(user).exclude(role=Role.POSTAL_STAFF).exists())


def agency_list_for(*, user: User) -> QuerySet[Agency]:
    return _restrict(Agency.objects.select_related("unit", "parent"), user, "id")


def department_list_for(*, user: User) -> QuerySet[Department]:
    return _restrict(Department.objects.select_related("agency"), user, "agency_id")


def desk_list_for(*, user: User) -> QuerySet[Desk]:
    return _restrict(Desk.objects.select_related("agency", "parent"), user, "agency_id")


def desk_get_for(*, user: User, pk: int) -> Desk:
    counters = Prefetch("counters", queryset=Counter.objects.prefetch_related("fields"))
    desk = desk_list_for(user=user).prefetch_related(counters).filter(pk=pk).first()
    if desk is None:
        raise Http404
    return desk


def staff_list_for(*, user: User) -> QuerySet[User]:
    """Staff holding an active role in an agency the user can see; distinct, with their roles."""
    ids = visible_agency_ids(user)
    roles = RoleAssignment.objects.active().select_related("agency", "department", "desk")
    if ids is not None:
        roles = roles.filter(agency_id__in=ids)
    user_ids = roles.values("user_id")
    return (
        User.objects.filter(id__in=user_ids, is_active=True)
        .prefetch_related(Prefetch("role_assignments", queryset=roles, to_attr=SCOPED_ROLES))
        .order_by("full_name", "username")
    )


def scoped_roles(member: User) -> list[RoleAssignment]:
    """The roles `staff_list_for` prefetched onto `member` (a `to_attr` the stubs cannot see)."""
    roles: list[RoleAssignment] = getattr(member, SCOPED_ROLES)
    return roles


def staff_get_for(*, user: User, pk: int) -> User:
    member = staff_list_for(user=user).filter(pk=pk).first()
    if member is None:
        raise Http404
    return member
