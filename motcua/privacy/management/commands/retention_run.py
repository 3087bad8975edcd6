from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from motcua.privacy.retention import retention_run


class Command(BaseCommand):
    help = "Delete or empty personal data past its retention period (logged as an audit event)."

    def handle(self, *args: Any, **options: Any) -> None:
        summary = retention_run()
        for key, value in summary.items():
            self.stdout.write(f"{key}: {value}")
