from __future__ import annotations

from typing import Any

from celery import shared_task

from .retention import retention_run


@shared_task
def retention_nightly() -> dict[str, Any]:
    """Deletes and empties what is past its retention period (beat: 03:30 every night)."""
    return retention_run()
