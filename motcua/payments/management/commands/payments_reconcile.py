"""`manage.py payments_reconcile [--day YYYY-MM-DD] [--gateway KEY]`: the daily reconciliation.

Run at 01:00 for the previous local day (the default). Re-running a day is safe: its lines are
updated, alerts are raised only for new or changed lines."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from motcua.payments.gateways.base import GatewayNotConfigured
from motcua.payments.services.reconcile import reconcile_day


class Command(BaseCommand):
    help = "Reconcile a gateway's settlement of a local day against motcua's payments."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--day", help="Local day YYYY-MM-DD (default: yesterday).")
        parser.add_argument("--gateway", default=None, help="Gateway key (default: MOTCUA_PAYMENTS['GATEWAY']).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            day = (
                dt.date.fromisoformat(options["day"]) if options["day"] else timezone.localdate() - dt.timedelta(days=1)
            )
        except ValueError as error:
            raise CommandError("--day must be YYYY-MM-DD") from error
        try:
            lines = reconcile_day(day=day, gateway=options["gateway"])
        except GatewayNotConfigured as error:
            raise CommandError(str(error)) from error
        counts = Counter(line.status for line in lines)
        summary = ", ".join(f"{status}={count}" for status, count in sorted(counts.items())) or "no lines"
        self.stdout.write(f"{day.isoformat()}: {summary}")
