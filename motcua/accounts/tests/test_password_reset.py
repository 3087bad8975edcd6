from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse

from motcua.accounts.services import password_reset_request
from motcua.notifications.models import OutboxMessage

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

REQUEST = reverse("accounts:password_reset")
SENT = reverse("accounts:password_reset_sent")
NEW_PASSWORD = "Ruong-bac-thang-Y-Ty-7"


def ask(client, identifier: str):
    return client.post(REQUEST, {"identifier": identifier})


def reset_path(message: OutboxMessage) -> str:
    link = message.payload["link"]
    assert link.startswith("https://dichvucong.example.vn/tai-khoan/dat-lai-mat-khau/")
    return link.removeprefix("https://dichvucong.example.vn")


@pytest.fixture(autouse=True)
def _public_base_url(settings):
    settings.MOTCUA = {**settings.MOTCUA, "PUBLIC_BASE_URL": "https://dichvucong.example.vn/"}


def test_an_account_with_an_e_mail_gets_the_link_by_e_mail(client, citizen):
    response = ask(client, "0912 345 678")  # asked by phone; the account has an e-mail

    assert response.status_code == 302
    assert response["Location"] == SENT
    message = OutboxMessage.objects.get(event="account.password_reset")
    assert (message.channel, message.recipient) == ("email", "mai@example.vn")
    assert message.payload["name"] == "Lò Thị Mai"
    assert message.payload["language"] == "vi"  # the language the account registered in
    reset_path(message)


def test_a_phone_only_account_gets_the_link_by_sms(client, phone_only):
    ask(client, "+84987654321")

    message = OutboxMessage.objects.get(event="account.password_reset")
    assert (message.channel, message.recipient) == ("sms", "0987654321")


def test_unknown_identifiers_get_the_same_answer_and_nothing_is_sent(client, citizen):
    known = ask(client, "mai@example.vn")
    OutboxMessage.objects.all().delete()
    unknown = ask(client, "ai-do@example.vn")
    unknown_phone = ask(client, "0900000000")

    for response in (unknown, unknown_phone):
        assert (response.status_code, response["Location"]) == (known.status_code, known["Location"])
    assert not OutboxMessage.objects.exists()
    assert client.get(SENT).status_code == 200


def test_a_malformed_identifier_is_told_at_its_field(client):
    response = ask(client, "mai@")

    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()


def test_repeated_requests_send_one_message(client, citizen):
    for _ in range(3):
        ask(client, "mai@example.vn")

    assert OutboxMessage.objects.filter(event="account.password_reset").count() == 1


def test_the_link_sets_a_new_password_once(client, citizen):
    ask(client, "mai@example.vn")
    path = reset_path(OutboxMessage.objects.get(event="account.password_reset"))

    form_page = client.get(path, follow=True)  # Django moves the token into the session first
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0]
    assert "Choose a new password" in form_page.content.decode()

    weak = client.post(set_url, {"new_password1": "12345678", "new_password2": "12345678"})
    assert weak.status_code == 200
    assert "too common" in weak.content.decode()

    done = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done["Location"] == reverse("accounts:login")
    citizen.refresh_from_db()
    assert citizen.check_password(NEW_PASSWORD)
    assert not citizen.check_password(PASSWORD)

    again = client.get(path, follow=True)
    assert "This link no longer works" in again.content.decode()
    signed_in = client.post(reverse("accounts:login"), {"username": "mai@example.vn", "password": NEW_PASSWORD})
    assert signed_in.status_code == 302


def test_a_reset_lifts_the_lockout(client, citizen):
    for _ in range(5):
        client.post(reverse("accounts:login"), {"username": "mai@example.vn", "password": "wrong"})
    password_reset_request(identifier="mai@example.vn", base_url="https://dichvucong.example.vn")
    path = reset_path(OutboxMessage.objects.get(event="account.password_reset"))
    set_url = client.get(path, follow=True).redirect_chain[-1][0]

    client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    response = client.post(reverse("accounts:login"), {"username": "mai@example.vn", "password": NEW_PASSWORD})
    assert response.status_code == 302


@override_settings(PASSWORD_RESET_TIMEOUT=3600)
def test_a_tampered_token_shows_the_expired_page(client, citizen):
    ask(client, "mai@example.vn")
    path = reset_path(OutboxMessage.objects.get(event="account.password_reset"))

    page = client.get(path[:-3] + "xx/", follow=True)

    assert "This link no longer works" in page.content.decode()
