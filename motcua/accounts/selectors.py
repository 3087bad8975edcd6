"""Reads about citizen accounts."""

from __future__ import annotations

from django.db.models import QuerySet

from motcua.org.models import RoleAssignment, User

from .identifiers import identifier_key


def citizen_users() -> QuerySet[User]:
    """Every account with a citizen profile (staff who also applied for something included)."""
    return User.objects.filter(citizen_profile__isnull=False)


def citizen_by_identifier(identifier: str) -> User | None:
    """The active citizen account whose e-mail or phone is `identifier`.

    None when nothing matches and also when two accounts match (possible only for rows written
    outside the account services): signing in to an arbitrary one of them would be worse.
    """
    key = identifier_key(identifier)
    if key is None:
        return None
    users = citizen_users().filter(is_active=True)
    users = users.filter(email__iexact=key) if "@" in key else users.filter(phone=key)
    found = list(users.select_related("citizen_profile")[:2])
    return found[0] if len(found) == 1 else None


def is_citizen(user: object) -> bool:
    """Signed in with a citizen profile and no staff role: the portal treats the visitor as an applicant.

    Memoised on the user object, since the header asks on every page.
    """
    if not getattr(user, "is_authenticated", False) or not isinstance(user, User):
        return False
    cached = getattr(user, "_motcua_is_citizen", None)
    if cached is None:
        cached = (
            hasattr(user, "citizen_profile")
            and not user.is_superuser
            and not RoleAssignment.objects.active().filter(user=user).exists()
        )
        user._motcua_is_citizen = cached  # type: ignore[attr-defined]
    return bool(cached)
