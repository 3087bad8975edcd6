"""Evaluation indicators and the 766 index on hand-built cases (reports.md §4, §5)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from motcua.dossiers.tests.api_support import token_client
from motcua.dossiers.tests.conftest import World
from motcua.reports import evaluation as ev
from motcua.reports.index766 import index766, points_for
from motcua.reports.models import IndexWeight
from motcua.reports.periods import Period
from motcua.reports.rates import score
from motcua.reports.scope import Scope
from motcua.reports.weights import Weight, weights_on

from .data import at, build

pytestmark = pytest.mark.django_db
PERIOD = Period("custom", dt.date(2026, 3, 1), dt.date(2026, 3, 31))


def test_dossier_indicator_boundaries() -> None:
    assert [ev.score_timeliness(t) for t in ("early", "on_time", "late")] == [2, 1, 0]
    assert ev.score_steps(["early", "early"]) == 2
    assert ev.score_steps(["early", "on_time"]) == 1
    assert ev.score_steps(["early", "late"]) == 0
    assert [ev.score_contacts(n) for n in (0, 1, 2)] == [2, 1, 0]
    assert ev.score_channels("online", "online") == 2 and ev.score_channels("postal", "post") == 2
    assert ev.score_channels("counter", "post") == 1 and ev.score_channels("online", "counter") == 1
    assert ev.score_attitude("early") == 2 and ev.score_attitude("early", founded_complaint=True) == 0


def test_classification_boundaries_and_rounding() -> None:
    assert ev.officer_class(Decimal("5.0")) == "duties 100 per cent fulfilled"
    assert ev.officer_class(Decimal("4.9")) == "70 to under 100 per cent fulfilled"
    assert ev.officer_class(Decimal("3.5")) == "70 to under 100 per cent fulfilled"
    assert ev.officer_class(Decimal("3.4")) == "under 70 per cent fulfilled"
    assert [ev.agency_class(Decimal(v)) for v in ("15", "14.9", "12", "9", "8.9", "6", "5.9")] == [
        "excellent",
        "good",
        "good",
        "fairly good",
        "average",
        "average",
        "weak",
    ]
    assert score(Decimal("1.25")) == Decimal("1.3") and score(Decimal("1.24")) == Decimal("1.2")


def test_766_scoring_rule() -> None:
    w = Weight("3.1", 3, Decimal("5.5"), Decimal(80), False)
    assert points_for(Decimal(80), w) == Decimal("5.5")
    assert points_for(Decimal(95), w) == Decimal("5.5")
    assert points_for(Decimal(40), w) == Decimal("2.75")
    no_threshold = Weight("2.1", 2, Decimal(20), None, False)
    assert points_for(Decimal("83.44"), no_threshold) == Decimal("16.69")
    assert points_for(None, no_threshold) == 0


def test_weight_change_from_its_date() -> None:
    assert weights_on(dt.date(2026, 3, 31))["2.1"].max_points == 20
    IndexWeight.objects.create(indicator="2.1", group=2, max_points=Decimal(25), valid_from=dt.date(2026, 4, 1))
    assert weights_on(dt.date(2026, 3, 31))["2.1"].max_points == 20
    assert weights_on(dt.date(2026, 4, 1))["2.1"].max_points == 25


def test_scores_on_real_dossiers(world: World, time_machine) -> None:  # type: ignore[no-untyped-def]
    made = build(world, time_machine, dt.date(2026, 3, 2))
    time_machine.move_to(at(dt.date(2026, 4, 2)))
    scores = {s.code: s.scores for s in ev.dossier_scores(ev.finished_dossiers(Scope(), PERIOD))}
    assert scores[made["early"].code][1] == 2
    assert scores[made["on_time"].code][1] == 1
    assert scores[made["late"].code][1] == 0 and scores[made["late"].code][7] == 0
    assert scores[made["early"].code][4] == 1  # at the counter
    assert scores[made["early"].code][3] == 2  # no contacts
    agencies = ev.agencies_evaluation(Scope(), PERIOD)
    assert [a.label for a in agencies] == ["Sở Tư pháp"]
    justice = agencies[0]
    assert justice.dossiers == 4
    assert justice.indicators[1] == score(Decimal(2 + 1 + 0 + 2) / 4)  # early, on time, late, early (post)
    assert justice.classification == ev.agency_class(justice.total)
    officers = {o.label: o for o in ev.officers_evaluation(Scope(), PERIOD)}
    clerk = officers[world.clerk.full_name]
    assert clerk.dossiers == 4 and clerk.classification == ev.officer_class(clerk.total)


def test_index_and_pages(client, world: World, time_machine) -> None:  # type: ignore[no-untyped-def]
    build(world, time_machine, dt.date(2026, 3, 2))
    time_machine.move_to(at(dt.date(2026, 4, 2)))
    data = index766(scope=Scope(), period=PERIOD)
    lines = {line.indicator: line for g in data["groups"] for line in g["lines"]}
    assert lines["1.1"].points == 0 and lines["1.1"].note
    assert lines["3.3"].numerator == 0 and lines["3.3"].denominator == 9
    assert data["total"] == sum(g["points"] for g in data["groups"])
    client.force_login(world.leader)
    params = {"ky": "month", "nam": "2026", "thang": "3"}
    assert client.get(reverse("reports:evaluation"), params).status_code == 200
    page = client.get(reverse("reports:index766"), params)
    assert page.status_code == 200 and "/ 100" in page.content.decode()
    for name in ("reports:evaluation_export", "reports:index766_export"):
        for fmt in ("xlsx", "csv", "pdf"):
            assert client.get(reverse(name, args=[fmt]), params).status_code == 200
    api = token_client(world.leader)
    assert api.get("/api/v1/reports/index766/", params).json()["groups"][1]["indicators"][0]["id"] == "2.1"
    body = api.get("/api/v1/reports/evaluation/", {**params, "theo_can_bo": "1"}).json()
    assert body["agencies"][0]["dossiers"] == 4
    assert {o["name"] for o in body["officers"]} >= {world.clerk.full_name}
    client.force_login(world.other_leader)
    assert client.get(reverse("reports:evaluation"), {**params, "don_vi": world.justice.pk}).status_code == 404
