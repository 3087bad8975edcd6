"""The browser's return (which queries the gateway over HTTP) and the IPN arriving at the same moment,
on PostgreSQL with one connection per thread: the payment is settled once, with one receipt number.

SQLite takes one writer at a time for the whole file, so the race cannot happen there; skipped."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.db import connections
from django.utils import timezone

from motcua.audit.models import AuditEvent
from motcua.payments.choices import PaymentStatus
from motcua.payments.gateways.base import gateway_get
from motcua.payments.gateways.vnpay import GMT7
from motcua.payments.models import GatewayCallback, Payment, ReceiptSequence, SandboxTransaction
from motcua.payments.services.gateway_callbacks import ipn_handle, return_handle

from .test_gateway_support import SECRET, TMN, build_world, draft_of, full_online, ipn_for, make_citizen, start

pytestmark = [
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="needs PostgreSQL: SQLite serialises all writers, so this race cannot occur there",
    ),
    pytest.mark.django_db(transaction=True),
    pytest.mark.slow,
]


def in_parallel(calls: list[Callable[[], Any]]) -> list[Any]:
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)
    failures: list[BaseException] = []

    def worker(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = calls[index]()
        except BaseException as exc:  # re-raised in the test thread below
            failures.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    if failures:
        raise failures[0]
    return results


def test_return_and_ipn_at_once_settle_once(live_server: Any) -> None:
    world = full_online(build_world())
    for round_no in range(4):
        citizen = make_citizen(f"citizen{round_no}", id_number=f"00119001234{round_no}")
        payment, _url = start(citizen, draft_of(world, citizen), base=live_server.url)
        params = ipn_for(payment, txn_no=f"1500000{round_no}")
        # What the gateway's own ledger says (queried by the return page): paid.
        SandboxTransaction.objects.create(
            tmn_code=TMN,
            txn_ref=payment.txn_ref,
            txn_no=params["vnp_TransactionNo"],
            amount=payment.amount_vnd * 100,
            status="00",
            response_code="00",
            paid_at=timezone.now().astimezone(GMT7),
            params={"order": {"vnp_OrderInfo": "x"}},
        )

        def by_ipn(params: dict[str, str] = params) -> str:
            return ipn_handle(gateway=gateway_get("sandbox"), params=params).code

        def by_return(params: dict[str, str] = params) -> str:
            gateway = gateway_get("sandbox")
            gateway.base_url = live_server.url  # type: ignore[attr-defined]
            found, genuine = return_handle(gateway=gateway, params=params)
            assert genuine and found is not None
            return found.status

        ipn_code, seen = in_parallel([by_ipn, by_return])
        payment.refresh_from_db()
        assert payment.status == PaymentStatus.PAID and seen == PaymentStatus.PAID
        assert ipn_code in ("00", "02")
        settled = [
            ipn_code,
            *GatewayCallback.objects.filter(payment=payment, kind="query").values_list("outcome", flat=True),
        ]
        assert settled.count("00") == 1, settled  # exactly one of the two paths applied it
    assert ReceiptSequence.objects.get().last == 4
    assert sorted(Payment.objects.values_list("receipt_no", flat=True)) == [1, 2, 3, 4]
    assert AuditEvent.objects.filter(kind="payment.paid").count() == 4
    assert SECRET  # the sandbox's fixed test secret signed every message here
