"""Partner API rules: Idempotency-Key on every POST, operator scoping, the error shape."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from motcua.postal.models import PartnerRequest, PostalOrder

from .conftest import PostalWorld, collected_body, order_body

pytestmark = pytest.mark.django_db


def test_replay_returns_the_first_answer_and_creates_nothing_twice(postal: PostalWorld) -> None:
    api = postal.api()
    first = api.post("orders/", order_body(postal), key="order-1")
    again = api.post("orders/", order_body(postal), key="order-1")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert PostalOrder.objects.count() == 1
    code = first.json()["code"]
    body = collected_body(postal)
    assert api.post(f"orders/{code}/collected/", body, key="collect-1").status_code == 200
    replay = api.post(f"orders/{code}/collected/", body, key="collect-1")
    assert replay.status_code == 200 and replay.json()["status"] == "collected"
    assert PostalOrder.objects.get(code=code).scans.count() == 1


def test_same_key_other_body_is_409_and_missing_key_is_400(postal: PostalWorld) -> None:
    api = postal.api()
    assert api.post("orders/", order_body(postal), key="k").status_code == 201
    clash = api.post("orders/", order_body(postal, pickup_address="Nơi khác"), key="k")
    assert clash.status_code == 409
    assert clash.json()["code"] == "idempotency_key_reused"
    assert set(clash.json()) == {"code", "message", "message_en", "detail"}
    missing = api.post("orders/", order_body(postal), key=None)
    assert missing.status_code == 400 and "Idempotency-Key" in missing.json()["detail"]
    assert PostalOrder.objects.count() == 1


def test_a_refused_request_stores_nothing_and_can_be_retried(postal: PostalWorld) -> None:
    api = postal.api()
    bad = api.post("orders/", order_body(postal, pickup_address=""), key="k2")
    assert bad.status_code == 400
    assert not PartnerRequest.objects.filter(key="k2").exists()
    assert api.post("orders/", order_body(postal), key="k2").status_code == 201


def test_other_operator_sees_nothing(postal: PostalWorld) -> None:
    api, other = postal.api(), postal.api(postal.other_user)
    code = api.post("orders/", order_body(postal)).json()["code"]
    assert other.get("orders/").json() == []
    assert other.get(f"orders/{code}/").status_code == 404
    not_found = other.post(f"orders/{code}/collected/", collected_body(postal))
    assert not_found.status_code == 404 and not_found.json()["code"] == "not_found"
    assert other.post("handovers/", {"desk": postal.world.centre.code, "orders": [code]}).status_code == 404
    assert PostalOrder.objects.get(code=code).status == "requested"


def test_callers_without_a_postal_account_are_refused(postal: PostalWorld) -> None:
    assert APIClient().get("/api/postal/orders/").status_code == 401
    staff_only = postal.api(postal.world.desk_officer)
    assert staff_only.get("orders/").status_code == 403


def test_refusals_keep_the_state(postal: PostalWorld) -> None:
    api = postal.api()
    code = api.post("orders/", order_body(postal)).json()["code"]
    body = collected_body(postal)
    body["components"] = [c for c in body["components"] if c["order"] != 2]  # a required document missing
    refused = api.post(f"orders/{code}/collected/", body)
    assert refused.status_code == 400 and refused.json()["detail"]["components"]
    assert PostalOrder.objects.get(code=code).status == "requested"
    early = api.post("handovers/", {"desk": postal.world.centre.code, "orders": [code]})
    assert early.status_code == 409


def test_collected_as_multipart_with_a_file(postal: PostalWorld) -> None:
    import json

    from django.core.files.uploadedfile import SimpleUploadedFile

    from motcua.dossiers.tests.conftest import pdf_bytes

    api = postal.api()
    code = api.post("orders/", order_body(postal)).json()["code"]
    body = collected_body(postal, scans=False)
    payload = {
        "payload": json.dumps(body),
        "scan_2": SimpleUploadedFile("cccd.pdf", pdf_bytes("cccd"), content_type="application/pdf"),
    }
    response = api.client.post(
        f"/api/postal/orders/{code}/collected/", payload, format="multipart", HTTP_IDEMPOTENCY_KEY="mp-1"
    )
    assert response.status_code == 200, response.json()
    order = PostalOrder.objects.get(code=code)
    assert [s.component.order for s in order.scans.all()] == [2]
