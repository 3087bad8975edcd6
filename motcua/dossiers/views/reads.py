"""Small scoped reads the screens need and the selectors do not offer (yet).

Each is a candidate for `selectors.py` (see the hand-over notes); they stay tiny and never widen
what a user can see: a miss or a forbidden object is the same 404.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Case, Q, QuerySet, When
from django.http import Http404
from django.utils import timezone

from motcua.catalog.choices import ResultType
from motcua.catalog.models import ProcedureVersion
from motcua.catalog.selectors import CatalogFilters, public_procedure_search, public_versions_in_force
from motcua.org.choices import AgencyLevel, Role
from motcua.org.models import Agency, Desk, RoleAssignment, User
from motcua.org.selectors import desk_list_for

from ..choices import ReturnMethod
from ..models import Dossier, IntakeAttempt
from ..policy import assignments, capacity_for


def officer_desks(user: Any) -> list[Desk]:
    """Desks where the user may receive dossiers: the desk of each desk-officer role (or all desks
    of the agency when the role names none)."""
    desks: dict[int, Desk] = {}
    for ra in assignments(user):
        if ra.role != Role.DESK_OFFICER:
            continue
        if ra.desk_id is not None and ra.desk is not None:
            desks[ra.desk.pk] = ra.desk
        else:
            for desk in desk_list_for(user=user).filter(agency_id=ra.agency_id, is_active=True):
                desks[desk.pk] = desk
    return sorted(desks.values(), key=lambda d: d.name)


def intake_versions(query: str, on: dt.date | None = None) -> QuerySet[ProcedureVersion]:
    """Published versions in force today that accept counter submission, best match first."""
    on = on or timezone.localdate()
    return public_procedure_search(filters=CatalogFilters(query=query), on=on).filter(accepts_counter=True)


def intake_version_get(pk: int, on: dt.date | None = None) -> ProcedureVersion:
    on = on or timezone.localdate()
    version = (
        public_versions_in_force(on=on)
        .filter(pk=pk, accepts_counter=True)
        .select_related("procedure", "field")
        .prefetch_related("components", "fees", "agencies")
        .first()
    )
    if version is None:
        raise Http404
    return version


def return_methods(version: ProcedureVersion) -> list[tuple[str, Any]]:
    """Only what the procedure offers: the desk always, post and e-result when published."""
    methods: list[tuple[str, Any]] = [(ReturnMethod.COUNTER.value, ReturnMethod.COUNTER.label)]
    if version.accepts_postal_return:
        methods.append((ReturnMethod.POST.value, ReturnMethod.POST.label))
    if version.result_type in (ResultType.ELECTRONIC, ResultType.BOTH):
        methods.append((ReturnMethod.ONLINE.value, ReturnMethod.ONLINE.label))
    return methods


def deciding_agencies(version: ProcedureVersion, desk: Desk) -> QuerySet[Agency] | None:
    """The agencies to choose from when the service could not pick the deciding one itself."""
    agencies = list(version.agencies.all())
    if desk.agency in agencies or len(agencies) <= 1:
        return None
    return version.agencies.order_by("name")


def attempt_get_for(user: Any, pk: int) -> IntakeAttempt:
    """A guidance/refusal record, for the officers of its desk only."""
    attempt = IntakeAttempt.objects.select_related("desk", "procedure_version__procedure").filter(pk=pk).first()
    if (
        attempt is None
        or capacity_for(user, Role.DESK_OFFICER, attempt.desk.agency_id, desk_id=attempt.desk_id) is None
    ):
        raise Http404
    return attempt


def specialists_of(agency_id: int, department_id: int | None) -> QuerySet[User]:
    roles = RoleAssignment.objects.active().filter(role=Role.SPECIALIST, agency_id=agency_id)
    if department_id is not None:
        roles = roles.filter(Q(department_id=department_id) | Q(department__isnull=True))
    return User.objects.filter(pk__in=roles.values("user_id"), is_active=True).order_by("full_name", "username")


def consultable_agencies(dossier: Dossier) -> QuerySet[Agency]:
    """Agencies in force other than the deciding one (liên thông partners), provincial ones first."""
    today = timezone.localdate()
    first = Case(When(level=AgencyLevel.PROVINCE, then=0), When(level=AgencyLevel.MINISTRY, then=1), default=2)
    return (
        Agency.objects.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        .exclude(pk=dossier.competent_agency_id)
        .order_by(first, "name")
    )


def register_desks(user: Any) -> list[Desk]:
    """Desks whose register the user may print: their own desk, or any desk of an agency they lead."""
    desks = desk_list_for(user=user)
    allowed = [
        desk
        for desk in desks
        if capacity_for(user, Role.DESK_OFFICER, desk.agency_id, desk_id=desk.pk)
        or capacity_for(user, Role.AGENCY_LEADER, desk.agency_id)
    ]
    return allowed
