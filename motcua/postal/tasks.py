"""Celery tasks (eager in-process without REDIS_URL). Beat runs `webhooks_sweep` every minute."""

from __future__ import annotations

from celery import shared_task

from .services import webhooks


@shared_task(name="motcua.postal.tasks.webhook_deliver", ignore_result=True)
def webhook_deliver(event_key: str) -> bool:
    return webhooks.webhook_deliver(event_key)


@shared_task(name="motcua.postal.tasks.webhooks_sweep", ignore_result=True)
def webhooks_sweep() -> int:
    return webhooks.webhooks_deliver_due()
