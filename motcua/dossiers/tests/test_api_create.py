"""POST /api/v1/dossiers/: counter intake by token or session, idempotent with a key."""

from __future__ import annotations

import copy

import pytest
from rest_framework.test import APIClient

from motcua.audit.models import PersonalDataAccess
from motcua.dossiers.models import Dossier, IdempotencyKey
from motcua.dossiers.services.idempotency import request_hash

from .api_support import API, b64, create_body, token_client

pytestmark = pytest.mark.django_db


def test_token_create_answers_201_with_the_detail(world):
    client = token_client(world.desk_officer)

    response = client.post(API, create_body(world), format="json", headers={"Idempotency-Key": "k-1"})

    assert response.status_code == 201, response.json()
    body = response.json()
    dossier = Dossier.objects.get()
    assert body["code"] == dossier.code
    assert response["Location"] == f"/api/v1/dossiers/{dossier.code}/"
    assert (body["state"], body["state_code"], body["channel"]) == ("received", 2, "counter")
    assert body["applicant"]["id_number"] == "001190012345"
    assert [c["received"] for c in body["components"]] == [True, True, False]
    assert [len(c["scans"]) for c in body["components"]] == [1, 1, 0]
    assert body["history"][0]["action"] == "receive"
    assert [f["key"] for f in body["forms"]] == ["receipt"]
    assert body["actions"][0] == {"action": "forward", "href": f"/api/v1/dossiers/{dossier.code}/forward/"}


def test_same_key_twice_gives_the_same_dossier_and_one_row(world):
    client = token_client(world.desk_officer)
    body = create_body(world)

    first = client.post(API, body, format="json", headers={"Idempotency-Key": "retry-me"})
    again = client.post(API, copy.deepcopy(body), format="json", headers={"Idempotency-Key": "retry-me"})

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["code"] == first.json()["code"]
    assert again["Location"] == first["Location"]
    assert Dossier.objects.count() == 1
    key = IdempotencyKey.objects.get()
    assert (key.user, key.key, key.request_hash) == (world.desk_officer, "retry-me", request_hash(body))


def test_same_key_with_another_body_is_422_and_creates_nothing(world):
    client = token_client(world.desk_officer)
    client.post(API, create_body(world), format="json", headers={"Idempotency-Key": "k"})

    response = client.post(API, create_body(world, sets_count=2), format="json", headers={"Idempotency-Key": "k"})

    assert response.status_code == 422
    assert response.json()["code"] == "idempotency_key_reused"
    assert response.json()["message"].startswith("Idempotency-Key này đã được dùng")
    assert Dossier.objects.count() == 1


def test_keys_are_per_caller(world):
    body = create_body(world)
    token_client(world.desk_officer).post(API, body, format="json", headers={"Idempotency-Key": "same"})

    response = token_client(world.desk_officer_2).post(API, body, format="json", headers={"Idempotency-Key": "same"})

    assert response.status_code == 201
    assert Dossier.objects.count() == 2


def test_without_a_key_each_post_creates_a_dossier(world):
    client = token_client(world.desk_officer)
    body = create_body(world)

    codes = [client.post(API, body, format="json").json()["code"] for _ in range(2)]

    assert codes[0] != codes[1]
    assert Dossier.objects.count() == 2
    assert not IdempotencyKey.objects.exists()


def test_session_of_an_officer_works_too(world):
    client = APIClient()
    client.force_login(world.desk_officer)

    response = client.post(API, create_body(world), format="json")

    assert response.status_code == 201


def test_components_may_be_named_by_order(world):
    body = create_body(world)
    for line, component in zip(body["components"], world.version.components.order_by("order"), strict=True):
        del line["component"]
        line["order"] = component.order

    response = token_client(world.desk_officer).post(API, body, format="json")

    assert response.status_code == 201


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"desk": "NO-SUCH-DESK"}, "desk"),
        ({"procedure": "9.999999"}, "procedure"),
        ({"competent_agency": "000.00.99.X99"}, "competent_agency"),
        ({"return_method": "pigeon"}, "return_method"),
    ],
)
def test_unknown_references_are_400_on_their_field(world, change, field):
    response = token_client(world.desk_officer).post(API, create_body(world, **change), format="json")

    assert response.status_code == 400
    assert (response.json()["code"], list(response.json()["detail"])) == ("invalid", [field])
    assert not Dossier.objects.exists()


def test_a_scan_that_is_not_a_pdf_or_image_is_400_at_its_path(world):
    body = create_body(world)
    body["components"][0]["scans"][0]["content_base64"] = b64(b"MZ\x90\x00 not a document")

    response = token_client(world.desk_officer).post(API, body, format="json")

    assert response.status_code == 400
    detail = response.json()["detail"]["components"]["0"]["scans"]["0"]["non_field_errors"]
    assert detail == ["tp-1.pdf: only PDF, JPEG and PNG files are accepted."]


def test_bad_base64_is_400(world):
    body = create_body(world)
    body["components"][0]["scans"][0]["content_base64"] = "***"

    response = token_client(world.desk_officer).post(API, body, format="json")

    assert response.status_code == 400


def test_a_missing_required_component_is_refused_by_the_service_in_both_languages(world):
    body = create_body(world)
    body["components"][1]["received"] = False

    response = token_client(world.desk_officer).post(API, body, format="json")

    assert response.status_code == 400
    error = response.json()
    assert error["code"] == "invalid"
    assert error["message_en"].startswith("Required components not received: Bản chụp giấy tờ tùy thân")
    assert list(error["detail"]) == ["components"]


def test_an_officer_of_another_desk_cannot_receive_here(world):
    response = token_client(world.specialist).post(API, create_body(world), format="json")

    # The specialist sees no desk of the province: the desk reference itself is refused.
    assert response.status_code == 400
    assert list(response.json()["detail"]) == ["desk"]


def test_an_auditor_who_sees_the_desk_is_403(world):
    response = token_client(world.auditor).post(API, create_body(world), format="json")

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert not Dossier.objects.exists()


def test_anonymous_is_401(world):
    response = token_client(None).post(API, create_body(world), format="json")

    assert response.status_code == 401


def test_an_overlong_key_is_400(world):
    response = token_client(world.desk_officer).post(
        API, create_body(world), format="json", headers={"Idempotency-Key": "x" * 101}
    )

    assert (response.status_code, list(response.json()["detail"])) == (400, ["Idempotency-Key"])


def test_the_create_logs_the_view_of_personal_data(world):
    token_client(world.desk_officer).post(API, create_body(world), format="json")

    access = PersonalDataAccess.objects.get()
    assert (access.user, access.purpose, access.dossier_code) == (
        world.desk_officer,
        "api create",
        Dossier.objects.get().code,
    )
