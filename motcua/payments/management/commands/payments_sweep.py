"""`manage.py payments_sweep`: ask the gateway about pending online payments past their expiry + 15 minutes
(what Celery beat runs every 5 minutes as motcua.payments.tasks.expire_sweep)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from motcua.payments.services.gateway_flow import payment_expire_sweep


class Command(BaseCommand):
    help = "Query the gateway about expired pending online payments; settle or mark them expired."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = payment_expire_sweep()
        self.stdout.write(
            f"Settled {counts['settled']}, expired {counts['expired']}, "
            f"gateway unreachable for {counts['unreachable']}."
        )
