from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from motcua.org.tests.factories import staff

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")


def signed_in_as(client) -> int | None:
    value = client.session.get("_auth_user_id")
    return int(value) if value else None


def attempt(client, username: str, password: str, **extra):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def test_a_citizen_signs_in_with_the_e_mail_in_any_case(client, citizen):
    citizen.citizen_profile.auth_method = "oidc"
    citizen.citizen_profile.save()

    response = attempt(client, "  MAI@example.VN ", PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile")
    assert signed_in_as(client) == citizen.pk
    citizen.citizen_profile.refresh_from_db()
    assert citizen.citizen_profile.auth_method == "password"


@pytest.mark.parametrize("typed", ["0912345678", "0912 345 678", "+84 912 345 678"])
def test_a_citizen_signs_in_with_the_phone_number_however_written(client, citizen, typed):
    response = attempt(client, typed, PASSWORD)

    assert response.status_code == 302
    assert signed_in_as(client) == citizen.pk


def test_the_next_page_is_honoured_when_it_is_on_this_site(client, citizen):
    response = client.post(LOGIN, {"username": "mai@example.vn", "password": PASSWORD, "next": "/tra-cuu/"})
    assert response["Location"] == "/tra-cuu/"

    client.logout()
    response = client.post(LOGIN, {"username": "mai@example.vn", "password": PASSWORD, "next": "https://evil.example/"})
    assert response["Location"] == reverse("accounts:profile")


def test_a_wrong_password_and_an_unknown_account_get_the_same_answer(client, citizen):
    wrong = attempt(client, "mai@example.vn", "not-the-password")
    unknown = attempt(client, "nobody@example.vn", "not-the-password")

    for response in (wrong, unknown):
        assert response.status_code == 200
        assert "is not correct" in response.content.decode()
    assert signed_in_as(client) is None


def test_staff_still_sign_in_by_username_and_land_on_their_work(client):
    officer = staff()

    response = client.post(LOGIN, {"username": officer.username, "password": "secret-pass-123"})

    assert response["Location"] == reverse("staff:home")
    assert signed_in_as(client) == officer.pk


def test_five_failures_lock_the_identifier_for_15_minutes(client, citizen):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        for _ in range(4):
            assert attempt(client, "0912345678", "wrong-password").status_code == 200

        fifth = attempt(client, "+84912345678", "wrong-password")  # the same phone, written otherwise

        assert fifth.status_code == 429
        html = fifth.content.decode()
        until = timezone.localtime(start + dt.timedelta(minutes=15))
        assert f"signing in is paused until {until:%H:%M}" in html
        assert 'role="alert"' in html
        assert 'name="username"' in html  # the sign-in page itself, not a bare error
        assert int(fifth["Retry-After"]) == 15 * 60

        traveller.shift(dt.timedelta(minutes=5))
        locked = attempt(client, "0912345678", PASSWORD)
        assert locked.status_code == 429
        assert signed_in_as(client) is None

        traveller.shift(dt.timedelta(minutes=10, seconds=1))
        assert attempt(client, "0912345678", PASSWORD).status_code == 302
        assert signed_in_as(client) == citizen.pk


def test_the_lock_holds_for_that_identifier_from_that_address_only(client, citizen):
    for _ in range(5):
        attempt(client, "mai@example.vn", "wrong-password")
    assert attempt(client, "mai@example.vn", PASSWORD).status_code == 429

    assert attempt(client, "mai@example.vn", PASSWORD, REMOTE_ADDR="203.0.113.9").status_code == 302


def test_a_success_clears_the_earlier_failures(client, citizen):
    for _ in range(4):
        attempt(client, "mai@example.vn", "wrong-password")
    assert attempt(client, "mai@example.vn", PASSWORD).status_code == 302
    client.logout()

    assert attempt(client, "mai@example.vn", "wrong-password").status_code == 200
    assert attempt(client, "mai@example.vn", PASSWORD).status_code == 302


def test_the_staff_sign_in_locks_too(client):
    officer = staff()
    url = reverse("staff:login")
    for _ in range(4):
        assert client.post(url, {"username": officer.username, "password": "wrong"}).status_code == 200

    fifth = client.post(url, {"username": officer.username, "password": "wrong"})
    locked = client.post(url, {"username": officer.username, "password": "secret-pass-123"})

    for response in (fifth, locked):
        assert response.status_code == 429
        assert "signing in is paused until" in response.content.decode()
        assert "Staff sign-in" in response.content.decode()
    assert signed_in_as(client) is None


def test_the_sign_in_page_in_vietnamese(client, vietnamese):
    html = client.get(LOGIN).content.decode()

    assert '<html lang="vi">' in html
    assert "<h1>Đăng nhập</h1>" in html
    assert "Thư điện tử hoặc số điện thoại di động" in html
    assert "Quên mật khẩu?" in html
    assert "Đăng ký" in html
    assert "Đăng nhập cán bộ" in html  # the staff link, now in the footer


def test_the_lockout_message_in_vietnamese(client, citizen, vietnamese):
    for _ in range(4):
        attempt(client, "mai@example.vn", "sai-mat-khau")
    html = attempt(client, "mai@example.vn", "sai-mat-khau").content.decode()

    assert "Bạn đã đăng nhập sai quá nhiều lần" in html
    assert "Đặt lại mật khẩu" in html


def test_the_header_fits_who_is_signed_in(client, citizen):
    anonymous = client.get(reverse("portal:home")).content.decode()
    assert f'href="{LOGIN}"' in anonymous
    assert f'href="{reverse("accounts:register")}"' in anonymous
    assert f'<a href="{reverse("staff:login")}">Staff sign-in</a></small></footer>' in anonymous

    client.force_login(citizen)
    as_citizen = client.get(reverse("portal:home")).content.decode()
    assert f'href="{reverse("accounts:profile")}">Account</a>' in as_citizen
    assert f'action="{reverse("accounts:logout")}"' in as_citizen
    assert "My work" not in as_citizen
    assert "Staff sign-in" not in as_citizen

    client.force_login(staff())
    as_staff = client.get(reverse("portal:home")).content.decode()
    assert "My work" in as_staff
    assert f'href="{reverse("accounts:profile")}"' not in as_staff


def test_signing_out_takes_a_post(client, citizen):
    client.force_login(citizen)

    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))

    assert response["Location"] == reverse("portal:home")
    assert signed_in_as(client) is None


def test_accounts_made_outside_the_services_sign_in_too(client):
    """The demo citizens are written straight to the tables (motcua.dossiers.demo_online)."""
    from motcua.dossiers.demo_online import CITIZENS, build_citizens

    build_citizens(PASSWORD)

    for spec in CITIZENS:
        client.logout()
        assert attempt(client, spec.email.upper(), PASSWORD).status_code == 302
        client.logout()
        assert attempt(client, spec.phone, PASSWORD).status_code == 302
