"""Staff back office: a home page that fits each role, and the scoped staff and desk lists."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render

from motcua.core.http import AuthenticatedHttpRequest

from . import selectors
from .choices import Role


def _require_staff(request: AuthenticatedHttpRequest) -> None:
    if not selectors.is_back_office_member(request.user):
        raise PermissionDenied


@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not selectors.is_back_office_member(request.user) and selectors.is_staff_member(request.user):
        return redirect("postal:home")  # postal staff land on their partner screens
    _require_staff(request)
    user = request.user
    roles = list(selectors.active_roles(user))
    held = {r.role for r in roles}
    context: dict[str, Any] = {"roles": roles, "held": held, "Role": Role}
    if held & {Role.DESK_OFFICER, Role.POSTAL_STAFF}:
        desk_ids = [r.desk_id for r in roles if r.desk_id]
        desks = selectors.desk_list_for(user=user).prefetch_related("counters__fields")
        context["my_desks"] = (
            desks.filter(id__in=desk_ids) if desk_ids else desks.filter(agency_id__in=[r.agency_id for r in roles])
        )
    if held & {Role.SPECIALIST, Role.DEPARTMENT_HEAD, Role.CLERK}:
        dept_ids = [r.department_id for r in roles if r.department_id]
        colleagues = defaultdict(list)
        for member in selectors.staff_list_for(user=user):
            for role in selectors.scoped_roles(member):
                if role.department_id in dept_ids:
                    colleagues[role.department].append((member, role))
        context["colleagues"] = dict(colleagues)
    if held & {Role.AGENCY_LEADER, Role.ADMINISTRATOR, Role.AUDITOR} or user.is_superuser:
        agencies = selectors.agency_list_for(user=user)
        context["scope_counts"] = {
            "agencies": agencies.count(),
            "departments": selectors.department_list_for(user=user).count(),
            "desks": selectors.desk_list_for(user=user).count(),
            "staff": selectors.staff_list_for(user=user).count(),
        }
        context["top_agencies"] = agencies.filter(id__in=[r.agency_id for r in roles]).prefetch_related("departments")
    if Role.ADMINISTRATOR in held or user.is_superuser:
        context["catalog_counts"] = _catalog_counts()
    return render(request, "org/home.html", context)


def _catalog_counts() -> dict[str, int]:
    from motcua.catalog.choices import VersionStatus
    from motcua.catalog.models import ProcedureVersion

    versions = ProcedureVersion.objects.all()
    return {
        "published": versions.filter(status=VersionStatus.PUBLISHED).count(),
        "draft": versions.filter(status=VersionStatus.DRAFT).count(),
        "time_default": versions.filter(status=VersionStatus.PUBLISHED, time_is_default=True).count(),
        "online_default": versions.filter(status=VersionStatus.PUBLISHED, online_level_is_default=True).count(),
    }


@login_required
def staff_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_staff(request)
    members = selectors.staff_list_for(user=request.user)
    return render(request, "org/staff_list.html", {"members": members})


@login_required
def desk_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_staff(request)
    desks = selectors.desk_list_for(user=request.user).prefetch_related("counters")
    return render(request, "org/desk_list.html", {"desks": desks})


@login_required
def desk_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _require_staff(request)
    desk = selectors.desk_get_for(user=request.user, pk=pk)
    return render(request, "org/desk_detail.html", {"desk": desk})
