"""Queue statistics (services.md §3) and the dashboard's floor tiles (reports.md §6)."""

from __future__ import annotations

import io
from decimal import Decimal

from django.urls import reverse
from openpyxl import load_workbook

from motcua.feedback.models import Score
from motcua.feedback.services import rating_submit_tablet
from motcua.org.choices import Role
from motcua.org.tests.factories import staff
from motcua.queueing.services import ticket_call_next, ticket_finish, ticket_issue, ticket_skip
from motcua.queueing.tests.conftest import at
from motcua.queueing.tests.conftest import clock as clock  # noqa: F401 - the fixture
from motcua.queueing.tests.conftest import floor as floor  # noqa: F401 - the fixture
from motcua.reports.periods import month
from motcua.reports.queue_stats import percentile, queue_stats
from motcua.reports.scope import Scope


def serve(floor, issued, called, finished, counter=0, group=None):
    ticket = ticket_issue(desk=floor.desk, group=group or floor.a, at=at(issued))
    ticket_call_next(counter=floor.counters[counter], officer=floor.officer, at=at(called))
    ticket_finish(counter=floor.counters[counter], officer=floor.officer, at=at(finished))
    return ticket


def test_percentile_nearest_rank():
    assert percentile([], 50) is None
    assert percentile([5, 1, 3], 50) == 3
    assert percentile([float(n) for n in range(1, 11)], 90) == 9


def test_waits_services_no_shows_and_ratings(floor):
    a = serve(floor, 0, 4, 10)  # wait 4, service 6
    serve(floor, 1, 12, 20)  # wait 11, service 8
    serve(floor, 2, 30, 35, counter=2, group=floor.b)  # wait 28 (> 15 target), service 5
    ticket_issue(desk=floor.desk, group=floor.a, at=at(40))
    ticket_call_next(counter=floor.counters[0], officer=floor.officer, at=at(41))
    ticket_skip(counter=floor.counters[0], officer=floor.officer, at=at(45))
    rating_submit_tablet(
        ticket=a, counter=floor.counters[0], score=Score.NOT_SATISFIED, criteria=["waiting"], at=at(11)
    )
    stats = queue_stats(scope=Scope(), period=month(2026, 12), by="group")
    assert (stats.total.tickets, stats.total.served, stats.total.no_show) == (4, 3, 1)
    assert stats.total.wait_p50 == 4 and stats.total.wait_p90 == 28
    assert stats.total.within_target == Decimal("75.00")  # 3 of the 4 called within 15 minutes
    assert stats.total.service_p50 == 6
    assert stats.total.no_show_rate == Decimal("25.00")
    by_group = {r.label.split(" – ")[0]: r for r in stats.rows}
    assert (by_group["A"].tickets, by_group["B"].tickets) == (3, 1)
    assert (by_group["A"].ratings, by_group["A"].satisfaction) == (1, Decimal("0.00"))
    officers = queue_stats(scope=Scope(), period=month(2026, 12), by="officer")
    assert [r.tickets for r in officers.rows] == [4]


def test_page_export_and_dashboard_tiles(client, floor):
    serve(floor, 0, 6, 10)
    ticket_issue(desk=floor.desk, group=floor.a, at=at(11))
    leader = staff(Role.AGENCY_LEADER, agency=floor.desk.agency)
    client.force_login(leader)
    page = client.get(reverse("reports:queue"), {"ky": "month", "nam": 2026, "thang": 12, "theo": "counter"})
    assert page.status_code == 200 and "data-wait-p50>6.0" in page.content.decode().replace(",", ".")
    xlsx = client.get(reverse("reports:queue_export", args=["xlsx"]), {"ky": "month", "nam": 2026, "thang": 12})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert "Trung tâm thử" in values and 2 in values
    dashboard = client.get(reverse("reports:dashboard")).content.decode()
    assert "data-median-wait>6<" in dashboard and "Queues now" in dashboard
    assert client.get(reverse("reports:not_satisfied")).status_code == 200
    client.force_login(floor.officer)  # a desk officer may see reports of their agency
    assert client.get(reverse("reports:queue")).status_code == 200
