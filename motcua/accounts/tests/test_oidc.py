"""OpenID Connect end to end: a real provider (oidc-provider-mock) on a local port, this site on
Django's live server, and an HTTP client that follows the browser's steps: our start URL, the
provider's authorization page, its form, our callback. No HTTP response is mocked."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs

import httpx
import pytest
from django.urls import reverse
from oidc_provider_mock import User as ProviderUser
from oidc_provider_mock import run_server_in_thread

from motcua.accounts.models import CitizenProfile
from motcua.org.models import User

from .conftest import register

SUBJECT = "vneid-0001"
CLAIMS = {
    "name": "Hoàng Văn Sử",
    "email": "Su.Hoang@Example.vn",
    "email_verified": True,
    "phone_number": "+84 912 000 333",
    "citizen_id": "010089001234",
    "birthdate": "1989-03-02",
}


@pytest.fixture
def provider(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("AUTHLIB_INSECURE_TRANSPORT", "1")  # the provider runs on plain http locally
    with run_server_in_thread(user_claims=[ProviderUser(sub=SUBJECT, claims=CLAIMS)], require_nonce=True) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture
def site(live_server: Any, transactional_db: Any, provider: str, settings: Any) -> str:
    settings.MOTCUA_OIDC_ISSUER = provider
    settings.OIDC_RP_CLIENT_ID = "motcua-portal"
    settings.OIDC_RP_CLIENT_SECRET = "portal-secret"
    return str(live_server.url)


@pytest.fixture
def browser(site: str) -> Iterator[httpx.Client]:
    """Keeps its cookies like a browser; closed before the database is torn down (keep-alive threads)."""
    with httpx.Client(follow_redirects=False, timeout=20) as client:
        yield client


def sign_in_at_provider(site: str, browser: httpx.Client, *, subject: str = SUBJECT) -> httpx.URL:
    """Run the whole flow in `browser`; returns the authorization request that was sent."""
    start = browser.get(site + reverse("accounts:oidc_login"))
    assert start.status_code == 302
    authorize = httpx.URL(start.headers["location"])

    page = browser.get(authorize)
    assert page.status_code == 200
    assert "Authorize" in page.text  # the provider's own page with its form

    answer = browser.post(authorize, data={"sub": subject})
    assert answer.status_code == 302
    callback = answer.headers["location"]
    assert callback.startswith(site + reverse("accounts:oidc_callback"))

    landed = browser.get(callback)
    assert landed.status_code == 302, landed.text
    assert landed.headers["location"] == reverse("accounts:profile")
    return authorize


def test_the_first_sign_in_creates_the_citizen_from_the_claims(site, browser):
    authorize = sign_in_at_provider(site, browser)

    query = parse_qs(authorize.query.decode())
    assert query["redirect_uri"] == [site + reverse("accounts:oidc_callback")]
    assert query["scope"] == ["openid profile email phone"]
    assert "nonce" in query and "state" in query
    assert "code_challenge" not in query  # the provider's discovery document does not offer PKCE
    profile = CitizenProfile.objects.select_related("user").get(oidc_subject=SUBJECT)
    user = profile.user
    assert (user.full_name, user.email, user.phone) == ("Hoàng Văn Sử", "su.hoang@example.vn", "0912000333")
    assert not user.is_staff and not user.has_usable_password()
    assert (profile.kind, profile.id_type, profile.id_number) == ("person", "cccd", "010089001234")
    assert str(profile.birth_date) == "1989-03-02"
    assert (profile.auth_method, profile.identity_verified) == ("oidc", True)

    page = browser.get(site + reverse("accounts:profile"))
    assert page.status_code == 200
    assert "Hoàng Văn Sử" in page.text
    assert "********1234" in page.text
    assert "Identity verified by the identity provider" in page.text

    browser.cookies.clear()
    sign_in_at_provider(site, browser)  # a second sign-in finds the same account
    assert User.objects.count() == 1


def test_explicit_endpoints_with_pkce_and_an_untrusted_provider(site, browser, provider, settings):
    settings.MOTCUA_OIDC_ISSUER = ""
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = provider + "/oauth2/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = provider + "/oauth2/token"
    settings.OIDC_OP_USER_ENDPOINT = provider + "/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = provider + "/jwks"
    settings.MOTCUA_OIDC_PKCE = "on"
    settings.MOTCUA_OIDC_TRUSTED = False

    authorize = sign_in_at_provider(site, browser)

    query = parse_qs(authorize.query.decode())
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["code_challenge"][0]) == 43
    profile = CitizenProfile.objects.get(oidc_subject=SUBJECT)
    assert (profile.auth_method, profile.identity_verified) == ("oidc", False)


def test_an_existing_account_is_linked_by_verified_e_mail_only_when_allowed(site, browser, settings):
    existing = register(email="su.hoang@example.vn", phone="", full_name="Hoàng Sử", id_number="001190012345")

    sign_in_at_provider(site, browser)  # linking is off by default: a second account, without the taken e-mail

    newcomer = CitizenProfile.objects.select_related("user").get(oidc_subject=SUBJECT).user
    assert newcomer.pk != existing.pk
    assert newcomer.email == ""
    assert newcomer.phone == "0912000333"

    CitizenProfile.objects.filter(user=newcomer).delete()
    newcomer.delete()
    settings.MOTCUA_OIDC_LINK_VERIFIED_EMAIL = True
    browser.cookies.clear()
    sign_in_at_provider(site, browser)

    profile = CitizenProfile.objects.select_related("user").get(oidc_subject=SUBJECT)
    assert profile.user.pk == existing.pk
    assert profile.user.full_name == "Hoàng Văn Sử"  # a trusted provider's name replaces the typed one
    assert profile.identity_verified


def test_refusing_at_the_provider_returns_to_the_sign_in_page(site, browser):
    authorize = browser.get(site + reverse("accounts:oidc_login")).headers["location"]

    denied = browser.post(authorize, data={"action": "deny"})
    back = browser.get(denied.headers["location"])

    assert back.status_code == 302
    assert back.headers["location"] == reverse("accounts:login")
    page = browser.get(site + back.headers["location"])
    assert "did not succeed" in page.text
    assert not CitizenProfile.objects.exists()


def test_the_sign_in_page_offers_the_provider_only_when_configured(client, db, settings):
    assert client.get(reverse("accounts:oidc_login")).status_code == 404
    assert client.get(reverse("accounts:oidc_callback"), {"code": "x", "state": "y"}).status_code == 404
    assert reverse("accounts:oidc_login") not in client.get(reverse("accounts:login")).content.decode()

    settings.MOTCUA_OIDC_ISSUER = "http://localhost:9"
    settings.OIDC_RP_CLIENT_ID, settings.OIDC_RP_CLIENT_SECRET = "motcua-portal", "portal-secret"
    page = client.get(reverse("accounts:login")).content.decode()
    assert "Sign in with VNeID" in page

    unreachable = client.get(reverse("accounts:oidc_login"))  # the issuer does not answer
    assert unreachable["Location"] == reverse("accounts:login")
