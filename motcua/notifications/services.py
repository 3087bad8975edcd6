"""Writes on the outbox: enqueue (inside the event's transaction), staff resend and recipient
correction, and administrators' template versions.

Delivery is scheduled with `transaction.on_commit`, never inside the transaction: a rolled-back
event sends nothing, and a broker that is down only delays the message until the next sweep.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.identifiers import normalise_email, normalise_phone
from motcua.audit.services import audit_record

from .models import Channel, MessageTemplate, OutboxMessage, OutboxStatus

logger = logging.getLogger(__name__)


def outbox_enqueue(
    *, event: str, event_key: str, recipients: Iterable[tuple[str, str]], payload: dict[str, Any]
) -> list[OutboxMessage]:
    """One row per (channel, recipient); a repeated event key adds nothing (unique constraint).

    Call inside the event's transaction; delivery starts after it commits.
    """
    agency_id = payload.get("agency_id")
    rows = [
        OutboxMessage(
            event=event,
            event_key=event_key,
            channel=channel,
            recipient=recipient,
            payload=payload,
            agency_id=agency_id if isinstance(agency_id, int) else None,
        )
        for channel, recipient in recipients
        if recipient
    ]
    created = OutboxMessage.objects.bulk_create(rows, ignore_conflicts=True)
    if rows:
        transaction.on_commit(lambda: delivery_schedule(event_key=event_key), robust=True)
    return created


def delivery_schedule(*, event_key: str | None = None, ids: list[int] | None = None) -> None:
    """Hand the delivery to Celery; on failure (broker down) the periodic sweep sends it later."""
    from . import tasks

    try:
        if event_key is not None:
            tasks.deliver_event.delay(event_key)
        if ids:
            tasks.deliver_messages.delay(ids)
    except Exception:
        logger.exception("Could not schedule outbox delivery (%s); the sweep will send it", event_key or ids)


def _requeue(message: OutboxMessage, now: dt.datetime) -> None:
    message.status = OutboxStatus.PENDING
    message.next_attempt_at = now
    message.retry_from = now


def outbox_resend(*, actor: Any, messages: Iterable[OutboxMessage], now: dt.datetime | None = None) -> list[int]:
    """Put failed or stuck messages back in the queue now (attempts kept, a new 48 h retry window)."""
    now = now or timezone.now()
    ids: list[int] = []
    with transaction.atomic():
        for message in messages:
            if message.status == OutboxStatus.SENT:
                continue
            updated = OutboxMessage.objects.filter(pk=message.pk).exclude(status=OutboxStatus.SENT)
            if updated.update(status=OutboxStatus.PENDING, next_attempt_at=now, retry_from=now):
                _requeue(message, now)
                ids.append(message.pk)
                audit_record(
                    chain=f"outbox:{message.pk}",
                    kind="outbox.resent",
                    object_type="outbox_message",
                    object_id=message.pk,
                    actor=actor,
                    data={"event": message.event, "channel": message.channel, "attempts": message.attempts},
                    at=now,
                )
        if ids:
            transaction.on_commit(lambda: delivery_schedule(ids=ids), robust=True)
    return ids


def recipient_normalise(channel: str, raw: str) -> str:
    """The recipient in its normal form for the channel; ValidationError when it is not valid."""
    if channel == Channel.EMAIL:
        value = normalise_email(raw)
        if value is None:
            raise ValidationError(_("Enter a valid e-mail address."), code="invalid")
    elif channel == Channel.SMS:
        value = normalise_phone(raw)
        if value is None:
            raise ValidationError(_("Enter a mobile phone number of 10 digits, e.g. 0912345678."), code="invalid")
    else:
        raise ValidationError(_("The recipient of this channel cannot be changed."), code="channel")
    return value


def outbox_recipient_correct(
    *, actor: Any, message: OutboxMessage, recipient: str, now: dt.datetime | None = None
) -> OutboxMessage:
    """Send the message to a corrected address or number (audited) and queue it again now."""
    now = now or timezone.now()
    new = recipient_normalise(message.channel, recipient)
    with transaction.atomic():
        locked = OutboxMessage.objects.select_for_update().get(pk=message.pk)
        if locked.status == OutboxStatus.SENT:
            raise ValidationError(_("This message has already been sent."), code="sent")
        if locked.claimed_until and locked.claimed_until > now:
            raise ValidationError(_("This message is being sent right now; try again in a minute."), code="busy")
        if new == locked.recipient:
            raise ValidationError(_("This is already the recipient."), code="same")
        taken = OutboxMessage.objects.filter(event_key=locked.event_key, channel=locked.channel, recipient=new)
        if taken.exists():
            raise ValidationError(_("This event already has a message to that recipient."), code="taken")
        old = locked.recipient
        locked.recipient = new
        _requeue(locked, now)
        locked.save(update_fields=["recipient", "status", "next_attempt_at", "retry_from"])
        audit_record(
            chain=f"outbox:{locked.pk}",
            kind="outbox.recipient_corrected",
            object_type="outbox_message",
            object_id=locked.pk,
            actor=actor,
            data={"event": locked.event, "channel": locked.channel, "from": old, "to": new},
            at=now,
        )
        ids = [locked.pk]
        transaction.on_commit(lambda: delivery_schedule(ids=ids), robust=True)
    return locked


def message_template_publish(
    *,
    event: str,
    channel: str,
    language: str,
    subject: str,
    body: str,
    active: bool = True,
    actor: Any = None,
    now: dt.datetime | None = None,
) -> MessageTemplate:
    """Add the next version of the template for (event, channel, language); rows are never edited."""
    with transaction.atomic():
        latest = MessageTemplate.objects.filter(event=event, channel=channel, language=language).aggregate(
            v=Max("version")
        )["v"]
        return MessageTemplate.objects.create(
            event=event,
            channel=channel,
            language=language,
            subject=subject.strip(),
            body=body,
            version=(latest or 0) + 1,
            active=active,
            created_by=actor if getattr(actor, "pk", None) else None,
            created_at=now or timezone.now(),
        )


def message_template_set_active(*, templates: Iterable[MessageTemplate], active: bool) -> int:
    """Switch versions on or off in place (the text never changes): switching off the newest
    version brings back the previous active one, or the file when none is left."""
    ids = [template.pk for template in templates]
    return MessageTemplate.objects.filter(pk__in=ids).update(active=active)
