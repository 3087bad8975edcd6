from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from motcua.accounts.models import CitizenProfile

from .conftest import CCCD, CCCD_2, register


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers (PostgreSQL)")
@pytest.mark.django_db(transaction=True)
def test_two_registrations_racing_for_one_e_mail_make_one_account():
    barrier = threading.Barrier(2)
    outcomes: list[object] = []

    def attempt(id_number: str, phone: str) -> None:
        barrier.wait()
        try:
            outcomes.append(register(id_number=id_number, phone=phone))
        except ValidationError as exc:
            outcomes.append(exc.message_dict)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=attempt, args=(CCCD, "0912000001")),
        threading.Thread(target=attempt, args=(CCCD_2, "0912000002")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)

    assert CitizenProfile.objects.filter(email_key="mai@example.vn").count() == 1
    refused = [o for o in outcomes if isinstance(o, dict)]
    assert len(refused) == 1
    assert "email" in refused[0]
