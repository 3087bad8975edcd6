"""Celery tasks (eager in-process without REDIS_URL). Beat runs `deliver_due` every minute."""

from __future__ import annotations

from celery import shared_task

from . import delivery


@shared_task(name="motcua.notifications.tasks.deliver_event", ignore_result=True)
def deliver_event(event_key: str) -> int:
    return delivery.deliver_event(event_key)


@shared_task(name="motcua.notifications.tasks.deliver_due", ignore_result=True)
def deliver_due() -> int:
    return delivery.deliver_due()


@shared_task(name="motcua.notifications.tasks.deliver_messages", ignore_result=True)
def deliver_messages(ids: list[int]) -> int:
    return delivery.deliver_messages(ids)
