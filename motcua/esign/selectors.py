"""Reads of the e-result app."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from motcua.dossiers.policy import capacity_for
from motcua.org.choices import Role

from .models import ResultDocument


def dossier_results(dossier: Any) -> QuerySet[ResultDocument]:
    """The results issued for a dossier, newest first, with what the panels show."""
    return ResultDocument.objects.filter(dossier=dossier).select_related("agency", "attachment", "replaced_by")


def can_revoke(user: Any, result: ResultDocument) -> bool:
    return result.revoked_at is None and capacity_for(user, Role.AGENCY_LEADER, result.agency_id) is not None
