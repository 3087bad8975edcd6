"""Public unit and agency endpoints, and the code resolution behind them (lifecycle.md §6)."""

from __future__ import annotations

import datetime as dt

import pytest

from motcua.org.choices import AgencyLevel, SuccessionKind, UnitLevel
from motcua.org.models import AdministrativeUnit, Agency, AgencyCodeAlias, Succession
from motcua.org.tests.factories import REFORM_DAY, AgencyFactory, UnitFactory
from motcua.org.units import agency_resolve_code, unit_resolve

pytestmark = pytest.mark.django_db

OLD_FROM = dt.date(2008, 1, 1)
LAST_OLD_DAY = dt.date(2025, 6, 30)


def closed(**kwargs: object) -> AdministrativeUnit:
    return UnitFactory(valid_from=OLD_FROM, valid_to=LAST_OLD_DAY, **kwargs)


def succeed(old: AdministrativeUnit, new: AdministrativeUnit, kind: str = SuccessionKind.MERGE) -> Succession:
    return Succession.objects.create(old=old, new=new, kind=kind, effective_date=REFORM_DAY, legal_basis="NQ 1673")


@pytest.fixture
def province() -> AdministrativeUnit:
    return UnitFactory(code="15", name="Tỉnh Lào Cai", level=UnitLevel.PROVINCE, codename="lao_cai")


@pytest.fixture
def mu_cang_chai(province: AdministrativeUnit) -> AdministrativeUnit:
    """A commune formed on 01/07/2025 by merging Khao Mang and Mồ Dề."""
    new = UnitFactory(code="04540", name="Xã Mù Cang Chải", parent=province, codename="xa_mu_cang_chai")
    for code, name, codename in [("04519", "Xã Khao Mang", "xa_khao_mang"), ("04522", "Xã Mồ Dề", "xa_mo_de")]:
        succeed(closed(code=code, name=name, codename=codename), new)
    return new


def codes(response) -> list[str]:
    return [row["code"] for row in response.json()["results"]]


class TestUnitList:
    def test_lists_units_in_force_by_default(self, client, mu_cang_chai, province):
        response = client.get("/api/v1/units/")

        assert response.status_code == 200
        assert codes(response) == ["04540", "15"]
        assert response.json()["results"][0] == {
            "code": "04540",
            "name": "Xã Mù Cang Chải",
            "level": "commune",
            "division_type": "",
            "parent_code": "15",
            "valid_from": "2025-07-01",
            "valid_to": None,
            "is_current": True,
        }

    def test_current_only_false_adds_closed_units(self, client, mu_cang_chai):
        response = client.get("/api/v1/units/", {"current_only": "false"})

        assert codes(response) == ["04519", "04522", "04540", "15"]
        assert [row["is_current"] for row in response.json()["results"]] == [False, False, True, True]

    def test_filters_by_level_and_parent(self, client, mu_cang_chai, province):
        assert codes(client.get("/api/v1/units/", {"level": "province"})) == ["15"]
        assert codes(client.get("/api/v1/units/", {"parent": "15"})) == ["04540"]
        assert codes(client.get("/api/v1/units/", {"parent": "99"})) == []

    @pytest.mark.parametrize("q", ["Mù Cang", "mù cang chải", "mu cang chai", "MU CANG", "04540"])
    def test_q_matches_name_with_or_without_diacritics(self, client, mu_cang_chai, q):
        assert codes(client.get("/api/v1/units/", {"q": q})) == ["04540"]

    def test_q_finds_old_names_among_closed_units(self, client, mu_cang_chai):
        response = client.get("/api/v1/units/", {"q": "khao mang", "current_only": "false"})

        assert codes(response) == ["04519"]

    def test_unknown_level_is_a_400_in_the_error_shape(self, client):
        response = client.get("/api/v1/units/", {"level": "village"})

        assert response.status_code == 400
        body = response.json()
        assert body["code"] == "invalid"
        assert body["message"] == "Dữ liệu không hợp lệ."
        assert body["message_en"] == "Invalid input."
        assert list(body["detail"]) == ["level"]

    def test_list_takes_one_query_whatever_the_size(self, client, province, django_assert_max_num_queries):
        UnitFactory.create_batch(30, parent=province)

        with django_assert_max_num_queries(1):
            response = client.get("/api/v1/units/", {"page_size": 20})

        assert len(response.json()["results"]) == 20
        assert response.json()["next"]


class TestUnitDetail:
    def test_current_unit_resolves_to_itself(self, client, mu_cang_chai):
        body = client.get("/api/v1/units/04540/").json()

        assert body["is_current"] is True
        assert body["successors"] == []
        assert body["resolved_to"] == [{"code": "04540", "name": "Xã Mù Cang Chải", "level": "commune"}]

    def test_old_code_answers_with_its_successor_instead_of_404(self, client, mu_cang_chai):
        response = client.get("/api/v1/units/04519/")

        assert response.status_code == 200
        body = response.json()
        assert (body["code"], body["name"], body["is_current"], body["valid_to"]) == (
            "04519",
            "Xã Khao Mang",
            False,
            "2025-06-30",
        )
        assert body["successors"] == [
            {
                "kind": "merge",
                "effective_date": "2025-07-01",
                "legal_basis": "NQ 1673",
                "unit": {"code": "04540", "name": "Xã Mù Cang Chải", "level": "commune"},
            }
        ]
        assert body["resolved_to"] == [{"code": "04540", "name": "Xã Mù Cang Chải", "level": "commune"}]

    def test_unknown_code_is_404_in_the_error_shape(self, client):
        response = client.get("/api/v1/units/00000/")

        assert response.status_code == 404
        assert response.json() == {
            "code": "not_found",
            "message": "Không tìm thấy.",
            "message_en": "Not found.",
            "detail": None,
        }


