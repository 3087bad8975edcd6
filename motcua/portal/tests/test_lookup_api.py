"""`POST /api/v1/public/lookup/`: the lookup page's rules through the API (services.md §7)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse
from rest_framework.test import APIClient

from motcua.audit.models import PersonalDataAccess
from motcua.dossiers.choices import State
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.conftest import VALID_CCCD, World, build_world
from motcua.org.tests.factories import UserFactory

API = reverse("api-public-lookup")
PAGE = reverse("portal:lookup")
NOW = dt.datetime(2026, 12, 4, 9, 30, 5, tzinfo=dt.UTC)
UNKNOWN = "000.00.00.H15-260101-9999"
NAME, PHONE = "Nguyễn Thị Hoà", "0912345678"


@pytest.fixture(autouse=True)
def _clear_cache() -> Any:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(db: Any) -> World:
    return build_world()


@pytest.fixture
def dossier(world: World) -> Dossier:
    return world.receive()


@pytest.fixture
def api() -> APIClient:
    return APIClient(enforce_csrf_checks=True)


def ask(api: APIClient, code: str, factor: str | None = None) -> Any:
    body = {"code": code} if factor is None else {"code": code, "factor": factor}
    return api.post(API, body, format="json")


def test_code_alone_gives_the_status_and_nothing_personal(api, dossier):
    response = ask(api, dossier.code.lower().replace("-", " - "))

    assert response.status_code == 200
    body = response.json()
    assert body["code"] == dossier.code and body["state"] == "received" and body["details"] is None
    assert body["desk"]["name"] == "Trung tâm Phục vụ hành chính công tỉnh Lào Cai"
    assert body["due_at"] and body["result_ready"] is False and body["return_method"] == "counter"
    text = response.content.decode()
    assert all(value not in text for value in (NAME, PHONE, VALID_CCCD, "Nguy\\u1ec5n"))
    assert PersonalDataAccess.objects.count() == 0


@pytest.mark.parametrize("factor", [PHONE[-4:], VALID_CCCD[-4:]], ids=["phone", "id_number"])
def test_right_factor_adds_details_and_logs_the_access(api, dossier, factor):
    response = ask(api, dossier.code, factor)

    assert response.status_code == 200
    details = response.json()["details"]
    assert details["applicant_name"] == NAME
    assert [c["name"] for c in details["components"]][0] == "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp"
    assert details["history"][0]["action"] == "receive" and details["history"][0]["label"]
    assert [f["key"] for f in details["forms"]] == ["receipt"]
    assert "no-store" in response["Cache-Control"]
    access = PersonalDataAccess.objects.get()
    assert (access.user, access.purpose, access.ip) == (None, "public_lookup", "127.0.0.1")


def test_unknown_draft_and_wrong_factor_get_the_same_404(api, dossier):
    wrong = ask(api, dossier.code, "0000")
    unknown = ask(api, UNKNOWN, "5678")
    unknown_alone = ask(api, UNKNOWN)
    malformed = ask(api, "%%%", "5678")
    Dossier.objects.filter(pk=dossier.pk).update(state=State.DRAFT)
    draft = ask(api, dossier.code)

    responses = (wrong, unknown, unknown_alone, malformed, draft)
    assert {r.status_code for r in responses} == {404}
    assert len({r.content for r in responses}) == 1
    assert wrong.json() == {
        "code": "not_found",
        "message": "Không tìm thấy.",
        "message_en": "Not found.",
        "detail": None,
    }


def test_missing_code_is_a_400(api, db):
    response = api.post(API, {"factor": "1234"}, format="json")
    assert response.status_code == 400 and response.json()["detail"] == {"code": ["This field is required."]}


def test_limit_is_shared_with_the_page_and_answers_429(api, client, dossier):
    with time_machine.travel(NOW, tick=False) as traveller:
        for _ in range(15):
            assert client.get(PAGE, {"ma": dossier.code}).status_code == 200
            assert ask(api, dossier.code).status_code == 200
        refused = ask(api, dossier.code)
        assert refused.status_code == 429
        assert refused["Retry-After"] == "55"
        body = refused.json()
        assert body["code"] == "lookup_limited" and body["detail"] == {"retry_after": 55}
        assert body["message"] == "Tra cứu quá nhiều lần từ kết nối của bạn. Vui lòng thử lại sau 16:31 04/12/2026."
        assert body["message_en"] == "Too many lookups from your connection. Please try again after 16:31 04/12/2026."
        traveller.shift(dt.timedelta(seconds=56))
        assert ask(api, dossier.code).status_code == 200


def test_wrong_factors_lock_the_code(api, dossier):
    with time_machine.travel(NOW, tick=False) as traveller:
        for _ in range(5):
            assert ask(api, dossier.code, "9999").status_code == 404
        locked = ask(api, dossier.code, PHONE[-4:])
        assert locked.status_code == 429 and locked.json()["code"] == "lookup_locked"
        assert locked["Retry-After"] == "3600"
        assert ask(api, dossier.code).status_code == 200  # the status alone stays available
        traveller.shift(dt.timedelta(hours=1, seconds=1))
        assert ask(api, dossier.code, PHONE[-4:]).json()["details"]["applicant_name"] == NAME


def test_anonymous_and_csrf_free_even_with_a_session(api, dossier):
    """A signed-in session is ignored here: no CSRF needed, and no owner shortcut to the details."""
    owner = UserFactory()
    Dossier.objects.filter(pk=dossier.pk).update(applicant=owner)
    api.force_login(owner)
    response = ask(api, dossier.code)
    assert response.status_code == 200 and response.json()["details"] is None
    assert ask(api, dossier.code, PHONE[-4:]).json()["details"]["applicant_name"] == NAME
    assert PersonalDataAccess.objects.get().user is None


def test_code_alone_costs_one_query(api, dossier, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        assert ask(api, dossier.code).status_code == 200
    with django_assert_max_num_queries(1):
        assert ask(api, UNKNOWN).status_code == 404
