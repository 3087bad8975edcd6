from __future__ import annotations

import pytest
from django.urls import reverse

from motcua.accounts.models import CitizenProfile
from motcua.notifications.models import OutboxMessage
from motcua.org.models import User

from .conftest import CCCD, CCCD_2, ENTERPRISE, PASSWORD, register
from .support import field_error, has_error

pytestmark = pytest.mark.django_db

URL = reverse("accounts:register")


def person(**overrides: str) -> dict[str, str]:
    data = {
        "kind": "person",
        "full_name": "Lò Thị Mai",
        "id_type": "cccd",
        "id_number": CCCD,
        "birth_date": "1990-05-17",
        "email": "Mai@Example.vn",
        "phone": "+84 912 345 678",
        "password": PASSWORD,
        "password_confirm": PASSWORD,
    }
    data.update(overrides)
    return data


def business(**overrides: str) -> dict[str, str]:
    data = {
        "kind": "organisation",
        "organisation_name": "Công ty TNHH Chè Bát Xát",
        "full_name": "Phạm Văn Hùng",
        "id_type": "enterprise",
        "id_number": ENTERPRISE,
        "email": "",
        "phone": "0913 000 222",
        "password": PASSWORD,
        "password_confirm": PASSWORD,
    }
    data.update(overrides)
    return data


def nothing_written():
    return User.objects.count(), CitizenProfile.objects.count(), OutboxMessage.objects.count()


def test_a_person_registers_and_is_signed_in(client):
    response = client.post(URL, person())

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile")
    user = User.objects.get(email="mai@example.vn")
    assert user.username.startswith("cd-")
    assert not user.is_staff and not user.is_superuser
    assert user.phone == "0912345678"
    assert user.full_name == "Lò Thị Mai"
    assert user.check_password(PASSWORD)
    profile = user.citizen_profile
    assert (profile.kind, profile.id_type, profile.id_number) == ("person", "cccd", CCCD)
    assert str(profile.birth_date) == "1990-05-17"
    assert (profile.email_key, profile.phone_key, profile.auth_method) == ("mai@example.vn", "0912345678", "password")
    assert profile.language == "en"  # the tests run in English
    message = OutboxMessage.objects.get(event="account.registered")
    assert (message.channel, message.recipient) == ("email", "mai@example.vn")
    assert message.payload == {"name": "Lò Thị Mai", "language": "en"}
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_a_business_registers_with_its_enterprise_code(client):
    page = client.get(URL, {"loai": "to-chuc"}).content.decode()
    assert 'name="organisation_name"' in page
    assert 'name="birth_date"' not in page

    response = client.post(URL + "?loai=to-chuc", business())

    assert response.status_code == 302
    profile = CitizenProfile.objects.select_related("user").get()
    assert (profile.kind, profile.id_type, profile.id_number) == ("organisation", "enterprise", ENTERPRISE)
    assert profile.organisation_name == "Công ty TNHH Chè Bát Xát"
    assert profile.user.full_name == "Phạm Văn Hùng"
    assert profile.user.email == ""
    message = OutboxMessage.objects.get(event="account.registered")
    assert (message.channel, message.recipient) == ("sms", "0913000222")
    assert message.payload["name"] == "Công ty TNHH Chè Bát Xát"


def test_a_wrong_citizen_id_is_told_at_the_id_field_and_nothing_is_created(client):
    before = nothing_written()

    response = client.post(URL, person(id_number="999190012345"))

    assert response.status_code == 400
    html = response.content.decode()
    assert "999" in field_error(html, "id_number")
    assert "province code" in field_error(html, "id_number")
    assert not has_error(html, "email")
    assert not has_error(html, "password")
    assert nothing_written() == before
    assert "_auth_user_id" not in client.session


def test_the_birth_year_in_the_id_must_match_the_date_of_birth(client):
    response = client.post(URL, person(birth_date="17/05/1991"))

    assert response.status_code == 400
    assert "differs from the date of birth" in field_error(response.content.decode(), "id_number")


