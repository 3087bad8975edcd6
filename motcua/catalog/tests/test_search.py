"""Public catalogue search: diacritic-insensitive matching, code lookup, ranking and filters."""

from __future__ import annotations

import datetime as dt

import pytest

from motcua.catalog.choices import VersionStatus
from motcua.catalog.selectors import CatalogFilters, public_procedure_search
from motcua.catalog.tests.factories import FieldFactory, ProcedureFactory, VersionFactory, birth_registration, published
from motcua.org.tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2025, 9, 1)  # a fixed date: the selectors take `on`, so no clock is needed


def names(query: str = "", **filters: object) -> list[str]:
    found = public_procedure_search(filters=CatalogFilters(query=query, **filters), on=TODAY)
    return [version.name for version in found]


@pytest.mark.parametrize("query", ["dang ky khai sinh", "khai sinh", "Đăng ký khai sinh", "1.001193", "KHAI SINH"])
def test_finds_birth_registration_with_or_without_diacritics_and_by_code(query):
    birth_registration()
    published(name="Đăng ký kết hôn")

    assert names(query) == ["Đăng ký khai sinh"]


def test_nfd_input_matches_like_nfc():
    birth_registration()

    assert names("\u0110a\u0306ng ky\u0301 khai sinh") == ["Đăng ký khai sinh"]


def test_every_term_must_match():
    birth_registration()

    assert names("khai sinh ket hon") == []


def test_exact_code_first_then_name_start_then_the_rest_by_name():
    published(name="Cấp bản sao trích lục đăng ký khai sinh", procedure=ProcedureFactory(code="2.000001"))
    published(name="Đăng ký lại khai sinh", procedure=ProcedureFactory(code="1.004884"))
    birth_registration()

    assert names("dang ky") == ["Đăng ký khai sinh", "Đăng ký lại khai sinh", "Cấp bản sao trích lục đăng ký khai sinh"]


def test_exact_code_match_ranks_before_a_longer_code_sharing_its_prefix():
    published(name="Anh hưởng", procedure=ProcedureFactory(code="1.001193.A1"))
    birth_registration()

    assert names("1.001193") == ["Đăng ký khai sinh", "Anh hưởng"]


def test_without_a_query_sorts_by_folded_name_so_d_stroke_sorts_with_d():
    for name in ["Gia hạn giấy phép", "Đăng ký khai sinh", "Cấp giấy phép", "Duyệt phương án"]:
        published(name=name)

    assert names() == ["Cấp giấy phép", "Đăng ký khai sinh", "Duyệt phương án", "Gia hạn giấy phép"]


def test_filters_by_field_slug():
    birth_registration()
    published(name="Cấp phép xây dựng", field=FieldFactory(name="Xây dựng", slug="xay-dung"))

    assert names(field_slug="xay-dung") == ["Cấp phép xây dựng"]


def test_filters_by_competent_agency():
    agency = AgencyFactory()
    mine = published(name="Thủ tục của cơ quan")
    mine.agencies.add(agency, AgencyFactory())
    published(name="Thủ tục khác").agencies.add(AgencyFactory())

    assert names(agency_id=agency.pk) == ["Thủ tục của cơ quan"]


@pytest.mark.parametrize(("level", "expected"), [("commune", ["Cấp xã"]), ("province", ["Cấp tỉnh", "Hai cấp"])])
def test_filters_by_level_in_any_position_of_the_list(level, expected):
    published(name="Cấp xã", levels=["commune"])
    published(name="Cấp tỉnh", levels=["province"])
    published(name="Hai cấp", levels=["ministry", "province"])

    assert names(level=level) == expected


def test_only_versions_in_force_today_are_public():
    published(name="Đang hiệu lực")
    published(name="Hết hiệu lực", valid_to=dt.date(2025, 8, 31))
    published(name="Chưa hiệu lực", valid_from=dt.date(2025, 9, 2))
    VersionFactory(name="Bản nháp", status=VersionStatus.DRAFT, valid_from=dt.date(2025, 1, 1))
    VersionFactory(name="Đã bãi bỏ", status=VersionStatus.RETIRED, valid_from=dt.date(2025, 1, 1))
    published(name="Hết hôm nay", valid_to=TODAY)

    assert names() == ["Đang hiệu lực", "Hết hôm nay"]


def test_one_row_per_procedure_when_versions_follow_each_other():
    birth_registration(valid_from=dt.date(2020, 1, 1), valid_to=dt.date(2025, 6, 30), name="Đăng ký khai sinh (cũ)")
    birth_registration(valid_from=dt.date(2025, 7, 1))

    assert names("khai sinh") == ["Đăng ký khai sinh"]
