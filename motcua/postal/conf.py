"""The postal settings (`MOTCUA_POSTAL`) and the operator they name."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from motcua.dossiers.errors import DossierError

from .models import PostalOperator

DEFAULTS: dict[str, Any] = {
    "OPERATOR": "VNPOST",
    "WEBHOOK_RETRY_MINUTES": [1, 5, 30, 120, 360, 720],
    "POSTAGE_SUBSIDY": False,
}


def postal_setting(name: str) -> Any:
    return getattr(settings, "MOTCUA_POSTAL", {}).get(name, DEFAULTS[name])


def default_operator() -> PostalOperator:
    """The operator citizens' pickup orders go to (the province's public postal service)."""
    operator = PostalOperator.objects.filter(code=postal_setting("OPERATOR"), is_active=True).first()
    if operator is None:
        raise DossierError(_("The public postal service is not available at the moment."), code="not_configured")
    return operator
