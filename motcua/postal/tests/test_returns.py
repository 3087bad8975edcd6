"""Return by post for a dossier received at the counter, and the double signature race."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection

from motcua.dossiers import services
from motcua.dossiers.errors import DossierError
from motcua.dossiers.models import Dossier
from motcua.notifications.models import OutboxMessage
from motcua.payments.services.counter import payment_record_counter
from motcua.postal.models import PostalHandover, PostalOrder
from motcua.postal.services import ParcelCheck, postal_handover_sign

from .conftest import SECRET, SECRET_ENV, PostalWorld, build_postal, collected_body, order_body
from .test_api_flow import to_done


@pytest.mark.django_db
def test_counter_dossier_with_postal_return(postal: PostalWorld) -> None:
    dossier = postal.world.receive(return_method="post", return_address="Số 9 Hoàng Liên, Lào Cai")
    dossier = to_done(postal, dossier)
    order = PostalOrder.objects.get(dossier=dossier)
    assert (order.kind, order.status, order.operator, order.return_address) == (
        "return",
        "result_ready",
        postal.operator,
        "Số 9 Hoàng Liên, Lào Cai",
    )
    assert OutboxMessage.objects.filter(event="postal.result_ready", channel="sms").exists()
    assert [r["dossier"] for r in postal.api().get("results/", ready=1).json()] == [dossier.code]
    # The desk records the postal return itself on the dossier page (fees paid first): the order follows.
    payment_record_counter(actor=postal.world.desk_officer, dossier=dossier, method="cash")
    services.dossier_return_result(actor=postal.world.desk_officer, dossier=dossier, tracking_number="RR4444VN")
    order.refresh_from_db()
    assert (order.status, order.outbound_tracking) == ("in_transit", "RR4444VN")
    again = postal.api().post(f"results/{dossier.code}/picked-up/", {"tracking_number": "RR5555VN"})
    assert again.status_code == 409


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_two_officers_signing_at_once_receive_each_parcel_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(SECRET_ENV, SECRET)
    pw = build_postal()
    api = pw.api()
    code = api.post("orders/", order_body(pw)).json()["code"]
    api.post(f"orders/{code}/collected/", collected_body(pw))
    created = api.post("handovers/", {"desk": pw.world.centre.code, "orders": [code]}).json()
    record = PostalHandover.objects.get(pk=created["id"])
    order = PostalOrder.objects.get(code=code)
    outcomes: list[Any] = []
    barrier = threading.Barrier(2)

    def sign(user: Any) -> None:
        try:
            barrier.wait()
            postal_handover_sign(actor=user, handover=record, checks=[ParcelCheck(order.pk, True)], counted=1)
            outcomes.append("signed")
        except DossierError as exc:
            outcomes.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=sign, args=(u,)) for u in (pw.world.desk_officer, pw.world.desk_officer_2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["not_allowed", "signed"]
    assert Dossier.objects.count() == 1
