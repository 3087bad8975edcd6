"""The floor of one centre: three counters, groups A (counters 1 and 2), B (counter 3) and R (all),
an officer working at the centre and one from another centre; the clock on a working Monday 09:00."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from motcua.org.choices import DeskKind, Role
from motcua.org.models import Counter, Desk, User
from motcua.org.tests.factories import AgencyFactory, CounterFactory, DeskFactory, staff

from ..models import ServiceGroup

MONDAY_9 = dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))


@dataclass
class Floor:
    desk: Desk
    counters: list[Counter]
    a: ServiceGroup
    b: ServiceGroup
    r: ServiceGroup
    officer: User
    officer2: User
    stranger: User


def build_floor() -> Floor:
    agency = AgencyFactory()
    desk = DeskFactory(agency=agency, code="TT-TEST", kind=DeskKind.PROVINCIAL_CENTRE, name="Trung tâm thử")
    counters = [CounterFactory(desk=desk, number=n, name=f"Quầy {n}") for n in (1, 2, 3)]
    a = ServiceGroup.objects.create(desk=desk, prefix="A", name="Tư pháp", position=1)
    b = ServiceGroup.objects.create(desk=desk, prefix="B", name="Xây dựng", position=2)
    r = ServiceGroup.objects.create(desk=desk, prefix="R", name="Trả kết quả", position=3)
    a.counters.set(counters[:2])
    b.counters.set(counters[2:])
    r.counters.set(counters)
    officer = staff(Role.DESK_OFFICER, agency=agency, desk=desk)
    officer2 = staff(Role.DESK_OFFICER, agency=agency, desk=desk)
    other = DeskFactory()
    stranger = staff(Role.DESK_OFFICER, agency=other.agency, desk=other)
    return Floor(desk, counters, a, b, r, officer, officer2, stranger)


@pytest.fixture
def clock() -> Any:
    with time_machine.travel(MONDAY_9, tick=False) as traveller:
        yield traveller


@pytest.fixture
def floor(db: Any, clock: Any) -> Floor:
    return build_floor()


def at(minutes: float) -> dt.datetime:
    """Monday 09:00 plus `minutes`."""
    return timezone.localtime(MONDAY_9 + dt.timedelta(minutes=minutes))
