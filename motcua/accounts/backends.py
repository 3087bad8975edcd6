"""Sign-in by e-mail address or phone number and password, for citizen accounts."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import BaseBackend
from django.http import HttpRequest

from motcua.org.models import User

from .selectors import citizen_by_identifier


class IdentifierBackend(BaseBackend):
    """Resolves what the citizen typed (`0912 345 678`, `+84912345678`, `Mai@Example.vn`) to the account.

    Staff keep signing in by username through Django's `ModelBackend`; this backend grants no
    permissions (citizens have none), so it adds nothing to permission checks.
    """

    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> User | None:
        if not username or not password:
            return None
        user = citizen_by_identifier(username)
        if user is None:
            # Hash anyway, so an unknown identifier takes as long to refuse as a wrong password.
            User().set_password(password)
            return None
        if user.check_password(password) and user.is_active:
            return user
        return None

    def get_user(self, user_id: int) -> User | None:
        return User.objects.filter(pk=user_id, is_active=True).first()
