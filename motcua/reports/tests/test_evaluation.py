"""The nine evaluation indicators on hand-built cases (reports.md §4): boundaries, classifications,
rounding, the officer and agency boards, scope and the page in Vietnamese."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.http import Http404
from django.urls import reverse

from motcua.dossiers.services import Applicant
from motcua.dossiers.tests.conftest import World
from motcua.feedback.models import Rating
from motcua.reports import evaluation as ev
from motcua.reports.evaluation_unit import average
from motcua.reports.periods import Period, month, quarter
from motcua.reports.rates import score
from motcua.reports.scope import Scope

from .data import at
from .evaluation_cases import EARLY, LATE, MONDAY, ON_TIME, consulted_late, finished, guidance_note, with_supplement

pytestmark = pytest.mark.django_db
MARCH = month(2026, 3)
OTHER_CCCD = "001090012345"  # Hà Nội, male, born 1990
D = Decimal


def scores_by_code(period: Period = MARCH) -> dict[str, ev.DossierScore]:
    return {s.code: s for s in ev.dossier_scores(ev.finished_dossiers(Scope(), period))}


def test_dossier_indicator_rules() -> None:
    assert [ev.score_timeliness(t) for t in ("early", "on_time", "late", "")] == [2, 1, 0, 0]
    assert ev.score_steps(["early", "early"]) == 2
    assert ev.score_steps(["early", "on_time"]) == 1
    assert ev.score_steps(["early", "late"]) == 0
    assert ev.score_steps([]) == 1
    assert [ev.score_contacts(n) for n in (0, 1, 2, 3)] == [2, 1, 0, 0]
    assert ev.score_channels("online", "online") == 2 and ev.score_channels("postal", "post") == 2
    assert ev.score_channels("counter", "post") == 1 and ev.score_channels("online", "counter") == 1
    assert ev.score_channels("online", "online", referrals=1) == 0
    assert ev.score_attitude("early") == 2 and ev.score_attitude("on_time") == 1 and ev.score_attitude("late") == 0
    assert ev.score_attitude("early", founded_complaint=True) == 0


def test_classification_boundaries() -> None:
    officer = [ev.officer_class(D(v)) for v in ("10", "5.0", "4.9", "3.5", "3.4", "0")]
    assert officer == [
        "duties 100 per cent fulfilled",
        "duties 100 per cent fulfilled",
        "70 to under 100 per cent fulfilled",
        "70 to under 100 per cent fulfilled",
        "under 70 per cent fulfilled",
        "under 70 per cent fulfilled",
    ]
    agency = [ev.agency_class(D(v)) for v in ("18", "15", "14.9", "12", "11.9", "9", "8.9", "6", "5.9", "0")]
    assert agency == [
        "excellent",
        "excellent",
        "good",
        "good",
        "fairly good",
        "fairly good",
        "average",
        "average",
        "weak",
        "weak",
    ]


def test_averages_round_to_a_tenth_half_up() -> None:
    assert score(D("1.25")) == D("1.3") and score(D("1.24")) == D("1.2") and score(D("1.35")) == D("1.4")
    assert average([2, 1, 1, 1]) == D("1.3")  # 1.25
    assert average([2] * 6 + [1] * 19) == D("1.2")  # 31 / 25 = 1.24
    assert average([2, 2, 1]) == D("1.7")  # 1.666…
    assert average([]) is None


def test_timeliness_indicators_1_and_7(world: World, time_machine: Any) -> None:
    early = finished(world, time_machine, finish=EARLY)
    on_time = finished(world, time_machine, finish=ON_TIME)
    late = finished(world, time_machine, finish=LATE)
    scores = scores_by_code()
    assert (scores[early.code].scores[1], scores[early.code].scores[7]) == (2, 2)
    assert (scores[on_time.code].scores[1], scores[on_time.code].scores[7]) == (1, 1)
    assert (scores[late.code].scores[1], scores[late.code].scores[7]) == (0, 0)
    # the clerk's 2-hour step, started on the day of receipt, ends days later: late
    assert {s.scores[2] for s in scores.values()} == {0}
    assert {s.by_agency[world.justice.pk] for s in scores.values()} == {0}


def test_steps_all_early_none_late_any_late_indicator_2(world: World, time_machine: Any) -> None:
    all_early = finished(world, time_machine, finish=MONDAY, hour=16)
    on_time = finished(world, time_machine, finish=MONDAY, hour=9)
    one_late = finished(world, time_machine, finish=EARLY, hour=9)
    scores = scores_by_code()
    assert [scores[d.code].scores[2] for d in (all_early, on_time, one_late)] == [2, 1, 0]
    assert [scores[d.code].scores[1] for d in (all_early, on_time, one_late)] == [2, 2, 2]


def test_only_dossiers_finished_in_the_period_are_scored(world: World, time_machine: Any) -> None:
    in_march = finished(world, time_machine, finish=EARLY)
    in_april = finished(world, time_machine, received=dt.date(2026, 3, 30), finish=dt.date(2026, 4, 1))
    assert set(scores_by_code()) == {in_march.code}
    assert set(scores_by_code(month(2026, 4))) == {in_april.code}


def test_steps_late_at_one_agency_indicator_2(world: World, time_machine: Any) -> None:
    dossier = consulted_late(world, time_machine)
    row = scores_by_code()[dossier.code]
    # the desk's and the Department of Justice's steps are on time (none late), the coordinating agency's late
    assert row.by_agency == {world.province.pk: 1, world.justice.pk: 1, world.construction.pk: 0}
    assert row.scores[2] == 0 and row.scores[1] == 2
    justice = ev.agencies_evaluation(Scope(), MARCH)
    assert [(a.label, a.dossiers, a.indicators[2]) for a in justice] == [("Sở Tư pháp", 1, D("1.0"))]
    construction = ev.agencies_evaluation(Scope(agency_id=world.construction.pk), MARCH)[0]
    assert (construction.dossiers, construction.indicators[2], construction.indicators[1]) == (0, D("0.0"), None)


def test_contacts_indicator_3(world: World, time_machine: Any) -> None:
    guidance_note(world, time_machine, MONDAY - dt.timedelta(days=61))  # outside the 60-day window
    guidance_note(world, time_machine, MONDAY - dt.timedelta(days=7))
    other = Applicant(name="Trần Văn An", id_type="cccd", id_number=OTHER_CCCD, phone="0912345679", address="Lào Cai")
    none = finished(world, time_machine, finish=MONDAY, applicant=other)
    one = finished(world, time_machine, finish=MONDAY)  # the guidance note a week before
    two = with_supplement(world, time_machine, finish=EARLY)  # the note and a supplement request
    time_machine.move_to(at(dt.date(2026, 4, 2)))
    scores = scores_by_code()
    assert [(scores[d.code].contacts, scores[d.code].scores[3]) for d in (none, one, two)] == [(0, 2), (1, 1), (2, 0)]


def test_channels_indicator_4(world: World, time_machine: Any) -> None:
    world.version.accepts_postal_intake = True
    world.version.accepts_postal_return = True
    world.version.save()
    desk = finished(world, time_machine, finish=EARLY)
    posted_back = finished(world, time_machine, finish=EARLY, return_method="post", return_address="Số 1, Lào Cai")
    both = finished(
        world, time_machine, finish=EARLY, channel="postal", return_method="post", return_address="Số 1, Lào Cai"
    )
    scores = scores_by_code()
    assert [scores[d.code].scores[4] for d in (desk, posted_back, both)] == [1, 1, 2]


def test_officer_averages_classification_and_dossier_list(world: World, time_machine: Any) -> None:
    early = finished(world, time_machine, finish=EARLY)  # 2 0 2 1 2 = 7 (the clerk's step late)
    late = finished(world, time_machine, finish=LATE)  # 0 0 2 1 0 = 3
    officers = {o.label: o for o in ev.officers_evaluation(Scope(), MARCH)}
    clerk = officers[world.clerk.full_name]
    assert clerk.dossiers == 2
    assert clerk.indicators == {1: D("1.0"), 2: D("0.0"), 3: D("2.0"), 4: D("1.0"), 7: D("1.0")}
    assert clerk.total == D("5.0") and clerk.classification == "duties 100 per cent fulfilled"
    assert set(officers) == {
        world.clerk.full_name,
        world.head.full_name,
        world.specialist.full_name,
        world.leader.full_name,
        world.desk_officer.full_name,
    }
    name, rows = ev.officer_dossiers(Scope(), MARCH, world.clerk.pk)
    assert name == world.clerk.full_name
    assert {r.code: r.total for r in rows} == {early.code: 7, late.code: 3}
    with pytest.raises(Http404):
        ev.officer_dossiers(Scope(), MARCH, world.other_specialist.pk)


def test_agency_sum_unit_indicators_and_satisfaction(world: World, time_machine: Any) -> None:
    dossier = finished(world, time_machine, finish=MONDAY, hour=16)
    Rating.objects.create(
        source="online",
        score="very_satisfied",
        dossier=dossier,
        agency=world.justice,
        created_at=at(EARLY, 11),
        updated_at=at(EARLY, 11),
    )
    time_machine.move_to(at(dt.date(2026, 4, 2)))
    (justice,) = ev.agencies_evaluation(Scope(), quarter(2026, 1))
    # dossier: 2 2 2 1 2; unit: 5 (every procedure accepts the counter) 1, 6 published 1, 8 no feedback 2,
    # 9: the only procedure is not online → 0
    assert justice.indicators == {
        1: D("2.0"),
        2: D("2.0"),
        3: D("2.0"),
        4: D("1.0"),
        5: D(1),
        6: D(1),
        7: D("2.0"),
        8: D(2),
        9: D(0),
    }
    assert justice.total == D("13.0") and justice.classification == "good"
    assert justice.satisfaction == {"very_satisfied": 1}


def test_indicator_9_rule() -> None:
    rule = ev.indicator_9
    assert rule(online_share=D(20), dossier_share=D(30), offered=True, online_late=0) == 2
    assert rule(online_share=D(20), dossier_share=D(30), offered=True, online_late=1) == 0
    assert rule(online_share=D(19), dossier_share=D(30), offered=True, online_late=0) == 1
    assert rule(online_share=D(50), dossier_share=D("29.99"), offered=True, online_late=0) == 1
    assert rule(online_share=D(50), dossier_share=D(15), offered=True, online_late=0) == 1
    assert rule(online_share=D(50), dossier_share=D("14.99"), offered=True, online_late=0) == 0
    assert rule(online_share=D(0), dossier_share=D(0), offered=False, online_late=0) == 0


def test_board_page_scope_and_officer_list(client: Any, world: World, time_machine: Any) -> None:
    dossier = finished(world, time_machine, finish=MONDAY, hour=16)
    time_machine.move_to(at(dt.date(2026, 4, 2)))
    params = {"ky": "quarter", "nam": "2026", "quy": "1"}
    client.force_login(world.leader)
    page = client.get(reverse("reports:evaluation"), params)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Sở Tư pháp" in html and "<td>good</td>" in html and "<strong>13.0</strong> / 18" in html
    page = client.get(reverse("reports:evaluation"), {**params, "can_bo": "1", "ho_so_can_bo": world.clerk.pk})
    html = page.content.decode()
    assert world.clerk.full_name in html and dossier.code in html and "duties 100 per cent fulfilled" in html
    client.force_login(world.other_leader)
    assert client.get(reverse("reports:evaluation"), {**params, "don_vi": world.justice.pk}).status_code == 404
    assert client.get(reverse("reports:index766"), {**params, "don_vi": world.justice.pk}).status_code == 404
    assert client.get(reverse("reports:evaluation"), {**params, "ho_so_can_bo": world.clerk.pk}).status_code == 404
    assert client.get(reverse("reports:evaluation"), {"ky": "quarter", "nam": "2026", "quy": "9"}).status_code == 400
    client.force_login(world.specialist)
    assert client.get(reverse("reports:evaluation"), params).status_code == 403


@pytest.mark.usefixtures("vietnamese")
def test_board_in_vietnamese(client: Any, world: World, time_machine: Any) -> None:
    finished(world, time_machine, finish=MONDAY, hour=16)
    time_machine.move_to(at(dt.date(2026, 4, 2)))
    client.force_login(world.leader)
    html = client.get(reverse("reports:evaluation"), {"ky": "quarter", "nam": "2026", "quy": "1", "can_bo": "1"})
    text = html.content.decode()
    assert "Quý 1/2026" in text
    assert "Đánh giá việc giải quyết thủ tục hành chính" in text
    assert "<td>tốt</td>" in text and "hoàn thành 100% nhiệm vụ" in text
    assert "<strong>13,0</strong> / 18" in text
