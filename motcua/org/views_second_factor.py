"""The staff second-factor pages: type the authenticator code, or enrol an authenticator."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from motcua.core.http import AuthenticatedHttpRequest

from . import second_factor

MAX_WRONG_CODES = 5
WRONG_KEY = "motcua_2fa_wrong"


def _next(request: AuthenticatedHttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return "/can-bo/"


def _wrong_code(request: AuthenticatedHttpRequest) -> HttpResponse | None:
    """Count a wrong code; after MAX_WRONG_CODES the session ends and the password is asked again."""
    wrong = int(request.session.get(WRONG_KEY, 0)) + 1
    request.session[WRONG_KEY] = wrong
    if wrong < MAX_WRONG_CODES:
        return None
    logout(request)
    messages.error(request, _("Too many wrong codes. Sign in again."))
    return redirect("staff:login")


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def verify(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    if not second_factor.needed_for(request) or user.is_verified():  # type: ignore[attr-defined]
        return redirect(_next(request))
    if second_factor.confirmed_device(user) is None:
        return redirect(f"{_setup_url()}?next={_next(request)}")
    error = ""
    if request.method == "POST":
        if second_factor.throttled(user):
            error = _("Too many wrong codes: wait a minute before trying again.")
        elif second_factor.verify(request, user, request.POST.get("code", "")):
            request.session.pop(WRONG_KEY, None)
            return redirect(_next(request))
        else:
            ended = _wrong_code(request)
            if ended is not None:
                return ended
            error = _("The code is not right. Type the 6 digits your authenticator app shows now, or a backup code.")
    status = 400 if error else 200
    return render(request, "org/second_factor.html", {"error": error, "next": _next(request)}, status=status)


def _setup_url() -> str:
    from django.urls import reverse

    return reverse("staff:second_factor_setup")


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def setup(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Enrol an authenticator: only while the user has none (a lost phone needs an administrator)."""
    user = request.user
    if not second_factor.needed_for(request) or second_factor.confirmed_device(user) is not None:
        return redirect(_next(request))
    device = second_factor.pending_device(user)
    error = ""
    if request.method == "POST":
        codes = second_factor.enrol(request, user, request.POST.get("code", ""))
        if codes is not None:
            request.session.pop(WRONG_KEY, None)
            return render(request, "org/second_factor_codes.html", {"codes": codes, "next": _next(request)})
        ended = _wrong_code(request)
        if ended is not None:
            return ended
        error = _("The code is not right. Check the time on your phone and type the 6 digits it shows now.")
    context = {
        "qr": second_factor.provisioning_qr_svg(device),
        "secret": second_factor.secret_base32(device),
        "error": error,
        "next": _next(request),
    }
    return render(request, "org/second_factor_setup.html", context, status=400 if error else 200)
