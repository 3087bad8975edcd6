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
