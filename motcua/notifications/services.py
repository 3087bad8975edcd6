"""Enqueuing outbox rows; call inside the transaction of the event."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .models import OutboxMessage


def outbox_enqueue(
    *, event: str, event_key: str, recipients: Iterable[tuple[str, str]], payload: dict[str, Any]
) -> list[OutboxMessage]:
    """One row per (channel, recipient); a repeated event key adds nothing (unique constraint)."""
    rows = [
        OutboxMessage(event=event, event_key=event_key, channel=channel, recipient=recipient, payload=payload)
        for channel, recipient in recipients
        if recipient
    ]
    return OutboxMessage.objects.bulk_create(rows, ignore_conflicts=True)
