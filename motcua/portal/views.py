"""Citizen portal pages that are not the catalogue itself."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from motcua.catalog.selectors import public_top_fields

from .lookup import LookupResult, Outcome, client_ip, due_explanation_text, lookup_public, timeline

LOOKUP = "portal/lookup.html"


def home(request: HttpRequest) -> HttpResponse:
    """Landing page: one big search box (a plain GET form to the catalogue) and the busiest fields."""
    return render(request, "portal/home.html", {"top_fields": public_top_fields(on=timezone.localdate())})


@require_http_methods(["GET", "HEAD", "POST"])
def lookup(request: HttpRequest) -> HttpResponse:
    """Status by dossier code (`?ma=`, where the receipt's QR lands); personal details by POST with the
    last 4 digits of the applicant's phone or ID number, never in the URL (services.md §7).

    Unknown, draft, malformed and wrong-factor lookups render one identical "not found" page (404):
    nothing typed is echoed back, so the bytes cannot differ. Limits answer 429 with Retry-After.
    """
    if request.method == "POST":
        code, factor = request.POST.get("ma", "").strip(), request.POST.get("factor", "").strip()
        errors = {}
        if not code:
            errors["ma"] = _("Enter the dossier code printed on your receipt.")
        if not factor:
            errors["factor"] = _("Enter the last 4 digits of the phone number or ID number given in the dossier.")
        if errors:
            response = render(request, LOOKUP, {"errors": errors, "code": code[:64], "asked_details": True}, status=400)
            return _private(response)
        result = lookup_public(code=code, factor=factor, ip=client_ip(request), user=request.user)
        return _private(_answer(request, result))
    raw = request.GET.get("ma", "")
    if not raw.strip():
        return render(request, LOOKUP, {})
    result = lookup_public(code=raw, factor=None, ip=client_ip(request), user=request.user)
    response = _answer(request, result)
    return _private(response) if result.details is not None else response


def _answer(request: HttpRequest, result: LookupResult) -> HttpResponse:
    context: dict[str, Any] = {"result": result}
    if result.outcome == Outcome.FOUND:
        assert result.status is not None  # FOUND always carries the status
        context.update(status=result.status, code=result.status.code, details=result.details)
        if result.details is not None:
            context.update(timeline=timeline(result.details), explanation=due_explanation_text(result.details))
        return render(request, LOOKUP, context)
    if result.outcome == Outcome.NOT_FOUND:
        return render(request, LOOKUP, {"not_found": True}, status=404)
    response = render(request, LOOKUP, {"refusal": result.message()}, status=429)
    response["Retry-After"] = str(result.retry_after)
    return response


def _private(response: HttpResponse) -> HttpResponse:
    """Answers that may hold personal data are never stored by a browser or proxy cache."""
    patch_cache_control(response, private=True, no_store=True)
    return response
