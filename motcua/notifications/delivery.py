"""Sending outbox rows: claim, send outside any transaction, record the outcome.

A row is claimed by a conditional UPDATE (still pending, due, not claimed by anyone else) that sets
`claimed_until` and counts the attempt, so two workers never send the same row; on PostgreSQL the
candidates are also read with `SELECT ... FOR UPDATE SKIP LOCKED` so concurrent sweeps split the
work instead of queueing. A worker that dies mid-send leaves a claim that expires after
LEASE_SECONDS, and the row is tried again.

Retries (services.md §6): 1 min, 5 min, 30 min, 2 h, 6 h, 12 h after attempts 1–6, then every
12 h; no attempt is scheduled past 48 h from `retry_from` (the last attempt is at exactly 48 h),
and a failure at or after 48 h marks the row failed. Permanent errors fail at once.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from .channels import BaseChannel, Outcome, Result, channel_for, configured_channels
from .conf import notify
from .models import OutboxMessage, OutboxStatus

logger = logging.getLogger(__name__)


def retry_at(*, attempts: int, retry_from: dt.datetime, now: dt.datetime) -> dt.datetime | None:
    """When to try again after failed attempt number `attempts`, or None: give up (→ failed)."""
    deadline = retry_from + dt.timedelta(hours=float(notify("RETRY_WINDOW_HOURS")))
    if now >= deadline:
        return None
    delays = list(notify("RETRY_DELAYS_MINUTES"))
    delay = dt.timedelta(minutes=delays[min(max(attempts, 1), len(delays)) - 1])
    return min(now + delay, deadline)


def _claimable(now: dt.datetime) -> QuerySet[OutboxMessage]:
    return OutboxMessage.objects.filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lte=now),
        status=OutboxStatus.PENDING,
        next_attempt_at__lte=now,
    )


def _due(now: dt.datetime) -> QuerySet[OutboxMessage]:
    return _claimable(now).filter(channel__in=configured_channels())


def _claim(rows: QuerySet[OutboxMessage], now: dt.datetime, limit: int) -> list[tuple[OutboxMessage, BaseChannel]]:
    """Claim up to `limit` due rows of `rows` (held SMS are moved to the end of the quiet hours)."""
    lease = now + dt.timedelta(seconds=int(notify("LEASE_SECONDS")))
    claimed: list[tuple[OutboxMessage, BaseChannel]] = []
    channels: dict[str, BaseChannel | None] = {}
    with transaction.atomic():
        candidates = rows.order_by("next_attempt_at", "pk")
        if connection.features.has_select_for_update_skip_locked:
            candidates = candidates.select_for_update(skip_locked=True)
        for message in list(candidates[:limit]):
            if message.channel not in channels:
                channels[message.channel] = channel_for(message.channel)
            channel = channels[message.channel]
            if channel is None:
                continue
            same = _claimable(now).filter(pk=message.pk)
            hold = channel.hold_until(message, now)
            if hold is not None:
                same.update(next_attempt_at=hold)
                continue
            if same.update(claimed_until=lease, attempts=F("attempts") + 1) == 1:
                message.claimed_until = lease
                message.attempts += 1
                claimed.append((message, channel))
    return claimed


def _send(message: OutboxMessage, channel: BaseChannel) -> Result:
    try:
        return channel.send(message)
    except Exception as exc:  # a bug or a broken template must not stop the sweep
        logger.exception("Sending outbox message %s failed", message.pk)
        return Result.retryable(f"{type(exc).__name__}: {exc}")


def _record(message: OutboxMessage, result: Result) -> str:
    """Store the outcome, only if our claim still holds; returns the new status."""
    now = timezone.now()
    mine = OutboxMessage.objects.filter(pk=message.pk, claimed_until=message.claimed_until)
    detail = result.detail[:2000]
    if result.outcome == Outcome.ACCEPTED:
        status, fields = OutboxStatus.SENT, {"sent_at": now, "last_error": ""}
    elif result.outcome == Outcome.REJECTED:
        status, fields = OutboxStatus.FAILED, {"last_error": detail}
    else:
        retry = retry_at(attempts=message.attempts, retry_from=message.retry_from, now=now)
        if retry is None:
            status, fields = OutboxStatus.FAILED, {"last_error": f"{detail} (gave up after the retry window)"}
        else:
            status, fields = OutboxStatus.PENDING, {"last_error": detail, "next_attempt_at": retry}
    if not mine.update(status=status, claimed_until=None, **fields):
        logger.warning("Outbox message %s: claim lost before its outcome (%s) was recorded", message.pk, status)
    log = logger.info if status == OutboxStatus.SENT else logger.warning
    log("Outbox message %s (%s, attempt %s): %s %s", message.pk, message.channel, message.attempts, status, detail)
    return status


def _deliver(rows: QuerySet[OutboxMessage], *, now: dt.datetime | None = None, limit: int | None = None) -> int:
    now = now or timezone.now()
    count = 0
    for message, channel in _claim(rows, now, limit or int(notify("SWEEP_BATCH"))):
        if _record(message, _send(message, channel)) == OutboxStatus.SENT:
            count += 1
    return count


def deliver_due(*, now: dt.datetime | None = None, limit: int | None = None) -> int:
    """One sweep over every due message; returns how many were sent."""
    now = now or timezone.now()
    return _deliver(_due(now), now=now, limit=limit)


def deliver_event(event_key: str, *, now: dt.datetime | None = None) -> int:
    """Send the due messages of one event (scheduled right after the event's commit)."""
    now = now or timezone.now()
    return _deliver(_due(now).filter(event_key=event_key), now=now)


def deliver_messages(ids: Iterable[int], *, now: dt.datetime | None = None) -> int:
    """Send these messages if they are due (after a resend from the staff screen)."""
    now = now or timezone.now()
    return _deliver(_due(now).filter(pk__in=list(ids)), now=now)
