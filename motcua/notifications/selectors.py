"""Reads for the staff resend screen: which messages a user may see (their agencies', or all)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from motcua.dossiers.policy import assignments
from motcua.org.choices import Role

from .channels import configured_channels
from .conf import notify
from .models import OutboxMessage, OutboxStatus

RESEND_ROLES = (Role.DESK_OFFICER, Role.AGENCY_LEADER, Role.ADMINISTRATOR)


def outbox_agencies_for(user: Any) -> set[int] | None:
    """Agencies whose messages the user handles; None means every agency (superuser)."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return None
    return {ra.agency_id for ra in assignments(user) if ra.role in RESEND_ROLES}


def _scoped(user: Any) -> QuerySet[OutboxMessage]:
    agencies = outbox_agencies_for(user)
    rows = OutboxMessage.objects.all()
    return rows if agencies is None else rows.filter(agency_id__in=agencies)


def outbox_problems_for(
    *, user: Any, status: str = "", channel: str = "", event: str = "", now: dt.datetime | None = None
) -> QuerySet[OutboxMessage]:
    """Failed messages and messages still pending after STUCK_AFTER_MINUTES, newest first.

    Channels that are not configured (national-portal sync for now) are left out: their rows wait
    by design and nobody can resend them.
    """
    now = now or timezone.now()
    stuck_since = now - dt.timedelta(minutes=int(notify("STUCK_AFTER_MINUTES")))
    stuck = Q(status=OutboxStatus.PENDING, created_at__lte=stuck_since)
    failed = Q(status=OutboxStatus.FAILED)
    condition = {"failed": failed, "pending": stuck}.get(status, failed | stuck)
    rows = _scoped(user).filter(condition, channel__in=configured_channels())
    if channel:
        rows = rows.filter(channel=channel)
    if event:
        rows = rows.filter(event=event)
    return rows.order_by("-created_at", "-pk")


def outbox_get_for(*, user: Any, pk: int) -> OutboxMessage:
    """One message in the user's scope, or 404 (another agency's message is not disclosed)."""
    try:
        return _scoped(user).get(pk=pk)
    except OutboxMessage.DoesNotExist:
        raise Http404 from None


def outbox_many_for(*, user: Any, ids: list[int]) -> list[OutboxMessage]:
    return list(_scoped(user).filter(pk__in=ids).exclude(status=OutboxStatus.SENT))
