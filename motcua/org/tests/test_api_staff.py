"""Staff-only scoped reads: an officer sees their agency, a leader also the agencies below, a stranger nothing."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token

from motcua.catalog.tests.factories import FieldFactory
from motcua.org.choices import DeskKind, Role
from motcua.org.tests.factories import (
    AgencyFactory,
    CounterFactory,
    DeskFactory,
    RoleAssignmentFactory,
    UserFactory,
    staff,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    """Agency A with child C, unrelated agency B; one desk and one officer in each."""
    a = AgencyFactory(code="A")
    c = AgencyFactory(code="C", parent=a)
    b = AgencyFactory(code="B")
    return {
        "a": a,
        "b": b,
        "c": c,
        "desk_a": DeskFactory(agency=a, code="DA", kind=DeskKind.PROVINCIAL_CENTRE),
        "desk_b": DeskFactory(agency=b, code="DB"),
        "desk_c": DeskFactory(agency=c, code="DC", is_active=False),
        "officer_a": staff(agency=a, user__full_name="An", user__phone="0912345678", user__email="an@example.vn"),
        "officer_b": staff(agency=b, user__full_name="Bình"),
        "officer_c": staff(agency=c, user__full_name="Chi"),
        "leader_a": staff(role=Role.AGENCY_LEADER, agency=a, user__full_name="Dũng"),
    }


def names(response) -> list[str]:
    return [row["full_name"] for row in response.json()["results"]]


def desk_codes(response) -> list[str]:
    return [row["code"] for row in response.json()["results"]]


@pytest.mark.parametrize("url", ["/api/v1/staff/", "/api/v1/desks/", "/api/v1/desks/1/"])
def test_anonymous_is_told_to_authenticate(client, url):
    response = client.get(url)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    body = response.json()
    assert body["code"] == "not_authenticated"
    assert body["message"].startswith("Cần xác thực")
    assert "Authorization: Token" in body["message_en"]


def test_signed_in_user_without_a_role_is_refused(client):
    client.force_login(UserFactory())

    response = client.get("/api/v1/staff/")

    assert (response.status_code, response.json()["code"]) == (403, "not_staff")
    assert response.json()["message"] == "Chức năng này chỉ dành cho cán bộ đang giữ vai trò."


class TestStaffList:
    def test_officer_sees_only_their_agency_without_contact_data(self, client, world):
        client.force_login(world["officer_a"])

        response = client.get("/api/v1/staff/")

        assert names(response) == ["An", "Dũng"]
        an = response.json()["results"][0]
        assert set(an) == {"id", "full_name", "roles"}
        assert an["roles"] == [
            {
                "role": "desk_officer",
                "role_label": an["roles"][0]["role_label"],
                "agency_code": "A",
                "department_code": None,
                "department_name": None,
                "desk_code": None,
                "valid_from": "2025-01-01",
                "valid_to": None,
            }
        ]
        assert "0912345678" not in response.content.decode()
        assert "an@example.vn" not in response.content.decode()

    def test_leader_also_sees_child_agencies(self, client, world):
        client.force_login(world["leader_a"])

        assert names(client.get("/api/v1/staff/")) == ["An", "Chi", "Dũng"]

    def test_superuser_sees_everyone(self, client, world):
        client.force_login(UserFactory(is_superuser=True))

        assert names(client.get("/api/v1/staff/")) == ["An", "Bình", "Chi", "Dũng"]

    def test_roles_held_elsewhere_are_not_shown(self, client, world):
        RoleAssignmentFactory(user=world["officer_b"], agency=world["a"], role=Role.SPECIALIST)
        client.force_login(world["officer_a"])

        response = client.get("/api/v1/staff/")

        binh = next(row for row in response.json()["results"] if row["full_name"] == "Bình")
        assert [(r["role"], r["agency_code"]) for r in binh["roles"]] == [("specialist", "A")]

    def test_filters_by_role_and_agency(self, client, world):
        client.force_login(world["leader_a"])

        assert names(client.get("/api/v1/staff/", {"role": "agency_leader"})) == ["Dũng"]
        assert names(client.get("/api/v1/staff/", {"agency": "C"})) == ["Chi"]
        assert names(client.get("/api/v1/staff/", {"agency": "B"})) == []

    def test_token_authentication(self, client, world):
        token = Token.objects.create(user=world["officer_b"])

        response = client.get("/api/v1/staff/", headers={"authorization": f"Token {token.key}"})

        assert names(response) == ["Bình"]

    def test_pages_follow_the_cursor_without_counting(self, client, world, django_assert_max_num_queries):
        for n in range(30):
            staff(agency=world["a"], user__full_name=f"Nhân viên {n:02d}")
        client.force_login(world["officer_a"])

        # session, user, role check, scope, page, roles of the page
        with django_assert_max_num_queries(6) as captured:
            first = client.get("/api/v1/staff/", {"page_size": 20})
        assert not any("COUNT(" in q["sql"].upper() for q in captured.captured_queries)
        second = client.get(first.json()["next"])

        seen = names(first) + names(second)
        assert len(seen) == 32
        assert len(set(seen)) == 32
        assert second.json()["next"] is None


class TestDesks:
    def test_officer_lists_desks_of_their_agency(self, client, world):
        client.force_login(world["officer_a"])

        response = client.get("/api/v1/desks/")

        assert desk_codes(response) == ["DA"]
        assert response.json()["results"][0]["agency_code"] == "A"

    def test_leader_sees_child_agency_desks(self, client, world):
        client.force_login(world["leader_a"])

        assert desk_codes(client.get("/api/v1/desks/")) == ["DA", "DC"]
        assert desk_codes(client.get("/api/v1/desks/", {"is_active": "false"})) == ["DC"]
        assert desk_codes(client.get("/api/v1/desks/", {"kind": "provincial_centre"})) == ["DA"]
        assert desk_codes(client.get("/api/v1/desks/", {"agency": "C"})) == ["DC"]

    def test_superuser_sees_all_desks(self, client, world):
        client.force_login(UserFactory(is_superuser=True))

        assert desk_codes(client.get("/api/v1/desks/")) == ["DA", "DB", "DC"]

    def test_detail_has_counters_and_the_fields_they_serve(self, client, world):
        births, land = FieldFactory(name="Hộ tịch", slug="ho-tich"), FieldFactory(name="Đất đai", slug="dat-dai")
        CounterFactory(desk=world["desk_a"], number=1, name="Quầy 1").fields.add(births)
        CounterFactory(desk=world["desk_a"], number=2).fields.add(births, land)
        client.force_login(world["officer_a"])

        body = client.get(f"/api/v1/desks/{world['desk_a'].pk}/").json()

        assert body["code"] == "DA"
        assert [(c["number"], c["name"], [f["slug"] for f in c["fields"]]) for c in body["counters"]] == [
            (1, "Quầy 1", ["ho-tich"]),
            (2, "", ["dat-dai", "ho-tich"]),
        ]
        assert body["fields"] == [{"slug": "dat-dai", "name": "Đất đai"}, {"slug": "ho-tich", "name": "Hộ tịch"}]

    def test_desk_of_another_agency_is_the_same_404_as_a_missing_one(self, client, world):
        client.force_login(world["officer_a"])

        hidden = client.get(f"/api/v1/desks/{world['desk_b'].pk}/")
        missing = client.get("/api/v1/desks/999999/")

        assert hidden.status_code == missing.status_code == 404
        assert hidden.content == missing.content
        assert hidden.json()["code"] == "not_found"

    def test_list_query_count_does_not_grow(self, client, world, django_assert_max_num_queries):
        for n in range(25):
            DeskFactory(agency=world["a"], code=f"D{n:02d}")
        client.force_login(world["officer_a"])

        with django_assert_max_num_queries(5):
            response = client.get("/api/v1/desks/")

        assert len(response.json()["results"]) == 26
