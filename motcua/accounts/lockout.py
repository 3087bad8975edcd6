"""Sign-in lockout with django-axes on the database, so every server process sees the same counts.

Five failures for one identifier from one IP address lock that pair for 15 minutes (settings
`AXES_*`). These are the callables those settings name: the key of an attempt (the normalised
e-mail or phone, so `0912 345 678` and `+84912345678` count together), the client's IP (the same
proxy rule as the public lookup) and the answer to a locked-out attempt: the sign-in page again,
HTTP 429, saying until when.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import Max
from django.forms.utils import ErrorDict
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .identifiers import identifier_key


def attempt_identifier(request: HttpRequest | None, credentials: dict[str, Any] | None) -> str | None:
    """What the attempt is counted under: the identifier as typed in the form, normalised.

    The form's value wins over the credentials: after a successful sign-in axes passes the generated
    username, and the reset of the failure count must hit the key the failures were counted under.
    """
    raw: Any = ""
    if request is not None and request.method == "POST":
        raw = request.POST.get("username", "")
    if not raw and credentials:
        raw = credentials.get("username") or ""
    raw = str(raw).strip()
    if not raw:
        return None
    return identifier_key(raw) or raw.lower()[:150]


def attempt_ip(request: HttpRequest) -> str | None:
    from motcua.portal.lookup import client_ip

    return client_ip(request)


def locked_until(request: HttpRequest, identifier: str | None) -> dt.datetime:
    last = AccessAttempt.objects.filter(username=identifier, ip_address=attempt_ip(request)).aggregate(
        at=Max("attempt_time")
    )["at"]
    cool_off = get_cool_off(request) or dt.timedelta(minutes=15)
    return (last or timezone.now()) + cool_off


def lockout_message(until: dt.datetime) -> str:
    return _(
        "Too many unsuccessful sign-in attempts. To protect the account, signing in is paused until "
        "%(time)s. Please try again then, or reset your password now."
    ) % {"time": date_format(timezone.localtime(until), "H:i")}


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict[str, Any] | None = None
) -> HttpResponse:
    """The sign-in page the person was on, with the lockout message, HTTP 429 and Retry-After."""
    identifier = attempt_identifier(request, credentials)
    until = locked_until(request, identifier)
    message = lockout_message(until)
    typed = request.POST.get("username", "")[:254]
    match = getattr(request, "resolver_match", None)
    if match is not None and match.view_name == "accounts:login":
        from .views import login_context

        context = login_context(request, initial={"username": typed})
        context["locked_message"] = message
        response = render(request, "accounts/login.html", context, status=429)
    else:
        form = AuthenticationForm(request, initial={"username": typed})
        # Shown as the form's own error without validating it (that would try the password again).
        form._errors = ErrorDict({"__all__": form.error_class([message])})  # type: ignore[attr-defined]
        context = {"form": form, "next": request.POST.get("next", "")}
        response = render(request, "org/login.html", context, status=429)
    response["Retry-After"] = str(max(math.ceil((until - timezone.now()).total_seconds()), 1))
    return response
