"""The facts follow the dossier through its transitions, and the report balances."""

from __future__ import annotations

import pytest
from django.utils import timezone

from motcua.dossiers.tests.api_support import to_done_paid, to_processing
from motcua.dossiers.tests.conftest import World
from motcua.reports.facts import facts_rebuild
from motcua.reports.models import DossierFact
from motcua.reports.periods import month
from motcua.reports.scope import Scope
from motcua.reports.selectors import column_dossiers, period_report

pytestmark = pytest.mark.django_db


def test_facts_follow_transitions_and_report_balances(world: World) -> None:
    open_one = to_processing(world)
    done = to_done_paid(world)
    assert DossierFact.objects.count() == 2
    fact = DossierFact.objects.get(dossier=done)
    assert fact.end_kind == "done" and fact.ended_on == timezone.localdate()
    today = timezone.localdate()
    report = period_report(scope=Scope(), period=month(today.year, today.month), group_by="agency")
    total = report.total
    assert total["C"] == 2 and total["E"] == 2 and total["I"] == 1 and total["L"] == 1
    assert total.balanced
    cell = column_dossiers(scope=Scope(), period=report.period, key="L")
    assert list(cell) == [open_one]
    before = list(DossierFact.objects.order_by("pk").values())
    facts_rebuild()
    assert list(DossierFact.objects.order_by("pk").values()) == before
