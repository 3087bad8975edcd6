"""The period report page: every cell's number equals its drill-down list; exports; API; scope."""

from __future__ import annotations

import csv
import datetime as dt
import io
import subprocess

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from motcua.dossiers.tests.api_support import token_client
from motcua.dossiers.tests.conftest import World
from motcua.reports.columns import COLUMN_LIST
from motcua.reports.models import ReportExport
from motcua.reports.periods import Period
from motcua.reports.scope import Scope
from motcua.reports.selectors import GROUPS, column_dossiers, period_report

from .data import build

pytestmark = pytest.mark.django_db
START = dt.date(2026, 3, 2)  # a Monday, no holidays around
PERIOD = Period("custom", dt.date(2026, 3, 1), dt.date(2026, 3, 12))
PARAMS = {"ky": "custom", "tu": "2026-03-01", "den": "2026-03-12"}


@pytest.fixture
def data(world: World, time_machine):  # type: ignore[no-untyped-def]
    return build(world, time_machine, START)


def test_every_cell_equals_its_list_and_the_table_balances(world: World, data) -> None:  # type: ignore[no-untyped-def]
    for group_by in ["", *GROUPS]:
        report = period_report(scope=Scope(), period=PERIOD, group_by=group_by)
        assert report.total.balanced
        assert report.total["E"] == 9
        for row in report.rows or [report.total]:
            assert row.balanced
            for column in COLUMN_LIST:
                kwargs = {"group_by": group_by, "group_value": row.key} if group_by else {}
                listed = column_dossiers(scope=Scope(), period=PERIOD, key=column.key, **kwargs)
                assert listed.count() == row[column.key], (group_by, row.label, column.key)


def test_columns_hold_the_expected_dossiers(world: World, data) -> None:  # type: ignore[no-untyped-def]
    report = period_report(scope=Scope(), period=PERIOD)
    t = report.total
    assert (t["F"], t["G"], t["H"], t["J"], t["K"], t["N"]) == (2, 1, 0, 1, 1, 1)  # late finishes on 17/03
    assert t["O"] == 2  # early and on time: finished, not handed over
    assert t["P"] == 1

    def codes(key: str) -> set[str]:
        return set(column_dossiers(scope=Scope(), period=PERIOD, key=key).values_list("code", flat=True))

    assert data["supplement"].code in codes("N")
    assert data["overdue"].code in codes("M")
    assert data["late"].code in codes("M")  # still open at 12/03, due 09/03
    assert data["post"].code in codes("P")


def test_page_links_and_drill_down(client, world: World, data) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.leader)
    page = client.get(reverse("reports:period"), {**PARAMS, "nhom": "channel"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "cot=M" in html and "balanced" in html
    cell = client.get(reverse("reports:cell"), {**PARAMS, "cot": "E"})
    assert cell.status_code == 200
    assert "9 dossiers" in cell.content.decode()
    bad = client.get(reverse("reports:period"), {"ky": "custom", "tu": "2026-03-12", "den": "2026-03-01"})
    assert bad.status_code == 400
    assert "ends before it starts" in bad.content.decode()


def test_scope_other_agency_is_404_and_citizen_403(client, world: World, data) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.other_leader)
    assert client.get(reverse("reports:period"), {**PARAMS, "don_vi": world.justice.pk}).status_code == 404
    mine = period_report(scope=Scope(allowed=frozenset({world.construction.pk})), period=PERIOD)
    assert mine.total["E"] == 0
    client.force_login(world.specialist)
    assert client.get(reverse("reports:period"), PARAMS).status_code == 403


def test_exports_read_back(client, world: World, data, tmp_path) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.leader)
    xlsx = client.get(reverse("reports:export", args=["xlsx"]), PARAMS)
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    header = next(i for i, r in enumerate(values) if r[1] and str(r[1]).startswith("A."))
    total = values[header + 1]
    assert total[5] == 9  # E
    assert sheet.cell(row=header + 2, column=6).number_format == "#,##0"
    assert any(isinstance(v, float) for v in total)  # rates as fractions with a percent format
    text = client.get(reverse("reports:export", args=["csv"]), PARAMS).content
    assert text.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))
    assert rows[1][5] == "9" and rows[1][-6] == "100.00"  # on-time rate (F+G)/I = 3/3
    pdf = client.get(reverse("reports:export", args=["pdf"]), PARAMS).content
    path = tmp_path / "r.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "Người lập biểu" in out and "Thủ trưởng đơn vị" in out and "100,00%" in out
    assert ReportExport.objects.filter(requested_by=world.leader).count() == 3
    record = ReportExport.objects.filter(fmt="csv").get()
    assert client.get(reverse("reports:export_download", args=[record.pk])).content == text
    client.force_login(world.other_leader)
    assert client.get(reverse("reports:export_download", args=[record.pk])).status_code == 404


def test_api_period_and_cell(world: World, data) -> None:  # type: ignore[no-untyped-def]
    api = token_client(world.leader)
    body = api.get("/api/v1/reports/period/", {**PARAMS, "nhom": "agency"}).json()
    assert body["total"]["counts"]["E"] == 9
    cell = api.get("/api/v1/reports/period/cell/", {**PARAMS, "cot": "N"}).json()
    assert cell["count"] == 1 and cell["codes"] == [data["supplement"].code]
    assert token_client(world.specialist).get("/api/v1/reports/period/", PARAMS).status_code == 403
    assert token_client(None).get("/api/v1/reports/period/", PARAMS).status_code == 401
    assert api.get("/api/v1/reports/period/", {"ky": "month", "thang": "13"}).status_code == 400


def test_transparency_page_is_public(client, world: World, data) -> None:  # type: ignore[no-untyped-def]
    page = client.get(reverse("transparency:home"))
    assert page.status_code == 200
    assert "Sở Tư pháp" in page.content.decode()
    assert "Nguyễn Thị Hoà" not in page.content.decode()
