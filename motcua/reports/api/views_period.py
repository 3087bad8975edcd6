"""Period report API: the table of reports.md §2 as JSON, and the dossier codes behind one cell."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.response import Response

from motcua.api.schema import error_responses
from motcua.api.views import StaffAPIView
from motcua.core.http import parse_id

from ..periods import PeriodError, period_from_params
from ..scope import can_see_reports, scope_from_params
from ..selectors import GROUPS, KEYS, column_dossiers, period_report
from ..tables import report_json

REPORTS = "reports"
PARAMS = [
    OpenApiParameter("ky", str, enum=["month", "quarter", "year", "custom"], description="Period kind (month)"),
    OpenApiParameter("nam", int, description="Year"),
    OpenApiParameter("thang", int, description="Month 1-12"),
    OpenApiParameter("quy", int, description="Quarter 1-4"),
    OpenApiParameter("tu", OpenApiTypes.DATE, description="Custom period start"),
    OpenApiParameter("den", OpenApiTypes.DATE, description="Custom period end"),
    OpenApiParameter("don_vi", int, description="Agency id (competent agency; with its subordinates)"),
    OpenApiParameter("quay", int, description="Desk id"),
    OpenApiParameter("linh_vuc", int, description="Field id"),
    OpenApiParameter("thu_tuc", int, description="Procedure id"),
    OpenApiParameter("kenh", str, enum=["counter", "online", "postal"]),
    OpenApiParameter("can_bo", int, description="Receiving officer id"),
    OpenApiParameter("tiep_nhan", str, enum=["1"], description="Filter the agency as the reception point"),
    OpenApiParameter("nhom", str, enum=list(GROUPS), description="Rows by"),
]


def _load(request: Request) -> tuple:
    if not can_see_reports(request.user):
        raise exceptions.PermissionDenied
    params = request.query_params
    try:
        scope = scope_from_params(request.user, params)
        period = period_from_params(params)
    except PeriodError as error:
        raise exceptions.ValidationError({"period": [str(error)]}) from None
    except Http404:
        raise exceptions.NotFound from None
    group_by = params.get("nhom", "")
    if group_by and group_by not in GROUPS:
        raise exceptions.ValidationError({"nhom": ["unknown grouping"]})
    return scope, period, group_by


class PeriodReportView(StaffAPIView):
    @extend_schema(
        tags=[REPORTS],
        summary="Period report (reports.md §2): columns A–P, rates, balance",
        parameters=PARAMS,
        responses={200: OpenApiTypes.OBJECT, **error_responses(400, 401, 403, 404)},
    )
    def get(self, request: Request) -> Response:
        scope, period, group_by = _load(request)
        return Response(report_json(period_report(scope=scope, period=period, group_by=group_by)))


class PeriodCellView(StaffAPIView):
    @extend_schema(
        tags=[REPORTS],
        summary="The dossiers behind one cell of the period report",
        parameters=[
            *PARAMS,
            OpenApiParameter("cot", str, enum=KEYS, required=True, description="Column"),
            OpenApiParameter("gia_tri", str, description="Group row value (with nhom)"),
            OpenApiParameter("trang", int, description="Page (200 codes each)"),
        ],
        responses={200: OpenApiTypes.OBJECT, **error_responses(400, 401, 403, 404)},
    )
    def get(self, request: Request) -> Response:
        scope, period, group_by = _load(request)
        key = request.query_params.get("cot", "")
        if key not in KEYS:
            raise exceptions.ValidationError({"cot": ["unknown column"]})
        value = request.query_params.get("gia_tri")
        if group_by and value is None:
            group_by = ""
        group_value = value if group_by == "channel" or not group_by else parse_id(value)
        qs = column_dossiers(scope=scope, period=period, key=key, group_by=group_by, group_value=group_value)
        page = Paginator(qs.values_list("code", flat=True), 200).get_page(request.query_params.get("trang"))
        return Response(
            {"count": page.paginator.count, "page": page.number, "pages": page.paginator.num_pages, "codes": list(page)}
        )
