"""Recompute every report fact from the dossiers (after a bulk load, a restore or a bug fix)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from motcua.reports.facts import facts_rebuild


class Command(BaseCommand):
    help = "Rebuild reports.DossierFact from the dossiers (one INSERT … SELECT on PostgreSQL)."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        written = facts_rebuild()
        self.stdout.write(f"{written} report facts written in {time.monotonic() - started:.1f} s.")
