"""Request types for views: what middleware and decorators guarantee, spelt out for the type checker."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

if TYPE_CHECKING:
    from motcua.org.models import User


class HtmxHttpRequest(HttpRequest):
    """A request that passed through `django_htmx.middleware.HtmxMiddleware`."""

    htmx: HtmxDetails


class AuthenticatedHttpRequest(HttpRequest):
    """A request to a `login_required` view: the user is signed in, never anonymous."""

    user: User


MAX_ID = 2**63 - 1  # the largest BIGINT; a longer number in an address is no object of ours


def parse_id(raw: object) -> int | None:
    """An object id typed in an address or form: ASCII digits within BIGINT, else None.

    `str.isdigit()` alone lets "²" or "١٢" through (int() then fails) and any length of digits (the
    database driver then overflows): both were 500s the API fuzzing found.
    """
    text = str(raw or "").strip()
    if not (text.isascii() and text.isdigit()):
        return None
    value = int(text)
    return value if value <= MAX_ID else None
