"""Payments API: a dossier's fees (staff in scope, its applicant), the desk's payment (idempotent),
the reconciliation report; permissions and the error shape."""

# ruff: noqa: F811 - the fixtures `world` and `fixed_gateway` are imported from test_staff_support

from __future__ import annotations

import pytest
from django.utils import timezone

from motcua.dossiers.services import dossier_accept
from motcua.dossiers.tests.test_views_online_support import make_citizen, submitted
from motcua.payments.models import Payment, ReconciliationLine
from motcua.payments.services.reconcile import reconcile_day

from .test_staff_support import (  # noqa: F401 - fixtures
    TEST_GATEWAY,
    fixed_gateway,
    gateway_line,
    paid_cash,
    paid_online,
    token_client,
    world,
)

pytestmark = pytest.mark.django_db


def fees_url(dossier):
    return f"/api/v1/dossiers/{dossier.code}/fees/"


def payments_url(dossier):
    return f"/api/v1/dossiers/{dossier.code}/payments/"


def test_fees_for_staff_in_scope(world):
    payment = paid_cash(world)
    dossier = payment.dossier

    body = token_client(world.desk_officer).get(fees_url(dossier)).json()

    assert body["code"] == dossier.code
    assert (body["total_vnd"], body["owed_vnd"], body["owed_before_processing_vnd"]) == (200000, 0, 0)
    assert [(line["name"], line["kind"], line["status"]) for line in body["lines"]] == [
        ("Phí cung cấp thông tin lý lịch tư pháp", "le_phi", "paid")
    ]
    [paid] = body["payments"]
    assert (paid["id"], paid["method"], paid["status"], paid["amount_vnd"]) == (payment.pk, "cash", "paid", 200000)
    assert paid["receipt"] == {"series": f"{world.justice.code}/{payment.receipt_year}", "number": "0000001"}
    assert paid["lines"] == [line["id"] for line in body["lines"]]
    assert body["refunds"] == []


def test_fees_permissions(world):
    dossier = world.receive()

    assert token_client(None).get(fees_url(dossier)).status_code == 401
    stranger = token_client(world.other_leader).get(fees_url(dossier))
    assert stranger.status_code == 404
    assert stranger.json()["code"] == "not_found"
    assert token_client(make_citizen("someone", id_number="001090012346")).get(fees_url(dossier)).status_code == 404
    assert token_client(world.leader).get(fees_url(dossier)).status_code == 200


def test_fees_for_the_owning_applicant(world):
    citizen = make_citizen()
    dossier = dossier_accept(actor=world.desk_officer, dossier=submitted(world, citizen))

    response = token_client(citizen).get(fees_url(dossier))

    assert response.status_code == 200
    assert response.json()["owed_vnd"] == 200000
    assert [line["status"] for line in response.json()["lines"]] == ["owed"]


def test_record_payment_idempotent(world):
    dossier = world.receive()
    client = token_client(world.desk_officer)
    body = {"method": "transfer", "note": "FT25001"}

    first = client.post(payments_url(dossier), body, format="json", headers={"Idempotency-Key": "pay-1"})
    retry = client.post(payments_url(dossier), body, format="json", headers={"Idempotency-Key": "pay-1"})
    reused = client.post(payments_url(dossier), {"method": "cash"}, format="json", headers={"Idempotency-Key": "pay-1"})
    again = client.post(payments_url(dossier), body, format="json", headers={"Idempotency-Key": "pay-2"})

    assert first.status_code == 201, first.json()
    assert first["Location"] == fees_url(dossier)
    assert (first.json()["method"], first.json()["status"], first.json()["note"]) == ("transfer", "paid", "FT25001")
    assert retry.status_code == 200
    assert retry.json() == first.json()
    assert reused.status_code == 422
    assert reused.json()["code"] == "idempotency_key_reused"
    assert again.status_code == 400
    assert again.json()["message_en"] == "Nothing is owed on this dossier."
    assert list(again.json()["detail"]) == ["lines"]
    assert Payment.objects.count() == 1


def test_record_payment_errors_and_permissions(world):
    dossier = world.receive()
    line = dossier.fee_lines.get()

    no_reference = token_client(world.desk_officer).post(payments_url(dossier), {"method": "transfer"}, format="json")
    assert no_reference.status_code == 400
    assert no_reference.json()["message_en"] == "Enter the bank transfer reference."
    assert "note" in no_reference.json()["detail"]

    bad_method = token_client(world.desk_officer).post(payments_url(dossier), {"method": "gold"}, format="json")
    assert bad_method.status_code == 400 and "method" in bad_method.json()["detail"]

    unknown_line = token_client(world.desk_officer).post(
        payments_url(dossier), {"method": "cash", "lines": [line.pk + 999]}, format="json"
    )
    assert unknown_line.status_code == 400

    assert token_client(None).post(payments_url(dossier), {"method": "cash"}, format="json").status_code == 401
    leader = token_client(world.leader).post(payments_url(dossier), {"method": "cash"}, format="json")
    assert leader.status_code == 403
    assert leader.json()["code"] == "permission_denied"
    citizen = token_client(make_citizen()).post(payments_url(dossier), {"method": "cash"}, format="json")
    assert citizen.status_code == 403
    assert citizen.json()["code"] == "not_staff"
    stranger = token_client(world.other_leader).post(payments_url(dossier), {"method": "cash"}, format="json")
    assert stranger.status_code == 404
    assert not Payment.objects.exists()

    chosen = token_client(world.desk_officer).post(
        payments_url(dossier), {"method": "cash", "lines": [line.pk]}, format="json"
    )
    assert chosen.status_code == 201
    assert chosen.json()["lines"] == [line.pk]


def test_reconciliation_endpoint(world, fixed_gateway):
    matched = paid_online(world.receive())
    fixed_gateway.lines = [gateway_line(matched, amount=1)]
    day = timezone.localdate()
    reconcile_day(day=day, gateway=TEST_GATEWAY)
    assert ReconciliationLine.objects.count() == 1

    body = token_client(world.leader).get(f"/api/v1/payments/reconciliation/?day={day.isoformat()}").json()

    assert body["day"] == day.isoformat()
    assert body["alerts"] == 1
    [line] = body["lines"]
    assert (line["txn_ref"], line["status"], line["alert"], line["agency"]) == (
        matched.txn_ref,
        "amount_mismatch",
        True,
        world.justice.code,
    )
    assert (line["gateway_amount_vnd"], line["local_amount_vnd"], line["dossier"]) == (1, 200000, matched.dossier.code)

    other = token_client(world.other_leader).get(f"/api/v1/payments/reconciliation/?day={day.isoformat()}").json()
    assert other["lines"] == []
    bad = token_client(world.leader).get("/api/v1/payments/reconciliation/?day=hôm-qua")
    assert (bad.status_code, bad.json()["code"]) == (400, "invalid_date")
    assert token_client(make_citizen()).get("/api/v1/payments/reconciliation/").status_code == 403
    assert token_client(None).get("/api/v1/payments/reconciliation/").status_code == 401
