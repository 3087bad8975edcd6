"""Send the postal webhooks that are due (the sweep behind the retries); Celery beat runs the same."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from motcua.postal.services.webhooks import webhooks_deliver_due


class Command(BaseCommand):
    help = "Send pending postal webhooks whose next attempt is due."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = webhooks_deliver_due()
        self.stdout.write(f"{sent} webhook(s) delivered.")
