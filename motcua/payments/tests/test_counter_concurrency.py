"""Two desk officers record the same dossier's fees at the same moment (PostgreSQL: real row locks).

SQLite takes one writer at a time for the whole file, so the race cannot happen there."""

# ruff: noqa: F811 - the fixtures `world` and `fixed_gateway` are imported from test_staff_support

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.conf import settings
from django.db import connections

from motcua.dossiers.errors import DossierError
from motcua.payments.choices import Method
from motcua.payments.models import Payment, ReceiptSequence
from motcua.payments.services.desk import payment_record_desk

from .test_staff_support import world  # noqa: F401 - fixture

pytestmark = [
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="needs PostgreSQL: SQLite serialises all writers",
    ),
    pytest.mark.django_db(transaction=True),
    pytest.mark.slow,
]


def test_two_officers_recording_at_once_make_one_payment(world):
    dossier = world.receive()
    officers = [world.desk_officer, world.desk_officer_2]
    barrier = threading.Barrier(len(officers))
    outcomes: list[Any] = [None] * len(officers)

    def record(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            outcomes[index] = payment_record_desk(actor=officers[index], dossier=dossier, method=Method.CASH)
        except DossierError as error:
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=record, args=(i,)) for i in range(len(officers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    payments = [o for o in outcomes if isinstance(o, Payment)]
    refusals = [o for o in outcomes if isinstance(o, DossierError)]
    assert len(payments) == 1 and len(refusals) == 1, outcomes
    assert Payment.objects.filter(dossier=dossier).count() == 1
    assert ReceiptSequence.objects.get(agency=world.justice).last == 1
    assert set(dossier.fee_lines.values_list("payment_id", flat=True)) == {payments[0].pk}
