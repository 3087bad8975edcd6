"""Citizen sign-in through the province's identity provider (OpenID Connect, e.g. VNeID).

On when a client is configured (`OIDC_RP_CLIENT_ID`, `OIDC_RP_CLIENT_SECRET`) together with either
an issuer (`MOTCUA_OIDC_ISSUER`: endpoints come from its discovery document) or the explicit
`OIDC_OP_*_ENDPOINT` settings. mozilla-django-oidc reads its settings in the constructors of its
views and backend, and Django builds every backend for every `authenticate()` call, password
sign-ins included; the subclasses here read nothing and fetch nothing until an OIDC request
arrives, and then read the settings of that moment (so tests and operators can change them).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from typing import Any

import jwt
import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, resolve_url
from django.utils.translation import gettext as _
from django.views.generic import View
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from motcua.org.models import User

from .oidc_services import OidcIdentity, citizen_oidc_sign_in

# mozilla-django-oidc setting → key of the provider's discovery document.
ENDPOINTS = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}
DEFAULTS: dict[str, Any] = {
    "OIDC_AUTHENTICATION_CALLBACK_URL": "accounts:oidc_callback",
    "OIDC_RP_SCOPES": "openid profile email phone",
    "OIDC_RP_SIGN_ALGO": "RS256",
    "OIDC_TIMEOUT": 10,
}
# Our field → the provider's claim name; `MOTCUA_OIDC_CLAIMS` overrides any of them.
DEFAULT_CLAIMS = {
    "subject": "sub",
    "name": "name",
    "email": "email",
    "email_verified": "email_verified",
    "phone": "phone_number",
    "citizen_id": "citizen_id",
    "birth_date": "birthdate",
}
DISCOVERY_CACHE_SECONDS = 3600
logger = logging.getLogger(__name__)


class OidcUnavailableError(Exception):
    """The provider's discovery document could not be fetched."""


def oidc_enabled() -> bool:
    client = getattr(settings, "OIDC_RP_CLIENT_ID", "") and getattr(settings, "OIDC_RP_CLIENT_SECRET", "")
    explicit = all(getattr(settings, name, "") for name in ENDPOINTS if name != "OIDC_OP_JWKS_ENDPOINT")
    return bool(client and (getattr(settings, "MOTCUA_OIDC_ISSUER", "") or explicit))


def provider_name() -> str:
    return str(getattr(settings, "MOTCUA_OIDC_PROVIDER_NAME", "") or "VNeID")


def oidc_setting(attr: str, *default: Any) -> Any:
    """A mozilla-django-oidc setting, with endpoints and PKCE resolved from the issuer when not explicit."""
    if attr in ENDPOINTS:
        explicit = getattr(settings, attr, "")
        if explicit:
            return explicit
        issuer = getattr(settings, "MOTCUA_OIDC_ISSUER", "")
        return (_discovery(issuer).get(ENDPOINTS[attr]) if issuer else None) or (default[0] if default else "")
    if attr == "OIDC_USE_PKCE":
        return _use_pkce()
    if attr in DEFAULTS:
        return getattr(settings, attr, DEFAULTS[attr])
    return import_from_settings(attr, *default)


def _use_pkce() -> bool:
    """`MOTCUA_OIDC_PKCE`: "on", "off" or "auto" (on unless the discovery document omits S256)."""
    mode = str(getattr(settings, "MOTCUA_OIDC_PKCE", "auto")).lower()
    if mode in ("on", "off"):
        return mode == "on"
    issuer = str(getattr(settings, "MOTCUA_OIDC_ISSUER", ""))
    explicit = bool(getattr(settings, "OIDC_OP_AUTHORIZATION_ENDPOINT", ""))
    if not issuer or explicit:
        return True
    return "S256" in _discovery(issuer).get("code_challenge_methods_supported", [])


def _discovery(issuer: str) -> dict[str, Any]:
    key = "accounts:oidc-discovery:" + hashlib.sha256(issuer.encode()).hexdigest()
    document = cache.get(key)
    if document is None:
        url = issuer.rstrip("/") + "/.well-known/openid-configuration"
        try:
            response = requests.get(url, timeout=oidc_setting("OIDC_TIMEOUT"))
            response.raise_for_status()
            document = response.json()
        except (requests.RequestException, ValueError) as exc:
            raise OidcUnavailableError(url) from exc
        cache.set(key, document, DISCOVERY_CACHE_SECONDS)
    return dict(document)


def identity_from_claims(claims: dict[str, Any]) -> OidcIdentity:
    names = {**DEFAULT_CLAIMS, **getattr(settings, "MOTCUA_OIDC_CLAIMS", {})}

    def text(field: str) -> str:
        value = claims.get(names[field]) if names.get(field) else None
        return "" if value is None else str(value).strip()

    try:
        birth_date = dt.date.fromisoformat(text("birth_date")) if text("birth_date") else None
    except ValueError:
        birth_date = None
    return OidcIdentity(
        subject=text("subject"),
        full_name=text("name"),
        email=text("email"),
        email_verified=text("email_verified").lower() == "true",
        phone=text("phone"),
        citizen_id=text("citizen_id"),
        birth_date=birth_date,
    )


