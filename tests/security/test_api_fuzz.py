"""Property-based fuzzing of the whole API from the committed openapi.yaml (issue 8; schemathesis).

Every operation gets requests generated from its schema — valid ones and deliberately broken ones
(wrong types, missing fields, odd strings) — sent in-process to the real Django application on the
test database, as an anonymous caller and as a desk officer with an API token. Checks: never a 5xx,
and every answer is documented (status code, content type, body shape, headers).

Bounded budget for CI: a few examples per operation, derandomised so a failure reproduces, about a
minute on SQLite. `MOTCUA_FUZZ_EXAMPLES=200 make test PYTEST_ARGS=tests/security/test_api_fuzz.py`
searches harder locally.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = int(os.environ.get("MOTCUA_FUZZ_EXAMPLES", "6"))

_django = get_wsgi_application()


def app(environ, start_response):  # type: ignore[no-untyped-def]
    """The real WSGI application, minus closing the database connection after each request: that
    would end the test's transaction on PostgreSQL (Django's own test client does the same)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        response = _django(environ, start_response)
        body = b"".join(response)
        response.close()
        return [body]
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


schema = schemathesis.openapi.from_path(ROOT / "openapi.yaml")
schema.app = app
# Left out, with the reason: the payment gateway's server-to-server notification authenticates by
# its HMAC signature (tested in motcua/payments/tests/test_ipn_*.py); the PDF downloads answer
# application/pdf bodies the schema describes as binary (their status codes are still fuzzed below).
schema = schema.exclude(path_regex=r"^/thanh-toan/")

# The in-process client does not unzip; GZipMiddleware answers uncompressed when asked.
PLAIN = {"Accept-Encoding": "identity"}
# Bounded and reproducible: a failure found in CI is found again by the same command.
BUDGET = settings(
    max_examples=EXAMPLES, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck)
)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]


@pytest.fixture
def caller_token(db):
    """A desk officer of a provincial centre, with an API token. Built per case inside the test's
    transaction (a module-wide fixture would commit rows the later tests then see)."""
    from motcua.org.choices import DeskKind, Role
    from motcua.org.tests.factories import DeskFactory, RoleAssignmentFactory

    desk = DeskFactory(kind=DeskKind.PROVINCIAL_CENTRE)
    officer = RoleAssignmentFactory(role=Role.DESK_OFFICER, agency=desk.agency, desk=desk).user
    return Token.objects.create(user=officer).key


@pytest.mark.django_db
@schema.parametrize()
@BUDGET
def test_the_api_never_fails_and_keeps_its_word_anonymous(case):
    case.call_and_validate(headers=PLAIN, checks=CHECKS)


@pytest.mark.django_db
@schema.parametrize()
@BUDGET
def test_the_api_never_fails_and_keeps_its_word_as_staff(case, caller_token):
    case.call_and_validate(headers={**PLAIN, "Authorization": f"Token {caller_token}"}, checks=CHECKS)
