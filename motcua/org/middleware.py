"""Staff pages and the staff API need the second factor once the password is accepted."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from . import second_factor

GUARDED = ("/can-bo/", "/admin/", "/api/", "/buu-chinh/")


class StaffSecondFactorMiddleware:
    """Between the password and the second factor a staff session opens nothing but the code page.

    API calls with a token are untouched (DRF authenticates them later, not from the session).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self._open: tuple[str, ...] | None = None

    def _open_paths(self) -> tuple[str, ...]:
        if self._open is None:
            names = ("staff:login", "staff:logout", "staff:second_factor", "staff:second_factor_setup")
            self._open = tuple(reverse(name) for name in names)
        return self._open

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path
        if (
            second_factor.required()
            and path.startswith(GUARDED)
            and path not in self._open_paths()
            and request.user.is_authenticated
            and not request.user.is_verified()  # type: ignore[attr-defined]  # django-otp adds it
            and second_factor.needed_for(request)
        ):
            if path.startswith("/api/"):
                return _api_refusal()
            target = reverse("staff:second_factor")
            return redirect(f"{target}?next={quote(request.get_full_path())}")
        return self.get_response(request)


def _api_refusal() -> JsonResponse:
    text = "Second factor required: sign in to the back office again and type your authenticator code."
    with override("vi"):
        message_vi = _(text)
    with override("en"):
        message_en = _(text)
    body = {"code": "second_factor_required", "message": message_vi, "message_en": message_en, "detail": None}
    return JsonResponse(body, status=403)