def citizen_home_url() -> str:
    return resolve_url(getattr(settings, "MOTCUA_CITIZEN_HOME_URL", "accounts:profile"))


class CitizenOIDCBackend(OIDCAuthenticationBackend):
    """Signs a citizen in from the provider's answer; creates or links the account (`citizen_oidc_sign_in`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.UserModel = get_user_model()

    def get_settings(self, attr: str, *args: Any) -> Any:
        return oidc_setting(attr, *args)

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> User | None:
        if request is None or "password" in kwargs or "code" not in request.GET or not oidc_enabled():
            return None
        try:
            for name in (
                "OIDC_OP_TOKEN_ENDPOINT",
                "OIDC_OP_USER_ENDPOINT",
                "OIDC_RP_CLIENT_ID",
                "OIDC_RP_CLIENT_SECRET",
            ):
                setattr(self, name, oidc_setting(name))
            self.OIDC_OP_JWKS_ENDPOINT = oidc_setting("OIDC_OP_JWKS_ENDPOINT", None)
            self.OIDC_RP_SIGN_ALGO = oidc_setting("OIDC_RP_SIGN_ALGO")
            self.OIDC_RP_IDP_SIGN_KEY = oidc_setting("OIDC_RP_IDP_SIGN_KEY", None)
        except OidcUnavailableError:
            return None
        return super().authenticate(request, **kwargs)

    def retrieve_matching_jwk(self, token: str) -> Any:
        """The signing key; a provider with one key may leave `kid` out of the token's header.

        mozilla-django-oidc then fails on the missing `kid`; we accept the key only when exactly
        one key of the JWKS can sign with the token's algorithm.
        """
        header = jwt.get_unverified_header(token)
        if "kid" in header:
            return super().retrieve_matching_jwk(token)
        response = requests.get(self.OIDC_OP_JWKS_ENDPOINT, timeout=oidc_setting("OIDC_TIMEOUT"))
        response.raise_for_status()
        keys = [
            key
            for key in response.json().get("keys", [])
            if key.get("alg", header.get("alg")) == header.get("alg") and key.get("use", "sig") == "sig"
        ]
        if len(keys) != 1:
            raise SuspiciousOperation("The token names no key and the provider has several.")
        return jwt.PyJWK(keys[0])

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]) -> User:
        user_info = self.get_userinfo(access_token, id_token, payload)
        if user_info.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("The userinfo subject differs from the ID token's.")
        identity = identity_from_claims({**payload, **user_info})
        if not identity.subject:
            raise SuspiciousOperation("The provider sent no subject claim.")
        return citizen_oidc_sign_in(
            identity=identity,
            trusted=bool(getattr(settings, "MOTCUA_OIDC_TRUSTED", True)),
            link_verified_email=bool(getattr(settings, "MOTCUA_OIDC_LINK_VERIFIED_EMAIL", False)),
        )

    def get_user(self, user_id: int) -> User | None:
        return User.objects.filter(pk=user_id, is_active=True).first()


class OidcLoginView(OIDCAuthenticationRequestView):
    """`accounts:oidc_login`: sends the browser to the provider (state, nonce, PKCE when supported)."""

    def __init__(self, **kwargs: Any) -> None:
        View.__init__(self, **kwargs)

    def get_settings(self, attr: str, *args: Any) -> Any:
        return oidc_setting(attr, *args)

    def get(self, request: HttpRequest) -> HttpResponse:
        if not oidc_enabled():
            raise Http404
        try:
            self.OIDC_OP_AUTH_ENDPOINT = oidc_setting("OIDC_OP_AUTHORIZATION_ENDPOINT")
            self.OIDC_RP_CLIENT_ID = oidc_setting("OIDC_RP_CLIENT_ID")
            return super().get(request)
        except OidcUnavailableError:
            messages.error(request, _unavailable_message())
            return redirect("accounts:login")


class OidcCallbackView(OIDCAuthenticationCallbackView):
    """`accounts:oidc_callback`: the provider's answer; signs in or goes back to the sign-in page."""

    def get_settings(self, attr: str, *args: Any) -> Any:
        return oidc_setting(attr, *args)

    def get(self, request: HttpRequest) -> HttpResponse:
        if not oidc_enabled():
            raise Http404
        try:
            return super().get(request)
        except (requests.RequestException, OidcUnavailableError):
            # The provider's token or userinfo endpoint failed: the citizen gets a message, not a 500.
            logger.warning("OpenID Connect callback failed", exc_info=True)
            return self.login_failure()

    @property
    def failure_url(self) -> str:
        return resolve_url("accounts:login")

    @property
    def success_url(self) -> str:
        return self.request.session.get("oidc_login_next") or citizen_home_url()

    def login_failure(self) -> HttpResponseRedirect:
        messages.error(self.request, _unavailable_message())
        return HttpResponseRedirect(self.failure_url)


def _unavailable_message() -> str:
    return _("Signing in with %(provider)s did not succeed. Please try again, or sign in with your password.") % {
        "provider": provider_name()
    }
