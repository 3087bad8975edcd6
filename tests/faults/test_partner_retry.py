"""A partner system retries: the response of its intake is lost (client time-out) or it sends the same
request twice at once. With one Idempotency-Key there is exactly one dossier, and every answer names it
(201 for the request that created it, 200 for the others: docs/api.md, openapi.yaml), and the codes stay
gap-free (the losing transaction gives its number back). Over real HTTP against gunicorn (2 workers × 2
threads), so the duplicates really run in parallel in separate processes.

The payment gateway's side: the same IPN twice at once over HTTP pays once (below); the IPN racing the
browser's return is motcua/payments/tests/test_ipn_concurrency.py.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
import requests
from django.urls import reverse

from motcua.dossiers.models import Attachment, CodeSequence, Dossier, IdempotencyKey

from .conftest import Server, api_headers, body_factory, postgres_only, token_for, wait_for

pytestmark = [postgres_only, pytest.mark.django_db(transaction=True)]


def together(calls: list[Callable[[], Any]], timeout: float = 60) -> list[Any]:
    """Run the calls in threads released at the same instant; results in order (exceptions as values)."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=10)
            results[index] = calls[index]()
        except Exception as error:  # noqa: BLE001 - returned to the test, which asserts on it
            results[index] = error

    threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    assert not any(thread.is_alive() for thread in threads), "a request did not finish in time"
    return results


def post_intake(server: Server, token: str, body: dict[str, Any], key: str, timeout: float = 30) -> tuple[int, str]:
    response = server.post("/api/v1/dossiers/", json=body, headers=api_headers(token, key), timeout=timeout)
    assert response.status_code in (200, 201), response.text[:500]
    return response.status_code, response.json()["code"]


def assert_one_dossier(codes: list[str]) -> Dossier:
    dossier = Dossier.objects.get()
    assert set(codes) == {dossier.code}
    assert IdempotencyKey.objects.get().dossier == dossier
    assert dossier.code.endswith("-0001") and CodeSequence.objects.get().last == 1  # gap-free
    assert dossier.attachments.count() == 2 and Attachment.objects.count() == 2
    return dossier


def test_lost_response_then_retries_give_the_same_dossier(live_world: Any, gunicorn: Any) -> None:
    server = gunicorn(workers=2, threads=2)
    token = token_for(live_world.desk_officer)
    body = body_factory(live_world)("partner-lost")

    # The first attempt's answer never arrives: the client gives up after 50 ms (an intake takes
    # longer), the server goes on and commits.
    try:
        first = post_intake(server, token, body, "partner-key-1", timeout=0.05)
    except requests.Timeout:
        first = None
    # The partner retries at once from two workers of its own, then once more later.
    retries = together([lambda: post_intake(server, token, body, "partner-key-1")] * 2)
    retries = [r if not isinstance(r, Exception) else pytest.fail(f"a retry failed: {r!r}") for r in retries]
    wait_for(lambda: Dossier.objects.exists(), 30, "the first attempt to commit")
    retries.append(post_intake(server, token, body, "partner-key-1"))

    statuses = [status for status, _ in retries]
    dossier = assert_one_dossier([code for _, code in retries] + ([first[1]] if first else []))
    # Whichever request won created it (201); the lost one usually did, then every retry answers 200.
    assert statuses.count(201) <= 1 and statuses[-1] == 200
    assert server.proc.poll() is None
    print(
        f"\nlost response: first attempt {'timed out' if first is None else first}, retries {statuses}, {dossier.code}"
    )


def test_same_request_twice_at_once_then_once_more(live_world: Any, gunicorn: Any) -> None:
    server = gunicorn(workers=2, threads=2)
    token = token_for(live_world.desk_officer)
    body = body_factory(live_world)("partner-twice")

    results = together([lambda: post_intake(server, token, body, "partner-key-2")] * 2)
    assert not any(isinstance(r, Exception) for r in results), results
    results.append(post_intake(server, token, body, "partner-key-2"))

    assert_one_dossier([code for _, code in results])
    assert sorted(status for status, _ in results) == [200, 200, 201]


def test_the_same_ipn_twice_at_once_pays_once(transactional_db: Any, gunicorn: Any) -> None:
    from motcua.dossiers.tests.conftest import build_world
    from motcua.payments.choices import PaymentStatus
    from motcua.payments.models import Payment, ReceiptSequence
    from motcua.payments.tests.test_gateway_support import draft_of, full_online, ipn_for, make_citizen, start

    world = full_online(build_world())
    citizen = make_citizen()
    server = gunicorn(workers=2, threads=2)
    payment, _ = start(citizen, draft_of(world, citizen), base=server.url)
    params = ipn_for(payment, txn_no="17000001")
    url = reverse("payments:ipn", args=["sandbox"])

    def ipn() -> str:
        response = server.get(url, params=params, timeout=30)
        assert response.status_code == 200, response.text[:300]
        return str(response.json()["RspCode"])

    answers = together([ipn, ipn])
    answers.append(ipn())

    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PAID
    assert sorted(answers) == ["00", "02", "02"]  # paid once; "already confirmed" for the others
    assert ReceiptSequence.objects.get().last == 1 and Payment.objects.get().receipt_no == 1
