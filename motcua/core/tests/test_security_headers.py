"""Security headers on every kind of page (issue 8): CSP, framing, sniffing, referrer, features, caching."""

from __future__ import annotations

import pytest
from django.urls import reverse

from motcua.org.tests.factories import staff

pytestmark = pytest.mark.django_db


def csp_directives(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.mark.parametrize("path", ["/", "/tra-cuu/", "/thu-tuc/", "/phan-anh-kien-nghi/", "/can-bo/dang-nhap/"])
def test_public_pages_carry_the_policy_and_headers(client, path):
    response = client.get(path)

    assert response.status_code == 200
    csp = csp_directives(response)
    assert csp["script-src"] == ["'self'"]  # no inline script, no eval
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert csp["form-action"][0] == "'self'"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]


def test_pages_for_a_signed_in_user_are_not_cached(client):
    client.force_login(staff())

    response = client.get(reverse("staff:home"))

    assert response.headers["Cache-Control"] == "private, no-store"


def test_the_api_docs_run_under_the_same_policy(client):
    """Swagger UI is loaded from our own files (drf-spectacular's split view), not an inline script."""
    page = client.get("/api/docs/")
    script = client.get("/api/docs/?script=")

    assert page.status_code == 200 and "<script>" not in page.content.decode()
    assert script.status_code == 200 and "SwaggerUIBundle" in script.content.decode()
    assert csp_directives(page)["script-src"] == ["'self'"]


def test_no_page_template_holds_an_inline_script_or_handler():
    """What the policy forbids is absent from the source: every script is a file, no on*= handler."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    inline = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
    handler = re.compile(r"\son[a-z]+\s*=\s*[\"']", re.I)
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("templates/**/*.html")
        if inline.search(text := path.read_text()) or handler.search(text)
    ]
    assert offenders == []
