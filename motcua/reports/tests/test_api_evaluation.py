"""Evaluation and Decision 766 index API (reports.md §4, §5): bodies, parameters, scope and errors."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from motcua.dossiers.tests.api_support import token_client
from motcua.dossiers.tests.conftest import World

from .data import at
from .evaluation_cases import MONDAY, finished

pytestmark = pytest.mark.django_db
PARAMS = {"ky": "quarter", "nam": "2026", "quy": "1"}


@pytest.fixture
def scored(world: World, time_machine: Any) -> Any:
    dossier = finished(world, time_machine, finish=MONDAY, hour=16)  # every indicator 2 but 4 (the desk)
    time_machine.move_to(at(dt.date(2026, 4, 2)))
    return dossier


def test_evaluation_agencies_officers_and_dossiers(world: World, scored: Any) -> None:
    api = token_client(world.leader)
    body = api.get("/api/v1/reports/evaluation/", PARAMS).json()
    assert body["period"] == "Quarter 1/2026" and body["start"] == "2026-01-01" and body["end"] == "2026-03-31"
    (justice,) = body["agencies"]
    assert justice["id"] == world.justice.pk and justice["dossiers"] == 1
    assert justice["indicators"] == {
        "1": "2.0",
        "2": "2.0",
        "3": "2.0",
        "4": "1.0",
        "5": "1.0",
        "6": "1.0",
        "7": "2.0",
        "8": "2.0",
        "9": "0.0",
    }
    assert justice["total"] == "13.0" and justice["classification"] == "good"
    assert "officers" not in body and set(body["notes"]) == {"3", "4", "5", "6", "7", "8"}
    body = api.get("/api/v1/reports/evaluation/", {**PARAMS, "can_bo": "1"}).json()
    clerk = next(o for o in body["officers"] if o["id"] == world.clerk.pk)
    assert clerk["total"] == "9.0" and clerk["classification"] == "duties 100 per cent fulfilled"
    body = api.get("/api/v1/reports/evaluation/", {**PARAMS, "ho_so_can_bo": world.clerk.pk}).json()
    assert body["officer"] == world.clerk.full_name
    assert body["dossiers"] == [
        {
            "code": scored.code,
            "scores": {"1": 2, "2": 2, "3": 2, "4": 1, "7": 2},
            "by_agency": {str(world.province.pk): 2, str(world.justice.pk): 2},
            "contacts": 0,
            "total": 9,
        }
    ]
    one = api.get("/api/v1/reports/evaluation/", {**PARAMS, "don_vi": world.justice.pk}).json()
    assert [a["id"] for a in one["agencies"]] == [world.justice.pk] and one["officers"]


def test_index766_body(world: World, scored: Any) -> None:
    body = token_client(world.leader).get("/api/v1/reports/index766/", PARAMS).json()
    assert [g["group"] for g in body["groups"]] == [1, 2, 3, 4, 5]
    assert [g["max"] for g in body["groups"]] == ["18.00", "20.00", "22.00", "22.00", "18.00"]
    progress = body["groups"][1]["indicators"][0]
    assert progress == {
        "id": "2.1",
        "label": "Dossiers finished or in progress on time",
        "numerator": 1,
        "denominator": 1,
        "value": "100.00",
        "points": "20.00",
        "max_points": "20.00",
        "threshold": None,
        "verified": False,
        "no_data": False,
        "note": "",
    }
    announced = body["groups"][0]["indicators"][0]
    assert announced["no_data"] and announced["points"] == "0.00" and announced["value"] is None
    total = sum(float(g["points"]) for g in body["groups"])
    assert float(body["total"]) == pytest.approx(total)


def test_scope_and_errors(world: World, scored: Any) -> None:
    other = token_client(world.other_leader)
    assert other.get("/api/v1/reports/evaluation/", {**PARAMS, "don_vi": world.justice.pk}).status_code == 404
    assert other.get("/api/v1/reports/index766/", {**PARAMS, "don_vi": world.justice.pk}).status_code == 404
    assert other.get("/api/v1/reports/evaluation/", {**PARAMS, "ho_so_can_bo": world.clerk.pk}).status_code == 404
    assert other.get("/api/v1/reports/evaluation/", PARAMS).json()["agencies"] == []
    leader = token_client(world.leader)
    assert leader.get("/api/v1/reports/evaluation/", {**PARAMS, "quy": "5"}).status_code == 400
    assert leader.get("/api/v1/reports/index766/", {"ky": "year", "nam": "2099"}).status_code == 400
    assert token_client(world.specialist).get("/api/v1/reports/evaluation/", PARAMS).status_code == 403
    assert token_client(None).get("/api/v1/reports/index766/", PARAMS).status_code == 401
