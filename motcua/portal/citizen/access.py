"""The gate of the citizen pages: a signed-in account, else the citizen sign-in page with ?next=."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django.urls import NoReverseMatch, reverse


def login_url() -> str:
    """The citizens' sign-in page (accounts app); the site's LOGIN_URL until that app is installed."""
    try:
        return reverse("accounts:login")
    except NoReverseMatch:
        return resolve_url(settings.LOGIN_URL)


def citizen_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Every page here is about the signed-in user's own data; anonymous visitors sign in first.
    What they may then see is decided by the scoped selectors (someone else's dossier is a 404)."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), login_url=login_url())
        return view(request, *args, **kwargs)

    return wrapper


def client_ip(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR") or "")


def max_upload_mb() -> int:
    return int(settings.MOTCUA["UPLOAD_MAX_FILE_BYTES"]) // 2**20
