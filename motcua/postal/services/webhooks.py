"""Signed status messages to the operator (services.md §2): written in the event's transaction, sent
after commit by a Celery task, retried by the sweep with the configured backoff.

The body is the canonical JSON of the payload (sorted keys, no spaces, UTF-8); the operator checks
`X-Motcua-Signature: sha256=<hex HMAC-SHA256 of the raw body>` with the shared secret, which lives in
the environment variable named by `PostalOperator.webhook_secret_env`, never in the database.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import os
from typing import Any

import requests
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from ..choices import WebhookStatus
from ..conf import postal_setting
from ..models import PostalOperator, Webhook

logger = logging.getLogger(__name__)
TIMEOUT_SECONDS = 10
LEASE = dt.timedelta(minutes=2)  # a sender that dies mid-send frees the row after this


def webhook_enqueue(*, operator: PostalOperator, event: str, event_key: str, data: dict[str, Any]) -> None:
    """One row per event key (a repeated key adds nothing); call inside the event's transaction."""
    if not operator.webhook_url:
        return
    now = timezone.now()
    payload = {"event": event, "delivery": event_key, "created_at": now.isoformat(), "data": data}
    payload = json.loads(json.dumps(payload, default=str))
    Webhook.objects.bulk_create(
        [Webhook(operator=operator, event=event, event_key=event_key, payload=payload, next_attempt_at=now)],
        ignore_conflicts=True,
    )
    transaction.on_commit(lambda: webhook_schedule(event_key), robust=True)


def webhook_schedule(event_key: str) -> None:
    """Hand the sending to Celery; if the broker is down the sweep sends it later."""
    from .. import tasks

    try:
        tasks.webhook_deliver.delay(event_key)
    except Exception:
        logger.exception("Could not schedule webhook %s; the sweep will send it", event_key)


def webhook_body(webhook: Webhook) -> bytes:
    return json.dumps(webhook.payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def webhook_signature(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def retry_delay(attempts: int) -> dt.timedelta | None:
    """Wait after failed attempt number `attempts`, or None: give up."""
    delays = list(postal_setting("WEBHOOK_RETRY_MINUTES"))
    if attempts > len(delays):
        return None
    return dt.timedelta(minutes=delays[max(attempts, 1) - 1])


def _claim(key: str, now: dt.datetime) -> Webhook | None:
    due = Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    claimed = Webhook.objects.filter(due, event_key=key, status=WebhookStatus.PENDING).update(
        attempts=F("attempts") + 1, next_attempt_at=now + LEASE
    )
    return Webhook.objects.select_related("operator").get(event_key=key) if claimed else None


def _post(webhook: Webhook) -> str:
    """Send once; '' on a 2xx answer, else what went wrong."""
    operator = webhook.operator
    secret = os.environ.get(operator.webhook_secret_env, "") if operator.webhook_secret_env else ""
    if not secret:
        return f"no secret in the environment variable {operator.webhook_secret_env!r}"
    body = webhook_body(webhook)
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "X-Motcua-Signature": webhook_signature(secret, body),
        "X-Motcua-Event": webhook.event,
        "X-Motcua-Delivery": webhook.event_key,
    }
    try:
        response = requests.post(operator.webhook_url, data=body, headers=headers, timeout=TIMEOUT_SECONDS)
    except requests.RequestException as exc:
        return f"{type(exc).__name__}: {exc}"
    if 200 <= response.status_code < 300:
        return ""
    return f"HTTP {response.status_code}: {response.text[:200]}"


def webhook_deliver(event_key: str, *, now: dt.datetime | None = None) -> bool:
    """Try one pending, due webhook now; True if the operator accepted it."""
    now = now or timezone.now()
    webhook = _claim(event_key, now)
    if webhook is None:
        return False
    error = _post(webhook)
    rows = Webhook.objects.filter(pk=webhook.pk, status=WebhookStatus.PENDING)
    if not error:
        rows.update(status=WebhookStatus.SENT, sent_at=timezone.now(), next_attempt_at=None, last_error="")
        return True
    delay = retry_delay(webhook.attempts)
    if delay is None:
        rows.update(status=WebhookStatus.FAILED, next_attempt_at=None, last_error=error[:300])
    else:
        rows.update(next_attempt_at=now + delay, last_error=error[:300])
    logger.warning("Webhook %s attempt %s failed: %s", event_key, webhook.attempts, error)
    return False


def webhooks_deliver_due(*, now: dt.datetime | None = None, limit: int = 200) -> int:
    """The sweep: every pending webhook whose next attempt is due; returns how many were accepted."""
    now = now or timezone.now()
    keys = list(
        Webhook.objects.filter(status=WebhookStatus.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "pk")
        .values_list("event_key", flat=True)[:limit]
    )
    return sum(1 for key in keys if webhook_deliver(key, now=now))
