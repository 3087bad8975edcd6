"""Periodic report work: freeze finished periods, delete expired export files."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from .models import ReportExport
from .snapshots import freeze_due


@shared_task
def reports_freeze_due() -> int:
    return len(freeze_due())


@shared_task
def exports_cleanup() -> int:
    expired = ReportExport.objects.filter(expires_at__lte=timezone.now())
    count = 0
    for record in expired:
        if record.file:
            record.file.delete(save=False)
        record.delete()
        count += 1
    return count
