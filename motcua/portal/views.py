"""Citizen portal pages that are not the catalogue itself."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from motcua.catalog.selectors import public_top_fields


def home(request: HttpRequest) -> HttpResponse:
    """Landing page: one big search box (a plain GET form to the catalogue) and the busiest fields."""
    return render(request, "portal/home.html", {"top_fields": public_top_fields(on=timezone.localdate())})
