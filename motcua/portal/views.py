"""Citizen portal pages that are not the catalogue itself."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from motcua.catalog.selectors import public_top_fields


def home(request: HttpRequest) -> HttpResponse:
    """Landing page: one big search box (a plain GET form to the catalogue) and the busiest fields."""
    return render(request, "portal/home.html", {"top_fields": public_top_fields(on=timezone.localdate())})


def lookup(request: HttpRequest) -> HttpResponse:
    """Status by dossier code (the receipt's QR lands here): status and due date only, no personal data.

    An unknown code and a malformed one answer alike. The second factor for personal details,
    rate limiting and the API belong to the portal work (issue 4).
    """
    from motcua.dossiers.selectors_public import public_status

    raw = request.GET.get("ma", "")
    status = public_status(raw) if raw.strip() else None
    return render(
        request, "portal/lookup.html", {"code": raw.strip()[:40], "status": status, "asked": bool(raw.strip())}
    )
