"""Public read endpoints of the catalogue: fields and the procedure versions in force."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework.request import Request
from rest_framework.response import Response

from motcua.api.pagination import ordered_by
from motcua.api.schema import error_responses
from motcua.api.views import PublicAPIView, PublicListAPIView, parse_query
from motcua.catalog.models import Field, ProcedureVersion, ProcessStep
from motcua.catalog.search import filter_by_query
from motcua.catalog.selectors import IN_FORCE_STATUSES
from motcua.org.models import Agency
from motcua.org.units import agency_resolve_code

from . import serializers as s

CATALOG = "catalog"


def versions_in_force(*, on: dt.date) -> QuerySet[ProcedureVersion]:
    """Versions in force on `on` (as `catalog.selectors.version_for_date`), at most one per procedure.

    Publishing keeps ranges disjoint; the `Exists` guard keeps one row per procedure (the latest
    start wins) even if bad data breaks that rule, so cursor pages stay well-ordered.
    """
    valid = Q(valid_from__lte=on) & (Q(valid_to__isnull=True) | Q(valid_to__gte=on))
    in_force = ProcedureVersion.objects.filter(valid, status__in=IN_FORCE_STATUSES)
    later = in_force.filter(procedure_id=OuterRef("procedure_id")).filter(
        Q(valid_from__gt=OuterRef("valid_from")) | Q(valid_from=OuterRef("valid_from"), number__gt=OuterRef("number"))
    )
    return in_force.filter(~Exists(later))


@extend_schema_view(
    get=extend_schema(
        tags=[CATALOG],
        operation_id="fields_list",
        summary="Fields (lĩnh vực)",
        responses={200: s.FieldOutput(many=True), **error_responses(400)},
    )
)
class FieldListView(PublicListAPIView):
    """Every field (lĩnh vực) of the catalogue, by name."""

    serializer_class = s.FieldOutput
    pagination_class = ordered_by("name")
    queryset = Field.objects.all()


@extend_schema_view(
    get=extend_schema(
        tags=[CATALOG],
        operation_id="procedures_list",
        summary="Procedures in force today",
        description="One row per procedure: its published version in force today, ordered by procedure code.",
        parameters=[s.ProcedureListInput],
        responses={200: s.ProcedureListOutput(many=True), **error_responses(400)},
    )
)
class ProcedureListView(PublicListAPIView):
    """The catalogue as in force today: one version per procedure, drafts never."""

    serializer_class = s.ProcedureListOutput
    pagination_class = ordered_by("procedure_code")

    def get_queryset(self) -> QuerySet[ProcedureVersion]:
        query = parse_query(s.ProcedureListInput, self.request)
        versions = versions_in_force(on=timezone.localdate()).select_related("procedure", "field")
        versions = versions.annotate(procedure_code=F("procedure__code"))
        if query.get("q"):
            versions = filter_by_query(versions, query["q"])
        if "field" in query:
            versions = versions.filter(field__slug=query["field"])
        if "level" in query:
            versions = versions.filter(levels__icontains=f'"{query["level"]}"')
        if "online_level" in query:
            versions = versions.filter(online_level=query["online_level"])
        if "agency" in query:
            versions = _competent(versions, query["agency"])
        return versions


def _competent(versions: QuerySet[ProcedureVersion], code: str) -> QuerySet[ProcedureVersion]:
    """Versions where the agency (by identifier or old identifier) is competent; none if unknown."""
    try:
        return versions.filter(agencies=agency_resolve_code(code))
    except Agency.DoesNotExist:
        return versions.none()


@extend_schema_view(
    get=extend_schema(
        tags=[CATALOG],
        operation_id="procedures_retrieve",
        summary="One procedure: the version in force today or on a given day",
        parameters=[
            OpenApiParameter("code", str, OpenApiParameter.PATH, description="National procedure code."),
            s.ProcedureDetailInput,
        ],
        responses={200: s.ProcedureDetailOutput, **error_responses(400, 404)},
    )
)
class ProcedureDetailView(PublicAPIView):
    """One procedure in full: components, fees, steps and the administrator-default flags."""

    def get(self, request: Request, code: str) -> Response:
        query = parse_query(s.ProcedureDetailInput, request)
        on = query.get("on") or timezone.localdate()
        steps = Prefetch("steps", queryset=ProcessStep.objects.prefetch_related("coordinating_agencies"))
        version = (
            versions_in_force(on=on)
            .filter(procedure__code=code.strip().upper())
            .select_related("procedure", "field")
            .prefetch_related("agencies", "components", "fees", steps)
            .first()
        )
        if version is None:
            raise Http404
        return Response(s.ProcedureDetailOutput(version, context={"request": request}).data)
