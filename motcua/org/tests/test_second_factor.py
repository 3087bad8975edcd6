"""Staff sign in with a password and a TOTP code (issue 8); citizens and API tokens are not asked."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from motcua.audit.models import AuditEvent
from motcua.org import second_factor
from motcua.org.choices import Role
from motcua.org.tests.factories import staff

pytestmark = pytest.mark.django_db

LOGIN = reverse("staff:login")
VERIFY = reverse("staff:second_factor")
SETUP = reverse("staff:second_factor_setup")
HOME = reverse("staff:home")


@pytest.fixture(autouse=True)
def _required(settings):
    settings.MOTCUA_STAFF_2FA = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the throttling test sets it back


def sign_in(client, user):
    response = client.post(LOGIN, {"username": user.username, "password": "secret-pass-123"})
    assert response.status_code == 302
    return response


def code_for(device: TOTPDevice, *, step_offset: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=step_offset):06d}"


def enrolled(user) -> TOTPDevice:
    device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    second_factor.backup_codes_renew(user)
    return device


def kinds(user) -> list[str]:
    return list(AuditEvent.objects.filter(chain=f"user:{user.pk}").order_by("seq").values_list("kind", flat=True))


def test_first_sign_in_enrols_an_authenticator_and_shows_backup_codes_once(client):
    officer = staff()
    sign_in(client, officer)

    home = client.get(HOME)
    assert home.status_code == 302 and home["Location"].startswith(VERIFY)
    verify = client.get(home["Location"])
    assert verify.status_code == 302 and verify["Location"].startswith(SETUP)
    page = client.get(verify["Location"])
    body = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in body and second_factor.secret_base32(second_factor.pending_device(officer)) in body

    wrong = client.post(SETUP, {"code": "000000"})
    assert wrong.status_code == 400 and "The code is not right" in wrong.content.decode()

    device = TOTPDevice.objects.get(user=officer)
    done = client.post(SETUP, {"code": code_for(device), "next": HOME})
    codes = done.context["codes"]
    assert done.status_code == 200 and len(codes) == 10 and all(c in done.content.decode() for c in codes)
    assert client.get(HOME).status_code == 200
    assert TOTPDevice.objects.get(user=officer).confirmed
    assert kinds(officer) == ["auth.second_factor_enrol_failed", "auth.second_factor_enrolled"]
    # Enrolment cannot be repeated by whoever holds the password: the page now sends them on.
    assert client.get(SETUP)["Location"] == "/can-bo/"


@pytest.mark.parametrize(
    "path",
    ["/can-bo/", "/can-bo/ho-so/tim-kiem/", "/can-bo/bao-cao/", "/admin/", "/buu-chinh/"],
)
def test_a_password_alone_opens_no_staff_page(client, path):
    officer = staff(Role.AGENCY_LEADER)
    officer.is_staff = True
    officer.save()
    enrolled(officer)
    sign_in(client, officer)

    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)


def test_a_password_alone_gets_a_403_from_the_staff_api(client):
    officer = staff()
    enrolled(officer)
    sign_in(client, officer)

    response = client.get("/api/v1/dossiers/")

    assert response.status_code == 403
    assert response.json()["code"] == "second_factor_required"
    assert response.json()["message_en"].startswith("Second factor required")


def test_the_right_code_opens_the_back_office_and_cannot_be_replayed(client):
    officer = staff()
    device = enrolled(officer)
    sign_in(client, officer)
    code = code_for(device)

    response = client.post(VERIFY, {"code": code, "next": "/can-bo/ho-so/tim-kiem/"})

    assert response["Location"] == "/can-bo/ho-so/tim-kiem/"
    assert client.get(HOME).status_code == 200
    assert client.get("/api/v1/dossiers/").status_code == 200
    client.logout()
    sign_in(client, officer)
    replay = client.post(VERIFY, {"code": code})
    assert replay.status_code == 400
    assert kinds(officer) == ["auth.second_factor_passed", "auth.second_factor_failed"]


def test_an_outside_next_is_ignored(client):
    officer = staff()
    device = enrolled(officer)
    sign_in(client, officer)

    response = client.post(VERIFY, {"code": code_for(device), "next": "https://evil.example/"})

    assert response["Location"] == "/can-bo/"


def test_a_backup_code_works_once(client):
    officer = staff()
    enrolled(officer)
    backup = second_factor.backup_codes_renew(officer)
    sign_in(client, officer)

    assert client.post(VERIFY, {"code": backup[0]}).status_code == 302
    client.logout()
    sign_in(client, officer)
    assert client.post(VERIFY, {"code": backup[0]}).status_code == 400


def test_five_wrong_codes_end_the_session(client):
    officer = staff()
    enrolled(officer)
    sign_in(client, officer)

    for _ in range(4):
        assert client.post(VERIFY, {"code": "123456"}).status_code == 400
    last = client.post(VERIFY, {"code": "123456"})

    assert last["Location"] == LOGIN
    assert "_auth_user_id" not in client.session


def test_wrong_codes_are_throttled_per_device(client, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 1
    officer = staff()
    device = enrolled(officer)
    sign_in(client, officer)
    client.post(VERIFY, {"code": "123456"})

    response = client.post(VERIFY, {"code": code_for(device)})

    assert response.status_code == 400
    assert "wait a minute" in response.content.decode()


def test_citizens_are_not_asked(client):
    from motcua.accounts.tests.conftest import register

    citizen = register()
    client.force_login(citizen)

    assert client.get("/ca-nhan/ho-so/").status_code == 200
    assert client.get(HOME).status_code == 403  # not staff: refused as before, not sent to the code page


def test_an_administrator_resets_a_lost_phone(client, rf):
    officer = staff()
    enrolled(officer)
    admin_user = staff(Role.ADMINISTRATOR)

    removed = second_factor.reset(actor=admin_user, user=officer, request=rf.get("/"))

    assert removed == 2 + 10  # the authenticator, the backup device and its 10 codes
    assert second_factor.confirmed_device(officer) is None
    sign_in(client, officer)
    assert client.get(VERIFY)["Location"].startswith(SETUP)
    reset = AuditEvent.objects.get(chain=f"user:{officer.pk}", kind="auth.second_factor_reset")
    assert reset.actor_id == admin_user.pk


def test_off_when_the_setting_is_off(client, settings):
    settings.MOTCUA_STAFF_2FA = False
    officer = staff()
    sign_in(client, officer)

    assert client.get(HOME).status_code == 200


def test_a_staff_sign_in_lasts_a_working_day_and_an_applicants_two_weeks(client, settings):
    from motcua.accounts.tests.conftest import PASSWORD, register

    settings.MOTCUA_STAFF_2FA = False
    sign_in(client, staff())
    assert client.session.get_expiry_age() == settings.MOTCUA_STAFF_SESSION_SECONDS == 10 * 3600

    client.logout()
    citizen = register()
    client.post(reverse("accounts:login"), {"username": citizen.email, "password": PASSWORD})
    assert client.session.get("_auth_user_id") == str(citizen.pk)
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE == 14 * 24 * 3600
