"""Refusals of the queue services; the API and the pages turn them into 4xx answers (motcua.api.errors)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from motcua.dossiers.errors import DossierError


class QueueError(DossierError):
    """A queue action was refused; nothing was written."""

    default = _("This queue action is not possible now.")


class QueueConflict(QueueError):  # noqa: N818 - named for what the user is told
    """The ticket or counter changed meanwhile (another counter called it, a double tap)."""

    code = "conflict"
    status = 409
    default = _("This ticket was changed meanwhile. The screen has been refreshed; try again.")
