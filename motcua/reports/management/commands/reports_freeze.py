"""Freeze the previous month and quarter once they are N working days old (reports.md §1)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from motcua.reports.snapshots import freeze_due


class Command(BaseCommand):
    help = "Freeze finished report periods (province and each agency) that are due."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", type=dt.date.fromisoformat, default=None, help="today (YYYY-MM-DD)")

    def handle(self, *args: Any, **options: Any) -> None:
        made = freeze_due(options["date"])
        self.stdout.write(f"{len(made)} snapshots frozen.")
