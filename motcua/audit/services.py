"""Writing audit events. Call inside the transaction of the change being audited."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from django.db import transaction
from django.utils import timezone

from .models import AuditChainHead, AuditEvent, PersonalDataAccess


def event_digest(
    *,
    chain: str,
    seq: int,
    kind: str,
    actor_id: int | None,
    object_type: str,
    object_id: str,
    data: dict[str, Any],
    created_at: dt.datetime,
    prev_hash: str,
) -> str:
    """SHA-256 over a canonical JSON of the event; the verifier recomputes exactly this."""
    body = json.dumps(
        [
            chain,
            seq,
            kind,
            actor_id,
            object_type,
            object_id,
            data,
            created_at.astimezone(dt.UTC).isoformat(),
            prev_hash,
        ],
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(body.encode()).hexdigest()


def audit_record(
    *,
    chain: str,
    kind: str,
    object_type: str,
    object_id: Any,
    actor: Any = None,
    data: dict[str, Any] | None = None,
    at: dt.datetime | None = None,
) -> AuditEvent:
    """Append one event to `chain`, linking it to the previous one.

    The chain head row is locked (``select_for_update``) so two writers on one chain serialise; a
    writer on another chain is not held up.
    """
    payload = json.loads(json.dumps(data or {}, default=str))
    created_at = at or timezone.now()
    actor_id = getattr(actor, "pk", None)
    with transaction.atomic():
        AuditChainHead.objects.get_or_create(chain=chain)
        head = AuditChainHead.objects.select_for_update().get(chain=chain)
        seq = head.seq + 1
        digest = event_digest(
            chain=chain,
            seq=seq,
            kind=kind,
            actor_id=actor_id,
            object_type=object_type,
            object_id=str(object_id),
            data=payload,
            created_at=created_at,
            prev_hash=head.hash,
        )
        event = AuditEvent.objects.create(
            chain=chain,
            seq=seq,
            kind=kind,
            actor_id=actor_id,
            actor_label=(getattr(actor, "full_name", "") or getattr(actor, "username", "") or "")[:200],
            object_type=object_type,
            object_id=str(object_id),
            data=payload,
            created_at=created_at,
            prev_hash=head.hash,
            hash=digest,
        )
        head.seq, head.hash = seq, digest
        head.save(update_fields=["seq", "hash"])
    return event


def personal_data_access_record(
    *,
    user: Any,
    dossier_id: int,
    dossier_code: str,
    fields: list[str],
    purpose: str,
    role: str = "",
    ip: str | None = None,
    agency_id: int | None = None,
    subject: str = PersonalDataAccess.Subject.DOSSIER,
) -> PersonalDataAccess:
    """Log a view of personal details in the access log and in the agency's daily audit chain.

    `subject` says what `dossier_id` and `dossier_code` name: a dossier (default) or a feedback.
    """
    now = timezone.now()
    with transaction.atomic():
        access = PersonalDataAccess.objects.create(
            user=user if getattr(user, "pk", None) else None,
            role=role,
            subject=subject,
            dossier_id=dossier_id,
            dossier_code=dossier_code,
            fields=fields,
            purpose=purpose,
            at=now,
            ip=ip,
        )
        audit_record(
            chain=f"access:{agency_id or 0}:{timezone.localdate(now).isoformat()}",
            kind="personal_data.view",
            object_type=str(subject),
            object_id=dossier_id,
            actor=user if getattr(user, "pk", None) else None,
            data={"code": dossier_code, "fields": fields, "purpose": purpose, "role": role, "ip": ip},
            at=now,
        )
    return access
