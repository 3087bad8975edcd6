"""Evaluation (nine indicators) and Decision 766 index API."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.response import Response

from motcua.api.views import StaffAPIView

from ..evaluation import agencies_evaluation, officers_evaluation
from ..index766 import index766
from ..periods import PeriodError, period_or_current_quarter
from ..scope import can_see_reports, scope_from_params
from .views_period import REPORTS

PARAMS = [
    OpenApiParameter("ky", str, enum=["month", "quarter", "year", "custom"], description="Period kind (quarter)"),
    OpenApiParameter("nam", int),
    OpenApiParameter("quy", int),
    OpenApiParameter("thang", int),
    OpenApiParameter("don_vi", int, description="Agency id"),
]


def _load(request: Request) -> tuple[Any, Any]:
    if not can_see_reports(request.user):
        raise exceptions.PermissionDenied
    try:
        scope = scope_from_params(request.user, request.query_params)
        period = period_or_current_quarter(request.query_params)
    except PeriodError as error:
        raise exceptions.ValidationError({"period": [str(error)]}) from None
    except Http404:
        raise exceptions.NotFound from None
    return scope, period


def _units(units: list[Any]) -> list[dict[str, Any]]:
    return [
        {
            "id": u.key,
            "name": u.label,
            "dossiers": u.dossiers,
            "indicators": {str(k): (str(v) if v is not None else None) for k, v in u.indicators.items()},
            "total": str(u.total),
            "classification": u.classification,
        }
        for u in units
    ]


class EvaluationView(StaffAPIView):
    @extend_schema(
        tags=[REPORTS],
        summary="Nine evaluation indicators per agency (and per officer with theo_can_bo=1)",
        parameters=[*PARAMS, OpenApiParameter("theo_can_bo", str, enum=["1"], description="Also per officer")],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request: Request) -> Response:
        scope, period = _load(request)
        body: dict[str, Any] = {"period": period.label, "agencies": _units(agencies_evaluation(scope, period))}
        if request.query_params.get("theo_can_bo") == "1":
            body["officers"] = _units(officers_evaluation(scope, period))
        return Response(body)


class Index766View(StaffAPIView):
    @extend_schema(
        tags=[REPORTS],
        summary="Decision 766 service index: groups, indicators, points",
        parameters=PARAMS,
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request: Request) -> Response:
        scope, period = _load(request)
        data = index766(scope=scope, period=period)
        groups = [
            {
                "group": g["group"],
                "max": str(g["max"]),
                "points": str(g["points"]),
                "indicators": [
                    {
                        "id": line.indicator,
                        "label": line.label,
                        "numerator": line.numerator,
                        "denominator": line.denominator,
                        "value": str(line.value) if line.value is not None else None,
                        "points": str(line.points),
                        "max_points": str(line.weight.max_points),
                        "threshold": str(line.weight.threshold) if line.weight.threshold is not None else None,
                        "verified": line.weight.verified,
                        "note": line.note,
                    }
                    for line in g["lines"]
                ],
            }
            for g in data["groups"]
        ]
        return Response({"period": period.label, "total": str(data["total"]), "groups": groups})
