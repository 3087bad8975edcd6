"""Revoking an issued e-result: the leader of the issuing agency, with a reason; audited.

Verification then answers "revoked" for its code and its file. A replacement is a later result of the
same dossier; `replaced_by` on the old one points to it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.audit.services import audit_record
from motcua.dossiers.errors import ActionNotAllowed, DossierError
from motcua.dossiers.policy import require
from motcua.org.choices import Role

from ..models import ResultDocument


def result_revoke(
    *,
    actor: Any,
    result: ResultDocument,
    reason: str,
    replaced_by: ResultDocument | None = None,
    at: dt.datetime | None = None,
) -> ResultDocument:
    """Mark `result` revoked (once); only an agency leader of the issuing agency may."""
    now = at or timezone.now()
    if not reason.strip():
        raise DossierError(_("Give the reason for revoking the result."), field="reason")
    with transaction.atomic():
        locked = ResultDocument.objects.select_for_update().get(pk=result.pk)
        capacity = require(actor, Role.AGENCY_LEADER, locked.agency_id)
        if locked.revoked_at is not None:
            raise ActionNotAllowed(_("This result is already revoked."))
        if replaced_by is not None and (replaced_by.pk == locked.pk or replaced_by.dossier_id != locked.dossier_id):
            raise DossierError(_("The replacement must be another result of the same dossier."), field="replaced_by")
        locked.revoked_at, locked.revocation_reason = now, reason.strip()[:300]
        locked.replaced_by = replaced_by
        locked.save(update_fields=["revoked_at", "revocation_reason", "replaced_by"])
        audit_record(
            chain=f"dossier:{locked.dossier_id}",
            kind="esign.revoked",
            object_type="result_document",
            object_id=locked.pk,
            actor=actor,
            data={
                "code": locked.code,
                "sha256": locked.sha256,
                "reason": locked.revocation_reason,
                "replaced_by": replaced_by.code if replaced_by else None,
                "role": capacity.role,
            },
            at=now,
        )
    return locked
