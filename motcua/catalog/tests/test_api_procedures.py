"""Public catalogue endpoints: the versions in force, their detail, and the `?on=` date."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from motcua.catalog.choices import OnlineLevel, VersionStatus
from motcua.catalog.models import ProcedureVersion
from motcua.catalog.tests.factories import (
    ComponentFactory,
    FeeFactory,
    FieldFactory,
    ProcedureFactory,
    StepFactory,
    VersionFactory,
)
from motcua.org.models import AgencyCodeAlias
from motcua.org.tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db

START = dt.date(2025, 1, 1)


def in_force(code: str, **kwargs: object) -> ProcedureVersion:
    kwargs.setdefault("valid_from", START)
    return VersionFactory(procedure=ProcedureFactory(code=code), status=VersionStatus.PUBLISHED, **kwargs)


def codes(response) -> list[str]:
    return [row["code"] for row in response.json()["results"]]


@pytest.fixture
def birth():
    """Birth registration: v1 until the end of 2025, v2 since, and a draft v3."""
    field = FieldFactory(name="Hộ tịch", slug="ho-tich")
    v1 = in_force("1.001193", number=1, name="Đăng ký khai sinh (cũ)", field=field, valid_to=dt.date(2025, 12, 31))
    v2 = in_force(
        "1.001193",
        number=2,
        name="Đăng ký khai sinh",
        field=field,
        valid_from=dt.date(2026, 1, 1),
        online_level=OnlineLevel.FULL,
        time_is_default=True,
    )
    VersionFactory(procedure=v1.procedure, number=3, name="Đăng ký khai sinh (dự thảo)", field=field)
    ComponentFactory(version=v2, order=1, name="Tờ khai đăng ký khai sinh", form_files=["To khai.docx"])
    ComponentFactory(version=v2, order=2, name="Giấy chứng sinh", required_is_default=True)
    FeeFactory(version=v2, name="Lệ phí quá hạn", amount_vnd=8000, needs_review=True)
    step = StepFactory(version=v2, order=1, name="Tiếp nhận", budget_minutes=240, is_default=True)
    step.coordinating_agencies.add(AgencyFactory(code="000.00.11.H15", name="Công an tỉnh"))
    return v2


class TestFields:
    def test_lists_fields_by_name(self, client):
        FieldFactory(name="Hộ tịch", slug="ho-tich", code="HT")
        FieldFactory(name="Chứng thực", slug="chung-thuc")

        response = client.get("/api/v1/fields/")

        assert response.json()["results"] == [
            {"slug": "chung-thuc", "name": "Chứng thực", "code": ""},
            {"slug": "ho-tich", "name": "Hộ tịch", "code": "HT"},
        ]


class TestProcedureList:
    def test_one_row_per_procedure_in_force_today_and_no_drafts(self, client, birth):
        in_force("2.000001", valid_from=timezone.localdate() + dt.timedelta(days=1))  # not yet
        in_force("2.000002", valid_to=dt.date(2025, 6, 30))  # expired
        VersionFactory(procedure=ProcedureFactory(code="2.000003"))  # draft only

        response = client.get("/api/v1/procedures/")

        assert response.json()["results"] == [
            {
                "code": "1.001193",
                "version": 2,
                "name": "Đăng ký khai sinh",
                "field": {"slug": "ho-tich", "name": "Hộ tịch"},
                "levels": ["commune"],
                "online_level": "full",
                "time_value": "5.0",
                "time_unit": "working_days",
                "time_text": "5 Ngày làm việc",
                "valid_from": "2026-01-01",
                "valid_to": None,
            }
        ]

    def test_filters(self, client, birth):
        agency = AgencyFactory(code="000.20.40.H15")
        AgencyCodeAlias.objects.create(code="000.19.31.H62", agency=agency)
        other = in_force(
            "2.000010", name="Cấp giấy phép xây dựng", levels=["province"], online_level=OnlineLevel.PARTIAL
        )
        other.agencies.add(agency)

        def get(**params: str) -> list[str]:
            return codes(client.get("/api/v1/procedures/", params))

        assert get(q="dang ky khai sinh") == ["1.001193"]
        assert get(q="Đăng ký khai sinh") == ["1.001193"]
        assert get(q="1.001193") == ["1.001193"]
        assert get(field="ho-tich") == ["1.001193"]
        assert get(level="province") == ["2.000010"]
        assert get(level="commune") == ["1.001193"]
        assert get(online_level="full") == ["1.001193"]
        assert get(agency="000.20.40.H15") == ["2.000010"]
        assert get(agency="000.19.31.H62") == ["2.000010"]
        assert get(agency="000.99.99.H99") == []

    def test_cursor_pages_are_ordered_by_code(self, client):
        for n in (3, 1, 4, 2, 5):
            in_force(f"2.00000{n}")

        first = client.get("/api/v1/procedures/", {"page_size": 2})
        second = client.get(first.json()["next"])
        third = client.get(second.json()["next"])

        assert codes(first) + codes(second) + codes(third) == [f"2.00000{n}" for n in range(1, 6)]
        assert third.json()["next"] is None

    def test_tampered_cursor_is_a_400(self, client):
        response = client.get("/api/v1/procedures/", {"cursor": "not-a-cursor"})

        assert (response.status_code, response.json()["code"]) == (400, "invalid_cursor")

    def test_list_query_count_is_flat_and_never_counts(self, client, django_assert_max_num_queries):
        for n in range(30):
            in_force(f"3.{n:06d}")

        with django_assert_max_num_queries(1) as captured:
            response = client.get("/api/v1/procedures/", {"q": "thu tuc"})

        assert len(response.json()["results"]) == 30
        assert "COUNT(" not in captured.captured_queries[0]["sql"].upper()


class TestProcedureDetail:
    def test_detail_of_the_version_in_force_today(self, client, birth, django_assert_max_num_queries):
        with django_assert_max_num_queries(6):
            response = client.get("/api/v1/procedures/1.001193/")

        body = response.json()
        assert (body["code"], body["version"], body["valid_from"], body["valid_to"]) == (
            "1.001193",
            2,
            "2026-01-01",
            None,
        )
        assert (body["time_is_default"], body["online_level_is_default"], body["has_unconfirmed_defaults"]) == (
            True,
            False,
            True,
        )
        assert [(c["name"], c["required_is_default"], c["form_files"]) for c in body["components"]] == [
            ("Tờ khai đăng ký khai sinh", False, ["To khai.docx"]),
            ("Giấy chứng sinh", True, []),
        ]
        assert [(f["name"], f["amount_vnd"], f["needs_review"]) for f in body["fees"]] == [
            ("Lệ phí quá hạn", 8000, True)
        ]
        assert body["steps"] == [
            {
                "order": 1,
                "name": "Tiếp nhận",
                "role": "specialist",
                "department_code": "",
                "budget_minutes": 240,
                "parallel_group": None,
                "coordinating_agencies": [{"code": "000.00.11.H15", "name": "Công an tỉnh"}],
                "is_default": True,
            }
        ]

    def test_on_gives_the_version_in_force_that_day(self, client, birth):
        body = client.get("/api/v1/procedures/1.001193/", {"on": "2025-07-01"}).json()

        assert (body["version"], body["name"], body["valid_to"]) == (1, "Đăng ký khai sinh (cũ)", "2025-12-31")
        assert body["has_unconfirmed_defaults"] is False

    def test_no_version_in_force_that_day_is_404(self, client, birth):
        response = client.get("/api/v1/procedures/1.001193/", {"on": "2024-12-31"})

        assert (response.status_code, response.json()["code"]) == (404, "not_found")

    @pytest.mark.parametrize("bad", ["01/07/2025", "2025-13-01", "yesterday", ""])
    def test_bad_date_is_a_400_that_says_how_to_write_it(self, client, birth, bad):
        response = client.get("/api/v1/procedures/1.001193/", {"on": bad})

        assert response.status_code == 400
        body = response.json()
        assert body["code"] == "invalid_date"
        assert body["message"] == "Ngày không hợp lệ: hãy dùng dạng YYYY-MM-DD, ví dụ 2025-07-01."
        assert body["message_en"] == "Invalid date: use the form YYYY-MM-DD, for example 2025-07-01."
        assert list(body["detail"]) == ["on"]

    def test_draft_only_and_unknown_procedures_are_404(self, client):
        VersionFactory(procedure=ProcedureFactory(code="2.000003"))

        draft = client.get("/api/v1/procedures/2.000003/")
        unknown = client.get("/api/v1/procedures/9.999999/")

        assert draft.status_code == unknown.status_code == 404
        assert draft.content == unknown.content
