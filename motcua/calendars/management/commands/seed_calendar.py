from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from motcua.calendars.services import calendar_publish, calendar_seed_year


class Command(BaseCommand):
    help = (
        "Seed the working calendar of the given years from the pinned holidays package as drafts "
        "(idempotent); with --publish, publish them too."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--years", nargs="+", type=int, help="Years to seed (default: this year and the next).")
        parser.add_argument("--publish", action="store_true", help="Publish the seeded years.")

    def handle(self, *args: Any, **options: Any) -> None:
        this_year = timezone.localdate().year
        years = [int(year) for year in options.get("years") or [this_year, this_year + 1]]
        for year in years:
            calendar_seed_year(year=year)
            version = calendar_publish(year=year, actor=None) if options.get("publish") else None
            state = f"published as calendar version {version.number}" if version else "unchanged or draft"
            self.stdout.write(self.style.SUCCESS(f"Calendar {year}: seeded, {state}."))
