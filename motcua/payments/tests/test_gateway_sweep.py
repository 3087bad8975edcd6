"""The expiry sweep: pending attempts past their expiry + 15 minutes are queried at the gateway (the
sandbox's API over real HTTP) and settled, or marked expired when the gateway never saw a payment."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from motcua.payments import tasks
from motcua.payments.choices import PaymentStatus
from motcua.payments.models import GatewayCallback, Payment, SandboxTransaction
from motcua.payments.services.gateway_flow import payment_expire_sweep

from .test_gateway_support import TMN, build_world, draft_of, full_online, ipn_for, make_citizen, start

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


@pytest.fixture
def attempts(live_server: Any, settings: Any) -> tuple[Payment, Payment]:
    settings.MOTCUA = {**settings.MOTCUA, "PUBLIC_BASE_URL": live_server.url}
    world = full_online(build_world())
    first, second = make_citizen(), make_citizen("other", id_number="001090012346")
    paid_there, _ = start(first, draft_of(world, first), base=live_server.url)
    never, _ = start(second, draft_of(world, second), base=live_server.url)
    params = ipn_for(paid_there, txn_no="16000001")
    SandboxTransaction.objects.create(  # the gateway's ledger: paid there, the IPN never reached us
        tmn_code=TMN,
        txn_ref=paid_there.txn_ref,
        txn_no=params["vnp_TransactionNo"],
        amount=paid_there.amount_vnd * 100,
        status="00",
        response_code="00",
        paid_at=timezone.now(),
        params={"order": {"vnp_OrderInfo": "x"}},
    )
    return paid_there, never


def test_nothing_is_touched_before_expiry_plus_grace(attempts) -> None:
    assert payment_expire_sweep(timezone.now() + dt.timedelta(minutes=29)) == {
        "settled": 0,
        "expired": 0,
        "unreachable": 0,
    }
    assert set(Payment.objects.values_list("status", flat=True)) == {PaymentStatus.PENDING}


def test_the_sweep_settles_what_was_paid_and_expires_the_rest(attempts) -> None:
    paid_there, never = attempts
    counts = payment_expire_sweep(timezone.now() + dt.timedelta(minutes=31))
    assert counts == {"settled": 1, "expired": 1, "unreachable": 0}
    paid_there.refresh_from_db()
    never.refresh_from_db()
    assert paid_there.status == PaymentStatus.PAID and paid_there.receipt_no == 1
    assert paid_there.dossier.state == "submitted"  # the fully online draft was submitted
    assert never.status == PaymentStatus.EXPIRED and never.dossier.state == "draft"
    assert GatewayCallback.objects.filter(kind="query").count() == 2
    assert payment_expire_sweep(timezone.now() + dt.timedelta(minutes=60))["settled"] == 0  # nothing left


def test_a_late_ipn_for_an_expired_attempt_still_records_the_money(attempts, client) -> None:
    from django.urls import reverse

    _paid_there, never = attempts
    payment_expire_sweep(timezone.now() + dt.timedelta(minutes=31))
    response = client.get(reverse("payments:ipn", args=["sandbox"]), ipn_for(never, txn_no="16000002"))
    assert response.json()["RspCode"] == "00"
    never.refresh_from_db()
    assert never.status == PaymentStatus.PAID


def test_the_task_and_the_command_run_the_sweep(attempts) -> None:
    assert tasks.expire_sweep.apply().get() == {"settled": 0, "expired": 0, "unreachable": 0}
    out = StringIO()
    call_command("payments_sweep", stdout=out)
    assert "Settled 0, expired 0" in out.getvalue()
