"""Retention (documents-and-codes.md §9): what is kept how long, and the logged job that enforces it.

Defaults, each overridable in settings.MOTCUA_RETENTION (days):
- ACCESS_LOG_DAYS, 5 years: the personal-data access log, and the per-agency daily access chains of
  the audit trail (whole chains only, so no kept chain is cut);
- NOTIFICATION_BODY_DAYS, 1 year: a sent or failed message keeps its event, channel and status, but
  its payload (names, codes, links) is emptied and its recipient masked;
- queue tickets with phone numbers, 90 days: done by the floor's nightly task (motcua.queueing);
- dossiers and results: the procedure's archive period, unset = keep (nothing is deleted today).
Each run writes one audit event (chain retention:<date>) with what it removed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from motcua.audit.models import AuditChainHead, AuditEvent, PersonalDataAccess
from motcua.audit.services import audit_record
from motcua.notifications.models import OutboxMessage, OutboxStatus

DEFAULTS = {"ACCESS_LOG_DAYS": 5 * 365 + 1, "NOTIFICATION_BODY_DAYS": 365}


def retention_days(key: str) -> int:
    return int(getattr(settings, "MOTCUA_RETENTION", {}).get(key, DEFAULTS[key]))


def _mask(recipient: str) -> str:
    return ("*" * max(len(recipient) - 4, 0) + recipient[-4:]) if recipient else ""


def _old_access_chains(before: dt.date) -> list[str]:
    """access:<agency>:<YYYY-MM-DD> chains whose day is before `before`."""
    old = []
    for chain in AuditChainHead.objects.filter(chain__startswith="access:").values_list("chain", flat=True):
        try:
            day = dt.date.fromisoformat(chain.rsplit(":", 1)[1])
        except ValueError:
            continue
        if day < before:
            old.append(chain)
    return old


def retention_run(*, now: dt.datetime | None = None) -> dict[str, Any]:
    now = now or timezone.now()
    access_cut = now - dt.timedelta(days=retention_days("ACCESS_LOG_DAYS"))
    body_cut = now - dt.timedelta(days=retention_days("NOTIFICATION_BODY_DAYS"))
    with transaction.atomic():
        accesses = PersonalDataAccess.objects.filter(at__lt=access_cut).delete()[0]
        chains = _old_access_chains(timezone.localdate(access_cut))
        events = AuditEvent.objects.filter(chain__in=chains).delete()[0]
        AuditChainHead.objects.filter(chain__in=chains).delete()
        messages = 0
        done = OutboxMessage.objects.filter(
            created_at__lt=body_cut, status__in=(OutboxStatus.SENT, OutboxStatus.FAILED)
        ).exclude(payload={})
        for message in done.only("pk", "recipient").iterator():
            OutboxMessage.objects.filter(pk=message.pk).update(payload={}, recipient=_mask(message.recipient))
            messages += 1
        summary = {
            "access_rows_deleted": accesses,
            "access_chains_deleted": len(chains),
            "audit_events_deleted": events,
            "messages_emptied": messages,
            "access_before": access_cut.isoformat(),
            "messages_before": body_cut.isoformat(),
        }
        audit_record(
            chain=f"retention:{timezone.localdate(now).isoformat()}",
            kind="retention.run",
            object_type="retention",
            object_id=timezone.localdate(now).isoformat(),
            data=summary,
            at=now,
        )
    return summary
