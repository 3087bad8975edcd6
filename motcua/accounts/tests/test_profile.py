from __future__ import annotations

import pytest
from django.urls import reverse

from motcua.org.tests.factories import staff

from .conftest import CCCD, CCCD_2, register
from .support import field_error

pytestmark = pytest.mark.django_db

PROFILE = reverse("accounts:profile")
EDIT = reverse("accounts:profile_edit")


def details(**overrides: str) -> dict[str, str]:
    data = {
        "full_name": "Lò Thị Mai",
        "id_type": "cccd",
        "id_number": CCCD,
        "birth_date": "1990-05-17",
        "email": "mai@example.vn",
        "phone": "0912345678",
        "address": "Xã Bát Xát, tỉnh Lào Cai",
    }
    data.update(overrides)
    return data


def test_the_profile_page_masks_the_id_number(client, citizen):
    client.force_login(citizen)

    html = client.get(PROFILE).content.decode()

    assert "********2345" in html
    assert CCCD not in html
    assert "mai@example.vn" in html and "0912345678" in html


def test_the_edit_field_shows_the_whole_id_number(client, citizen):
    client.force_login(citizen)

    html = client.get(EDIT).content.decode()

    assert f'value="{CCCD}"' in html


def test_a_citizen_changes_their_details(client, citizen):
    client.force_login(citizen)

    response = client.post(EDIT, details(phone="+84 977 000 111", email="Mai.Lo@Example.vn"))

    assert response["Location"] == PROFILE
    citizen.refresh_from_db()
    profile = citizen.citizen_profile
    assert (citizen.email, citizen.phone) == ("mai.lo@example.vn", "0977000111")
    assert (profile.email_key, profile.phone_key) == ("mai.lo@example.vn", "0977000111")
    assert profile.address == "Xã Bát Xát, tỉnh Lào Cai"
    assert str(profile.birth_date) == "1990-05-17"
    signed_in = client.post(reverse("accounts:login"), {"username": "0977000111", "password": "Lua-nep-Bat-Xat-2026"})
    assert signed_in.status_code == 302


def test_another_citizens_contact_or_id_is_refused_and_nothing_changes(client, citizen, phone_only):
    client.force_login(citizen)

    response = client.post(EDIT, details(phone="0987654321", id_number=CCCD_2, birth_date=""))

    html = response.content.decode()
    assert response.status_code == 400
    assert "already uses this phone" in field_error(html, "phone")
    assert "already exists for this ID number" in field_error(html, "id_number")
    citizen.refresh_from_db()
    assert citizen.phone == "0912345678"
    assert citizen.citizen_profile.id_number == CCCD


def test_changing_the_vouched_name_clears_the_verified_mark(client, citizen):
    profile = citizen.citizen_profile
    profile.identity_verified = True
    profile.save()
    client.force_login(citizen)

    client.post(EDIT, details(address="Phường Lào Cai", birth_date=""))
    profile.refresh_from_db()
    assert profile.identity_verified  # the address is not what the provider vouched for

    client.post(EDIT, details(full_name="Lò Thị Mai Anh", birth_date=""))
    profile.refresh_from_db()
    assert not profile.identity_verified


def test_a_business_edits_its_name_and_keeps_its_kind(client):
    company = register(
        kind="organisation",
        organisation_name="HTX Chè Bát Xát",
        full_name="Phạm Văn Hùng",
        email="htx@example.vn",
        phone="",
        id_type="enterprise",
        id_number="5300123456",
    )
    client.force_login(company)
    form = client.get(EDIT).content.decode()
    assert 'name="birth_date"' not in form

    response = client.post(
        EDIT,
        {
            "organisation_name": "HTX Chè Shan Tuyết Bát Xát",
            "full_name": "Phạm Văn Hùng",
            "id_type": "enterprise",
            "id_number": "5300123456-001",
            "email": "htx@example.vn",
            "phone": "",
            "address": "",
        },
    )

    assert response.status_code == 302
    profile = company.citizen_profile
    profile.refresh_from_db()
    assert (profile.kind, profile.organisation_name, profile.id_number) == (
        "organisation",
        "HTX Chè Shan Tuyết Bát Xát",
        "5300123456-001",
    )


def test_the_profile_asks_anonymous_visitors_to_sign_in_and_sends_staff_home(client):
    response = client.get(PROFILE)
    assert response["Location"].startswith(reverse("accounts:login"))

    client.force_login(staff())
    assert client.get(PROFILE)["Location"] == reverse("staff:home")


def test_profile_pages_are_not_cached(client, citizen):
    client.force_login(citizen)

    assert "no-store" in client.get(PROFILE)["Cache-Control"]
