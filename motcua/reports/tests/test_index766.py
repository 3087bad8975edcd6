"""The Decision 766 index (reports.md §5): the scoring rule, the default weights, a weight change from
its date, the progress indicator 2.1 and the indicators without data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from motcua.dossiers import services
from motcua.dossiers.tests.conftest import World
from motcua.reports.index766 import index766, points_for
from motcua.reports.models import IndexWeight
from motcua.reports.periods import month
from motcua.reports.scope import Scope
from motcua.reports.weights import DEFAULTS, GROUP_MAX, Weight, weights_on

from .data import at
from .evaluation_cases import EARLY, MONDAY, finished

pytestmark = pytest.mark.django_db
D = Decimal


def lines(data: dict[str, Any]) -> dict[str, Any]:
    return {line.indicator: line for group in data["groups"] for line in group["lines"]}


def test_scoring_rule_at_above_below_and_without_threshold() -> None:
    w = Weight("3.1", 3, D(4), D(80), False)
    assert points_for(D(80), w) == D(4)  # at
    assert points_for(D("95.5"), w) == D(4)  # above
    assert points_for(D(40), w) == D("2.00")  # below: 40 × 4 ÷ 80
    assert points_for(D("79.99"), w) == D("4.00")  # 3.9995 → 4.00 (0.01 half-up)
    assert points_for(D("33.33"), w) == D("1.67")
    no_threshold = Weight("2.1", 2, D(20), None, False)
    assert points_for(D("83.44"), no_threshold) == D("16.69")  # rate × max
    assert points_for(D(100), no_threshold) == D(20)
    assert points_for(None, no_threshold) == 0  # N/A or no data
    assert points_for(D(100), Weight("2.2", 2, D(0), None, True)) == 0


def test_default_weights_are_the_spec_table() -> None:
    by_id = {w.indicator: w for w in DEFAULTS}
    for group, maximum in GROUP_MAX.items():
        assert sum(w.max_points for w in DEFAULTS if w.group == group) == maximum
    assert sum(GROUP_MAX.values()) == 100
    assert (by_id["1.1"].max_points, by_id["1.2"].max_points, by_id["1.3"].max_points, by_id["1.4"].max_points) == (
        6,
        4,
        2,
        6,
    )
    assert by_id["3.6"].max_points == 10 and by_id["3.1"].max_points == 4 and by_id["4.1"].max_points == D("4.4")
    assert (by_id["3.1"].threshold, by_id["3.3"].threshold, by_id["4.2"].threshold, by_id["5.4"].threshold) == (
        80,
        50,
        80,
        90,
    )
    assert not by_id["2.1"].verified and by_id["5.1"].verified


def test_weight_change_takes_effect_from_its_valid_from(world: World, time_machine: Any) -> None:
    finished(world, time_machine, finish=EARLY)
    finished(world, time_machine, received=dt.date(2026, 3, 30), finish=dt.date(2026, 4, 1))
    time_machine.move_to(at(dt.date(2026, 5, 4)))
    IndexWeight.objects.create(
        indicator="2.1", group=2, max_points=D(30), valid_from=dt.date(2026, 4, 1), verified=True
    )
    assert weights_on(dt.date(2026, 3, 31))["2.1"].max_points == 20
    assert weights_on(dt.date(2026, 4, 1))["2.1"].max_points == 30
    march = lines(index766(scope=Scope(), period=month(2026, 3)))["2.1"]
    april = lines(index766(scope=Scope(), period=month(2026, 4)))["2.1"]
    # March: one finished early, one open within its deadline at 31/03
    assert (march.numerator, march.denominator, march.value, march.points) == (2, 2, D(100), D(20))
    assert (april.numerator, april.denominator, april.value, april.points) == (1, 1, D(100), D(30))
    assert not march.weight.verified and april.weight.verified


def test_progress_2_1_and_groups(world: World, time_machine: Any) -> None:
    time_machine.move_to(at(MONDAY - dt.timedelta(days=7)))
    services.dossier_forward(actor=world.desk_officer, dossier=world.receive())  # due 02/03: overdue at R
    finished(world, time_machine, finish=EARLY)  # early
    time_machine.move_to(at(dt.date(2026, 3, 4)))
    services.dossier_forward(actor=world.desk_officer, dossier=world.receive())  # open, within the deadline
    d = services.dossier_forward(actor=world.desk_officer, dossier=world.receive())
    services.dossier_request_supplement(
        actor=world.desk_officer,
        dossier=d,
        items=[{"component": "Tờ khai", "defect": "Thiếu chữ ký", "legal_basis": "Điều 45"}],
    )  # waiting for its single supplement, requested in time
    time_machine.move_to(at(dt.date(2026, 3, 5)))
    data = index766(scope=Scope(), period=month(2026, 3))
    by_id = lines(data)
    progress = by_id["2.1"]
    assert (progress.numerator, progress.denominator, progress.value, progress.points) == (3, 4, D(75), D(15))
    for key in ("1.1", "1.2", "1.4", "3.5"):
        assert by_id[key].no_data and by_id[key].points == 0 and by_id[key].note
    # no feedback (PAKN) in the period: 5.1 tracks nothing, 5.2 and 5.3 score full points (to confirm)
    assert (by_id["5.1"].numerator, by_id["5.1"].points) == (0, 0)
    assert by_id["5.2"].points == by_id["5.2"].weight.max_points and by_id["5.2"].value is None
    assert (by_id["3.3"].numerator, by_id["3.3"].denominator) == (0, 3)  # received in March, none online
    assert by_id["3.3"].points == 0
    assert by_id["2.2"].points == 0 and by_id["2.2"].value == D("1.0")  # one finished, one day
    assert [g["points"] for g in data["groups"]] == [
        sum((line.points for line in g["lines"]), D(0)) for g in data["groups"]
    ]
    assert data["total"] == sum(g["points"] for g in data["groups"])


def test_index_page_and_exports(client: Any, world: World, time_machine: Any, tmp_path: Any) -> None:
    finished(world, time_machine, finish=EARLY)
    time_machine.move_to(at(dt.date(2026, 4, 2)))
    client.force_login(world.leader)
    params = {"ky": "quarter", "nam": "2026", "quy": "1"}
    page = client.get(reverse("reports:index766"), params)
    html = page.content.decode()
    assert page.status_code == 200 and "/ 100" in html and "no data" in html and "Group 2, Progress" in html
    csv = client.get(reverse("reports:index766_export", args=["csv"]), params)
    assert csv.status_code == 200
    text = csv.content.decode("utf-8-sig")
    assert "2.1,Dossiers finished or in progress on time,1,1,100.00,20.00,20" in text
    xlsx = client.get(reverse("reports:index766_export", args=["xlsx"]), params)
    import io

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    values = [row for row in sheet.iter_rows(values_only=True) if row and row[0] == "2.1"]
    assert values and values[0][4] == 1.0 and values[0][5] == 20
    pdf = client.get(reverse("reports:index766_export", args=["pdf"]), params)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    path = tmp_path / "i.pdf"
    path.write_bytes(pdf.content)
    import subprocess

    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "SERVICE INDEX (DECISION 766)" in out and "Index total" in out


@pytest.mark.usefixtures("vietnamese")
def test_index_page_in_vietnamese(client: Any, world: World, time_machine: Any) -> None:
    finished(world, time_machine, finish=EARLY)
    time_machine.move_to(at(dt.date(2026, 4, 2)))
    client.force_login(world.leader)
    html = client.get(reverse("reports:index766"), {"ky": "quarter", "nam": "2026", "quy": "1"}).content.decode()
    assert "Quý 1/2026" in html and "100,00%" in html
