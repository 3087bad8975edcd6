"""Races on PostgreSQL (skipped on SQLite, which serialises every writer): publication and revocation
each happen once however many callers arrive together."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.db import connections

from motcua.audit.models import AuditEvent
from motcua.dossiers.choices import State
from motcua.dossiers.errors import ActionNotAllowed
from motcua.dossiers.services import dossier_finish
from motcua.dossiers.services.results import dossier_publish_eresult
from motcua.esign.models import ResultDocument
from motcua.esign.services import result_revoke
from motcua.payments.services.desk import fee_line_exempt

from .conftest import online_at_clerk

pytestmark = [
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="needs PostgreSQL: SQLite serialises all writers, so these races cannot occur there",
    ),
    pytest.mark.django_db(transaction=True),
    pytest.mark.slow,
]


def in_parallel(count: int, call: Callable[[int], Any]) -> list[Any]:
    barrier = threading.Barrier(count)
    results: list[Any] = [None] * count

    def worker(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = call(index)
        except BaseException as exc:  # noqa: BLE001 - collected and checked by the test
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def test_concurrent_publication_returns_the_result_once(world: Any, citizen: Any) -> None:
    dossier = dossier_finish(actor=world.clerk, dossier=online_at_clerk(world, citizen, fees=True), content="Nội dung.")
    assert dossier.state == State.DONE
    # The fees waived behind the services' back, so that no caller has published it yet.
    dossier.fee_lines.update(exempt=True, exemption_reason="Miễn theo quy định")
    results = in_parallel(8, lambda _i: dossier_publish_eresult(dossier=dossier))
    assert not [r for r in results if isinstance(r, BaseException)], results
    assert len([r for r in results if r is not None]) == 1
    dossier.refresh_from_db()
    assert dossier.state == State.RETURNED
    assert dossier.history.filter(action="return_result").count() == 1


def test_exempting_the_last_fee_publishes_the_waiting_e_result(world: Any, citizen: Any) -> None:
    dossier = dossier_finish(actor=world.clerk, dossier=online_at_clerk(world, citizen, fees=True), content="Nội dung.")
    assert dossier.state == State.DONE
    for line in dossier.fee_lines.all():
        fee_line_exempt(actor=world.desk_officer, line=line, reason="Miễn theo quy định")
    dossier.refresh_from_db()
    assert dossier.state == State.RETURNED


def test_concurrent_revocations_record_one(world: Any, citizen: Any) -> None:
    dossier = dossier_finish(actor=world.clerk, dossier=online_at_clerk(world, citizen), content="Nội dung.")
    issued = ResultDocument.objects.get(dossier=dossier)
    results = in_parallel(6, lambda i: result_revoke(actor=world.leader, result=issued, reason=f"Lý do {i}"))
    assert len([r for r in results if isinstance(r, ResultDocument)]) == 1
    assert all(isinstance(r, ActionNotAllowed) for r in results if not isinstance(r, ResultDocument))
    assert AuditEvent.objects.filter(kind="esign.revoked", object_id=str(issued.pk)).count() == 1
