"""The report facts always equal a recount from the dossiers' history (issue 6: "aggregates equal
recounts after random transitions"): random sequences of real transitions under a moving clock, and
after every one of them every column of several periods, in total, by agency and by channel, and
the exact dossiers behind each column."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest

from motcua.catalog.choices import StepRole
from motcua.dossiers import services
from motcua.dossiers.choices import TaskStatus
from motcua.dossiers.errors import DossierError
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.conftest import VALID_CCCD, World, checked, fees_paid
from motcua.reports.facts import facts_rebuild
from motcua.reports.models import DossierFact
from motcua.reports.periods import Period
from motcua.reports.scope import Scope
from motcua.reports.selectors import KEYS, column_dossiers, period_report

from .data import TZ
from .recount import recount

pytestmark = pytest.mark.django_db
START = dt.datetime(2026, 3, 2, 8, 30, tzinfo=TZ)


def _actors(world: World) -> dict[str, Any]:
    return {
        StepRole.DEPARTMENT_HEAD: world.head,
        StepRole.SPECIALIST: world.specialist,
        StepRole.AGENCY_LEADER: world.leader,
    }


def _step(world: World, rng: random.Random, dossiers: list[Dossier]) -> str:
    """One random allowed transition (or a new reception); returns what it did."""
    if not dossiers or rng.random() < 0.25:
        kwargs: dict[str, Any] = {}
        if rng.random() < 0.3:
            kwargs = {"return_method": "post", "return_address": "Số 1 Hoàng Liên, Lào Cai"}
        dossiers.append(world.receive(**kwargs))
        return "receive"
    dossier = Dossier.objects.get(pk=rng.choice(dossiers).pk)
    state = dossier.state
    roll = rng.random()
    if state in ("received", "processing", "supplement_requested") and roll < 0.05:
        services.dossier_withdraw(actor=world.desk_officer, dossier=dossier, request_text="Xin rút")
        return "withdraw"
    if state in ("processing", "supplement_requested") and roll < 0.08:
        services.dossier_stop(actor=world.leader, dossier=dossier, reason="Dừng", legal_basis="Điều 1")
        return "stop"
    if state == "received":
        services.dossier_forward(actor=world.desk_officer, dossier=dossier)
        return "forward"
    if state == "supplement_requested":
        services.dossier_complete_supplement(actor=world.desk_officer, dossier=dossier)
        return "complete_supplement"
    if state == "processing":
        if dossier.supplement_count == 0 and roll < 0.25:
            services.dossier_request_supplement(
                actor=world.desk_officer,
                dossier=dossier,
                items=[{"component": "Tờ khai", "defect": "Thiếu chữ ký", "legal_basis": "Điều 45"}],
            )
            return "request_supplement"
        task = dossier.tasks.filter(status=TaskStatus.ACTIVE).order_by("pk").first()
        if task is None:
            return "idle"
        if task.role == StepRole.CLERK:
            services.dossier_finish(actor=world.clerk, dossier=dossier, result=checked("kq.pdf"))
            return "finish"
        services.task_complete(actor=_actors(world)[task.role], dossier=dossier, task_id=task.pk)
        return "complete_step"
    if state == "done":
        dossier = fees_paid(dossier, world.desk_officer)
        extra = (
            {"tracking_number": "EL123456789VN"}
            if dossier.return_method == "post"
            else {"recipient_name": "Nguyễn Thị Hoà", "recipient_id": VALID_CCCD}
        )
        services.dossier_return_result(actor=world.desk_officer, dossier=dossier, **extra)
        return "return"
    return "idle"


def _periods(now: dt.datetime) -> list[Period]:
    today = now.astimezone(TZ).date()
    return [
        Period("custom", dt.date(2026, 3, 1), today),
        Period("custom", today - dt.timedelta(days=3), today),
        Period("custom", dt.date(2026, 3, 1), dt.date(2026, 3, 9)),  # a past period once time has moved on
    ]


def _check(now: dt.datetime) -> None:
    today = now.astimezone(TZ).date()
    for period in _periods(now):
        if period.end > today:
            continue
        expected, codes = recount(period.start, period.end)
        report = period_report(scope=Scope(), period=period)
        assert report.total.counts == expected, (period, report.total.counts, expected)
        assert report.total.balanced
        for key in KEYS:
            listed = set(column_dossiers(scope=Scope(), period=period, key=key).values_list("code", flat=True))
            assert listed == codes[key], (period, key)
        for group_by in ("agency", "channel"):
            rows = period_report(scope=Scope(), period=period, group_by=group_by).rows
            assert {k: sum(r.counts[k] for r in rows) for k in KEYS} == expected


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_facts_equal_a_recount_after_every_random_transition(world: World, time_machine, seed: int) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(seed)
    now = START
    time_machine.move_to(now)
    dossiers: list[Dossier] = []
    done: list[str] = []
    for _ in range(60):
        now += dt.timedelta(hours=rng.choice([1, 3, 7, 20, 30, 50]))
        time_machine.move_to(now)
        try:
            done.append(_step(world, rng, dossiers))
        except DossierError as error:
            done.append(f"refused: {error}")
        _check(now)
    assert {"finish", "complete_step"} <= set(done), done
    assert len({d for d in done if not d.startswith("refused")}) >= 5, done
    before = list(DossierFact.objects.order_by("pk").values())
    facts_rebuild()
    assert list(DossierFact.objects.order_by("pk").values()) == before
