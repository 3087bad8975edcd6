"""Evaluation (nine indicators, reports.md §4) and Decision 766 index (§5) API."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.response import Response

from motcua.api.schema import error_responses
from motcua.api.views import StaffAPIView

from ..evaluation import NOTES, DossierScore, UnitScore
from ..evaluation_query import EvaluationQuery, evaluation_data, evaluation_query
from ..index766 import index766
from ..periods import PeriodError
from . import serializers_evaluation as s
from .views_period import REPORTS

PARAMS = [
    OpenApiParameter("ky", str, enum=["month", "quarter", "year"], description="Period kind (current quarter)"),
    OpenApiParameter("nam", int, description="Year"),
    OpenApiParameter("quy", int, description="Quarter 1-4"),
    OpenApiParameter("thang", int, description="Month 1-12"),
    OpenApiParameter("don_vi", int, description="Agency id (within the viewer's scope, else 404)"),
]


def _query(request: Request) -> EvaluationQuery:
    try:
        return evaluation_query(user=request.user, params=request.query_params)
    except PermissionDenied:
        raise exceptions.PermissionDenied from None
    except PeriodError as error:
        raise exceptions.ValidationError({"period": [str(error)]}) from None
    except Http404:
        raise exceptions.NotFound from None


def unit_json(unit: UnitScore) -> dict[str, Any]:
    return {
        "id": unit.key,
        "name": unit.label,
        "dossiers": unit.dossiers,
        "indicators": {str(k): v for k, v in unit.indicators.items()},
        "total": unit.total,
        "classification": unit.classification,
        "satisfaction": unit.satisfaction,
    }


def dossier_json(row: DossierScore) -> dict[str, Any]:
    return {
        "code": row.code,
        "scores": {str(k): v for k, v in row.scores.items()},
        "by_agency": {str(k): v for k, v in row.by_agency.items()},
        "contacts": row.contacts,
        "total": row.total,
    }


class EvaluationView(StaffAPIView):
    @extend_schema(
        tags=[REPORTS],
        summary="Nine evaluation indicators per agency, per officer (can_bo=1) and per dossier (ho_so_can_bo)",
        parameters=[
            *PARAMS,
            OpenApiParameter("can_bo", str, enum=["1"], description="Also per officer (always with don_vi)"),
            OpenApiParameter("ho_so_can_bo", int, description="User id: that officer's scored dossiers"),
        ],
        responses={200: s.EvaluationOutput, **error_responses(400, 401, 403, 404)},
    )
    def get(self, request: Request) -> Response:
        query = _query(request)
        try:
            data = evaluation_data(query)
        except Http404:
            raise exceptions.NotFound from None
        body: dict[str, Any] = {
            "period": query.period.label,
            "start": query.period.start,
            "end": query.period.end,
            "agencies": [unit_json(u) for u in data["agencies"]],
            "notes": {str(k): str(v) for k, v in NOTES.items()},
        }
        if query.officers:
            body["officers"] = [unit_json(u) for u in data["officers"]]
        if query.officer_id is not None:
            body["officer"] = data["officer"]
            body["dossiers"] = [dossier_json(d) for d in data["dossiers"]]
        return Response(s.EvaluationOutput(body).data)


class Index766View(StaffAPIView):
    @extend_schema(
        tags=[REPORTS],
        summary="Decision 766 service index: groups, indicators, rates, points out of 100",
        parameters=PARAMS,
        responses={200: s.Index766Output, **error_responses(400, 401, 403, 404)},
    )
    def get(self, request: Request) -> Response:
        query = _query(request)
        data = index766(scope=query.scope, period=query.period)
        groups = [
            {
                "group": g["group"],
                "label": g["label"],
                "max": g["max"],
                "points": g["points"],
                "verified": g["verified"],
                "indicators": [
                    {
                        "id": line.indicator,
                        "label": line.label,
                        "numerator": line.numerator,
                        "denominator": line.denominator,
                        "value": line.value,
                        "points": line.points,
                        "max_points": line.weight.max_points,
                        "threshold": line.weight.threshold,
                        "verified": line.weight.verified,
                        "no_data": line.no_data,
                        "note": line.note,
                    }
                    for line in g["lines"]
                ],
            }
            for g in data["groups"]
        ]
        body = {
            "period": query.period.label,
            "start": query.period.start,
            "end": query.period.end,
            "total": data["total"],
            "groups": groups,
        }
        return Response(s.Index766Output(body).data)
