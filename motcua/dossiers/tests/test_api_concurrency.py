"""Races through the API on PostgreSQL: many threads, each with its own database connection.

SQLite takes one writer at a time for the whole file, so these races cannot happen there and the
tests are skipped; the row locks and the unique constraint they exercise are PostgreSQL's.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.db import connections
from django.utils import timezone

from motcua.dossiers.models import CodeSequence, Dossier, IdempotencyKey
from motcua.org.choices import Role
from motcua.org.tests.factories import RoleAssignmentFactory

from .api_support import API, create_body, to_processing, token_client

pytestmark = [
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="needs PostgreSQL: SQLite serialises all writers, so these races cannot occur there",
    ),
    pytest.mark.django_db(transaction=True),
    pytest.mark.slow,
]


def in_parallel(count: int, call: Callable[[int], Any]) -> list[Any]:
    """Run `call(0..count-1)` in threads released together; each thread closes its connection."""
    barrier = threading.Barrier(count)
    results: list[Any] = [None] * count
    failures: list[BaseException] = []

    def worker(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = call(index)
        except BaseException as exc:  # re-raised in the test thread below
            failures.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    if failures:
        raise failures[0]
    return results


def test_fifty_concurrent_creates_get_gap_free_codes(world):
    body = create_body(world)
    token_client(world.desk_officer)  # the token exists before the threads start

    def create(index: int) -> tuple[int, str]:
        response = token_client(world.desk_officer).post(
            API, body, format="json", headers={"Idempotency-Key": f"batch-{index}"}
        )
        return response.status_code, response.json().get("code", response.json())

    results = in_parallel(50, create)

    assert [status for status, _ in results] == [201] * 50, results
    codes = sorted(code for _, code in results)
    prefix = f"{world.province.code}-{timezone.localdate():%y%m%d}-"
    assert codes == [f"{prefix}{n:04d}" for n in range(1, 51)]
    assert CodeSequence.objects.get(agency=world.province).last == 50
    assert Dossier.objects.count() == IdempotencyKey.objects.count() == 50


def test_one_key_sent_by_eight_threads_makes_one_dossier(world):
    body = create_body(world)
    token_client(world.desk_officer)

    def create(index: int) -> tuple[int, str]:
        response = token_client(world.desk_officer).post(API, body, format="json", headers={"Idempotency-Key": "once"})
        return response.status_code, response.json()["code"]

    results = in_parallel(8, create)

    assert Counter(status for status, _ in results) == {201: 1, 200: 7}
    assert len({code for _, code in results}) == 1
    assert Dossier.objects.count() == IdempotencyKey.objects.count() == 1
    # The losers' numbers were given back with their rollback: the next dossier is 0002.
    assert CodeSequence.objects.get(agency=world.province, day=timezone.localdate()).last == 1


def _second(world: Any, role: str, name: str) -> None:
    department = world.justice_dept if role == Role.DEPARTMENT_HEAD else None
    desk = world.centre if role == Role.DESK_OFFICER else None
    agency = world.province if role == Role.DESK_OFFICER else world.justice
    world.users[name] = RoleAssignmentFactory(
        role=role, agency=agency, department=department, desk=desk, valid_from=dt.date(2025, 1, 1)
    ).user


@pytest.mark.parametrize(
    ("action", "actors", "history_action"),
    [
        ("forward", ("desk_officer", "desk_officer_2"), "forward"),
        ("complete-step", ("head", "head_2"), "step_complete"),
    ],
)
def test_two_officers_acting_at_once_one_wins_one_gets_409(world, action, actors, history_action):
    if "head_2" in actors:
        _second(world, Role.DEPARTMENT_HEAD, "head_2")
    dossier = world.receive() if action == "forward" else to_processing(world)
    clients = [token_client(world.users[name]) for name in actors]
    version = dossier.lock_version

    def act(index: int) -> int:
        url = f"{API}{dossier.code}/{action}/"
        return clients[index].post(url, {"lock_version": version}, format="json").status_code

    statuses = in_parallel(2, act)

    assert sorted(statuses) == [200, 409]
    assert dossier.history.filter(action=history_action).count() == 1
