"""`manage.py outbox_deliver [--loop SECONDS]`: sweep the outbox once, or forever every N seconds."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from motcua.notifications.sweeper import sweep_once


class Command(BaseCommand):
    help = "Send the due outbox messages (e-mail, SMS) once, or repeatedly with --loop."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--loop", type=float, default=0, metavar="SECONDS", help="sweep again every SECONDS")

    def handle(self, *args: Any, loop: float = 0, **options: Any) -> None:
        while True:
            sent = sweep_once(fresh_connection=loop > 0)
            self.stdout.write(f"outbox: {sent} sent")
            if loop <= 0:
                return
            time.sleep(loop)
