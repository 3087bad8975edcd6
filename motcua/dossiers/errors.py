"""Refusals of the dossier services: a stable code, a Vietnamese message and an English one.

Views show `message` (in the active language) and keep the user's input; the API answers 409 for
a stale dossier or an action the current state does not allow, and 400 for invalid input.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _


class DossierError(Exception):
    """An action was refused; nothing was written."""

    code = "invalid"
    status = 400
    default = _("The dossier action is not valid.")

    def __init__(self, message: Any = None, *, code: str | None = None, field: str | None = None) -> None:
        self.message = message if message is not None else self.default
        if code:
            self.code = code
        self.field = field
        super().__init__(str(self.message))


class StaleDossier(DossierError):  # noqa: N818 - named for what the user is told
    code = "stale"
    status = 409
    default = _("This dossier was changed by someone else meanwhile. Reload the page and try again.")


class ActionNotAllowed(DossierError):  # noqa: N818 - named for what the user is told
    """The state or a legal limit forbids the action (second supplement, late apology...)."""

    code = "not_allowed"
    status = 409
    default = _("This action is not possible for the dossier in its current state.")


class NotPermitted(DossierError):  # noqa: N818 - named for what the user is told
    """The user may see the dossier but does not hold the role the action needs."""

    code = "permission_denied"
    status = 403
    default = _("You do not have permission to perform this action.")