def test_a_business_needs_a_valid_enterprise_code_and_its_name(client):
    before = nothing_written()

    response = client.post(URL + "?loai=to-chuc", business(id_number="53001", organisation_name=""))

    html = response.content.decode()
    assert response.status_code == 400
    assert "10 digits" in field_error(html, "id_number")
    assert "name of the business" in field_error(html, "organisation_name")
    assert nothing_written() == before


def test_e_mail_and_phone_already_used_by_a_citizen_are_refused(client, citizen):
    before = nothing_written()

    response = client.post(URL, person(email="MAI@example.VN", phone="0912.345.678", id_number=CCCD_2, birth_date=""))

    html = response.content.decode()
    assert response.status_code == 400
    assert "already uses this e-mail" in field_error(html, "email")
    assert "already uses this phone" in field_error(html, "phone")
    assert not has_error(html, "id_number")
    assert nothing_written() == before


def test_an_id_number_registered_already_is_refused(client, citizen):
    response = client.post(URL, person(email="khac@example.vn", phone="0977000111"))

    assert response.status_code == 400
    assert "already exists for this ID number" in field_error(response.content.decode(), "id_number")


def test_an_e_mail_or_a_phone_is_needed(client):
    response = client.post(URL, person(email="", phone=""))

    assert response.status_code == 400
    assert "at least one" in field_error(response.content.decode(), "email")
    assert User.objects.count() == 0


def test_malformed_e_mail_and_phone_are_told_at_their_fields(client):
    response = client.post(URL, person(email="mai@", phone="12345"))

    html = response.content.decode()
    assert "valid e-mail" in field_error(html, "email")
    assert "10 digits starting with 0" in field_error(html, "phone")


def test_a_weak_password_is_refused_with_django_validators(client):
    before = nothing_written()

    response = client.post(URL, person(password="12345678", password_confirm="12345678"))

    html = response.content.decode()
    assert response.status_code == 400
    error = field_error(html, "password")
    assert "too common" in error
    assert "entirely numeric" in error
    assert nothing_written() == before


def test_the_two_passwords_must_match(client):
    response = client.post(URL, person(password_confirm=PASSWORD + "x"))

    assert "differ" in field_error(response.content.decode(), "password_confirm")
    assert User.objects.count() == 0


def test_the_service_keeps_person_and_business_identity_documents_apart():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as person_with_enterprise:
        register(id_type="enterprise", id_number=ENTERPRISE)
    with pytest.raises(ValidationError) as business_with_cccd:
        register(kind="organisation", organisation_name="HTX Chè", id_type="cccd")

    assert set(person_with_enterprise.value.message_dict) == {"id_type"}
    assert set(business_with_cccd.value.message_dict) == {"id_type"}
    assert User.objects.count() == 0


def test_the_register_page_labels_every_field(client):
    html = client.get(URL).content.decode()

    for name in ("full_name", "id_type", "id_number", "birth_date", "email", "phone", "password", "password_confirm"):
        assert f'<label for="id_{name}">' in html, name
    assert 'type="tel"' in html
    assert 'autocomplete="new-password"' in html


def test_every_problem_is_shown_at_once(client):
    response = client.post(
        URL, person(full_name="", id_number="0011900", email="", phone="", password="123", password_confirm="123")
    )

    html = response.content.decode()
    assert "Enter your full name" in field_error(html, "full_name")
    assert "12 digits" in field_error(html, "id_number")
    assert "at least one" in field_error(html, "email")
    assert "too short" in field_error(html, "password")
    assert 'role="alert"' in html


def test_the_register_page_in_vietnamese(client, vietnamese):
    html = client.post(URL, person(id_number="999190012345")).content.decode()

    assert "<h1>Đăng ký</h1>" in html
    assert "Số điện thoại di động" in html
    assert "(bắt buộc)" in html
    assert "999" in field_error(html, "id_number")
    assert "Dùng mẫu đăng ký cho doanh nghiệp" in html
