"""Read endpoints of the organisation: public units and agencies, scoped staff and desks."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema, extend_schema_view
from rest_framework.request import Request
from rest_framework.response import Response

from motcua.api.pagination import ordered_by
from motcua.api.schema import error_responses
from motcua.api.views import PublicAPIView, PublicListAPIView, StaffAPIView, StaffListAPIView, parse_query, staff_user
from motcua.core.text import fold, nfc
from motcua.org.models import AdministrativeUnit, Agency, AgencyCodeAlias, Desk, RoleAssignment, User
from motcua.org.selectors import desk_get_for, desk_list_for, staff_list_for
from motcua.org.units import agency_resolve_code, in_force_q, unit_resolve

from . import serializers as s

UNITS = "units"
AGENCIES = "agencies"
STAFF = "staff"

CODE_PATH = OpenApiParameter("code", str, OpenApiParameter.PATH)


@extend_schema_view(
    get=extend_schema(
        tags=[UNITS],
        operation_id="units_list",
        summary="Administrative units",
        parameters=[s.UnitListInput],
        responses={200: s.UnitListOutput(many=True), **error_responses(400)},
    )
)
class UnitListView(PublicListAPIView):
    """Units in force (or all), filtered by level, parent and a name typed with or without diacritics."""

    serializer_class = s.UnitListOutput
    pagination_class = ordered_by("code", "id")

    def get_queryset(self) -> QuerySet[AdministrativeUnit]:
        query = parse_query(s.UnitListInput, self.request)
        units = AdministrativeUnit.objects.select_related("parent")
        if query["current_only"]:
            units = units.filter(in_force_q(timezone.localdate()))
        if "level" in query:
            units = units.filter(level=query["level"])
        if "parent" in query:
            units = units.filter(parent__code=query["parent"])
        if query.get("q"):
            units = units.filter(_unit_name_q(query["q"]))
        return units


def _unit_name_q(text: str) -> Q:
    """Diacritic form against the name; ASCII form against the package's codename (`xa_khao_mang`)."""
    condition = Q(name__icontains=nfc(text)) | Q(code=text.strip())
    folded = fold(text).replace(" ", "_")
    if folded:
        condition |= Q(codename__icontains=folded)
    return condition


@extend_schema_view(
    get=extend_schema(
        tags=[UNITS],
        operation_id="units_retrieve",
        summary="One administrative unit, old codes included",
        description=(
            "An old code (a unit closed by a reform) answers with that unit, the `successors` recorded "
            "for it and `resolved_to`, the unit(s) in force today. Unknown codes answer 404."
        ),
        parameters=[CODE_PATH],
        responses={200: s.UnitDetailOutput, **error_responses(404)},
        examples=[
            OpenApiExample(
                "closed commune",
                response_only=True,
                value={
                    "code": "04519",
                    "name": "Xã Khao Mang",
                    "level": "commune",
                    "division_type": "xã",
                    "parent_code": "15",
                    "valid_from": "2008-01-01",
                    "valid_to": "2025-06-30",
                    "is_current": False,
                    "successors": [
                        {
                            "kind": "merge",
                            "effective_date": "2025-07-01",
                            "legal_basis": "Nghị quyết 1673/NQ-UBTVQH15",
                            "unit": {"code": "04540", "name": "Xã Mù Cang Chải", "level": "commune"},
                        }
                    ],
                    "resolved_to": [{"code": "04540", "name": "Xã Mù Cang Chải", "level": "commune"}],
                },
            )
        ],
    )
)
class UnitDetailView(PublicAPIView):
    """A unit by code; an old code answers with its successors rather than 404."""

    def get(self, request: Request, code: str) -> Response:
        try:
            resolution = unit_resolve(code=code)
        except AdministrativeUnit.DoesNotExist as exc:
            raise Http404 from exc
        return Response(s.UnitDetailOutput(resolution.unit, context={"resolution": resolution}).data)