class TestUnitResolve:
    def test_split_then_merge_is_followed_to_the_units_in_force(self):
        district = closed(code="135", name="Huyện Cũ", level=UnitLevel.DISTRICT)
        interim = closed(code="04600", name="Xã Tạm")
        north, south = UnitFactory(code="04610", name="Xã Bắc"), UnitFactory(code="04620", name="Xã Nam")
        succeed(district, interim, SuccessionKind.SPLIT)
        succeed(district, south, SuccessionKind.SPLIT)
        succeed(interim, north)

        resolution = unit_resolve(code="135")

        assert resolution.unit == district
        assert [row.new.code for row in resolution.successions] == ["04600", "04620"]
        assert [unit.code for unit in resolution.current] == ["04610", "04620"]

    def test_reused_code_names_the_unit_in_force_unless_a_date_is_given(self):
        lao_cai = UnitFactory(code="15", name="Tỉnh Lào Cai", level=UnitLevel.PROVINCE)
        yen_bai = closed(code="15", name="Tỉnh Yên Bái", level=UnitLevel.PROVINCE)
        succeed(yen_bai, lao_cai)

        assert unit_resolve(code="15").unit == lao_cai
        old = unit_resolve(code="15", on=dt.date(2024, 5, 1))
        assert (old.unit, old.current, old.is_current) == (yen_bai, [lao_cai], False)

    def test_closed_unit_without_successor_resolves_to_nothing(self):
        closed(code="04999")

        assert unit_resolve(code="04999").current == []

    def test_unknown_code_raises(self):
        with pytest.raises(AdministrativeUnit.DoesNotExist):
            unit_resolve(code="nope")
        with pytest.raises(AdministrativeUnit.DoesNotExist):
            unit_resolve(code="04540", on=dt.date(2020, 1, 1))


@pytest.fixture
def province_agency(province: AdministrativeUnit) -> Agency:
    return AgencyFactory(code="000.00.00.H15", name="UBND tỉnh Lào Cai", level=AgencyLevel.PROVINCE, unit=province)


@pytest.fixture
def commune_agency(province_agency: Agency, mu_cang_chai: AdministrativeUnit) -> Agency:
    agency = AgencyFactory(
        code="000.20.40.H15",
        name="UBND xã Mù Cang Chải",
        parent=province_agency,
        unit=mu_cang_chai,
        address="Thôn Trung Tâm",
        phone="0216000000",
    )
    AgencyCodeAlias.objects.create(code="000.19.31.H62", agency=agency, valid_to=LAST_OLD_DAY)
    return agency


class TestAgencies:
    def test_list_shows_public_fields_only(self, client, commune_agency):
        response = client.get("/api/v1/agencies/", {"level": "commune"})

        assert response.json()["results"] == [
            {
                "code": "000.20.40.H15",
                "name": "UBND xã Mù Cang Chải",
                "short_name": "",
                "level": "commune",
                "parent_code": "000.00.00.H15",
                "unit": {"code": "04540", "name": "Xã Mù Cang Chải"},
                "address": "Thôn Trung Tâm",
            }
        ]

    def test_filters_by_unit_and_hides_closed_agencies(self, client, commune_agency, province_agency):
        AgencyFactory(code="000.19.31.H62", valid_from=OLD_FROM, valid_to=LAST_OLD_DAY, unit=commune_agency.unit)

        assert codes(client.get("/api/v1/agencies/")) == ["000.00.00.H15", "000.20.40.H15"]
        assert codes(client.get("/api/v1/agencies/", {"unit": "04540"})) == ["000.20.40.H15"]
        assert codes(client.get("/api/v1/agencies/", {"unit": "04540", "current_only": "false"})) == [
            "000.19.31.H62",
            "000.20.40.H15",
        ]

    def test_detail_by_code(self, client, commune_agency):
        body = client.get("/api/v1/agencies/000.20.40.H15/").json()

        assert (body["code"], body["former_codes"], body["successor_code"]) == (
            "000.20.40.H15",
            ["000.19.31.H62"],
            None,
        )

    def test_detail_by_old_identifier_returns_the_current_agency(self, client, commune_agency):
        response = client.get("/api/v1/agencies/000.19.31.H62/")

        assert response.status_code == 200
        assert response.json()["code"] == "000.20.40.H15"
        assert agency_resolve_code("000.19.31.H62") == commune_agency

    def test_unknown_code_is_404(self, client):
        response = client.get("/api/v1/agencies/000.99.99.H99/")

        assert (response.status_code, response.json()["code"]) == (404, "not_found")
        with pytest.raises(Agency.DoesNotExist):
            agency_resolve_code("000.99.99.H99")

    def test_list_takes_one_query(self, client, province, django_assert_max_num_queries):
        AgencyFactory.create_batch(25, unit=province)

        with django_assert_max_num_queries(1):
            response = client.get("/api/v1/agencies/")

        assert len(response.json()["results"]) == 25
