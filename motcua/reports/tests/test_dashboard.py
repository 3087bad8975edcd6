"""The leader's dashboard: tiles equal the period report, charts are valid SVG, scope holds."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.urls import reverse

from motcua.dossiers.tests.conftest import World
from motcua.reports import charts
from motcua.reports.periods import month
from motcua.reports.scope import Scope
from motcua.reports.selectors import period_report

from .data import at, build

pytestmark = pytest.mark.django_db


def test_charts_are_well_formed_svg_with_the_numbers() -> None:
    bars = charts.stacked_bars(
        title="Nhận <theo> tháng", labels=["01/26", "02/26"], series=[("A", [3, 4]), ("B", [1, 0])]
    )
    root = ET.fromstring(str(bars))
    assert root.get("role") == "img" and root.findtext("{http://www.w3.org/2000/svg}title") == "Nhận <theo> tháng"
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "4" in texts and "4" in texts  # totals 4 and 4 above the bars
    line = charts.line(title="Đúng hạn", labels=["a", "b", "c"], values=[Decimal("90.5"), None, Decimal("100")])
    ET.fromstring(str(line))
    ET.fromstring(str(charts.hbars(title="x", items=[("Sở & Ban", 3, "3")])))


def test_dashboard_tiles_equal_the_period_report(client, world: World, time_machine) -> None:  # type: ignore[no-untyped-def]
    build(world, time_machine, dt.date(2026, 3, 2))
    time_machine.move_to(at(dt.date(2026, 3, 20)))
    client.force_login(world.leader)
    page = client.get(reverse("reports:dashboard"))
    assert page.status_code == 200
    html = page.content.decode()
    total = period_report(scope=Scope(allowed=frozenset({world.justice.pk})), period=month(2026, 3)).total
    assert f'<span class="v">{total["I"]}</span><span class="l">Finished this month' in html
    assert f'<span class="v">{total["M"]}</span><span class="l">Overdue now' in html
    assert "<svg" in html and "Last 12 months" in html
    assert "trễ" in html  # the overdue list names how late


def test_dashboard_scope(client, world: World, time_machine) -> None:  # type: ignore[no-untyped-def]
    build(world, time_machine, dt.date(2026, 3, 2))
    client.force_login(world.other_leader)
    page = client.get(reverse("reports:dashboard"))
    assert page.status_code == 200
    assert "H15-2603" not in page.content.decode()  # no dossier code of the Sở Tư pháp
    assert client.get(reverse("reports:dashboard"), {"don_vi": world.justice.pk}).status_code == 404
    client.logout()
    assert client.get(reverse("reports:dashboard")).status_code == 302


def test_dashboard_queries_do_not_grow_with_dossiers(
    client, world: World, time_machine, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    made = build(world, time_machine, dt.date(2026, 3, 2))
    client.force_login(world.leader)
    time_machine.move_to(at(dt.date(2026, 3, 20)))
    with CaptureQueriesContext(connection) as before:
        client.get(reverse("reports:dashboard"))
    for _ in range(3):
        world.receive()
    assert made
    with django_assert_max_num_queries(len(before.captured_queries)):
        client.get(reverse("reports:dashboard"))


def test_dashboard_in_vietnamese(client, world: World, vietnamese) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.leader)
    html = client.get(reverse("reports:dashboard")).content.decode()
    assert "Tỷ lệ đúng hạn" in html or "Đúng hạn" in html