@extend_schema_view(
    get=extend_schema(
        tags=[AGENCIES],
        operation_id="agencies_list",
        summary="Agencies",
        parameters=[s.AgencyListInput],
        responses={200: s.AgencyListOutput(many=True), **error_responses(400)},
    )
)
class AgencyListView(PublicListAPIView):
    """Public directory of agencies with their administrative unit."""

    serializer_class = s.AgencyListOutput
    pagination_class = ordered_by("code")

    def get_queryset(self) -> QuerySet[Agency]:
        query = parse_query(s.AgencyListInput, self.request)
        agencies = Agency.objects.select_related("unit", "parent")
        if query["current_only"]:
            agencies = agencies.filter(in_force_q(timezone.localdate()))
        if "level" in query:
            agencies = agencies.filter(level=query["level"])
        if "unit" in query:
            agencies = agencies.filter(unit__code=query["unit"])
        if "parent" in query:
            agencies = agencies.filter(parent__code=query["parent"])
        return agencies


@extend_schema_view(
    get=extend_schema(
        tags=[AGENCIES],
        operation_id="agencies_retrieve",
        summary="One agency, by electronic identifier or an old one",
        description="An old identifier (alias) answers with the agency it now belongs to.",
        parameters=[CODE_PATH],
        responses={200: s.AgencyDetailOutput, **error_responses(404)},
    )
)
class AgencyDetailView(PublicAPIView):
    """An agency by electronic identifier or old identifier."""

    def get(self, request: Request, code: str) -> Response:
        try:
            agency = agency_resolve_code(code)
        except Agency.DoesNotExist as exc:
            raise Http404 from exc
        former = sorted(AgencyCodeAlias.objects.filter(agency=agency).values_list("code", flat=True))
        return Response(s.AgencyDetailOutput(agency, context={"former_codes": former}).data)


@extend_schema_view(
    get=extend_schema(
        tags=[STAFF],
        operation_id="staff_list",
        summary="Staff in the caller's scope",
        description="Names and active roles only. Officers see their agencies; leaders also the agencies below.",
        parameters=[s.StaffListInput],
        responses={200: s.StaffListOutput(many=True), **error_responses(400, 401, 403)},
    )
)
class StaffListView(StaffListAPIView):
    """Staff names and roles in the caller's scope (no contact data)."""

    serializer_class = s.StaffListOutput
    pagination_class = ordered_by("full_name", "id")

    def get_queryset(self) -> QuerySet[User]:
        query = parse_query(s.StaffListInput, self.request)
        staff = staff_list_for(user=staff_user(self.request))
        roles = RoleAssignment.objects.active()
        if "agency" in query:
            roles = roles.filter(agency__code=query["agency"])
        if "role" in query:
            roles = roles.filter(role=query["role"])
        if query:
            staff = staff.filter(id__in=roles.values("user_id"))
        return staff


@extend_schema_view(
    get=extend_schema(
        tags=[STAFF],
        operation_id="desks_list",
        summary="One-stop desks in the caller's scope",
        parameters=[s.DeskListInput],
        responses={200: s.DeskListOutput(many=True), **error_responses(400, 401, 403)},
    )
)
class DeskListView(StaffListAPIView):
    """Desks of the agencies in the caller's scope."""

    serializer_class = s.DeskListOutput
    pagination_class = ordered_by("code")

    def get_queryset(self) -> QuerySet[Desk]:
        query = parse_query(s.DeskListInput, self.request)
        desks = desk_list_for(user=staff_user(self.request))
        if "agency" in query:
            desks = desks.filter(agency__code=query["agency"])
        if "kind" in query:
            desks = desks.filter(kind=query["kind"])
        if "is_active" in query:
            desks = desks.filter(is_active=query["is_active"])
        return desks


@extend_schema_view(
    get=extend_schema(
        tags=[STAFF],
        operation_id="desks_retrieve",
        summary="One desk with its counters and the fields each serves",
        description="A desk outside the caller's scope answers exactly like a missing one (404).",
        parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH, description="Desk id.")],
        responses={200: s.DeskDetailOutput, **error_responses(401, 403, 404)},
    )
)
class DeskDetailView(StaffAPIView):
    """A desk with counters and fields; out of scope is the same 404 as missing."""

    def get(self, request: Request, id: int) -> Response:
        return Response(s.DeskDetailOutput(desk_get_for(user=staff_user(request), pk=id)).data)
