"""Import a catalog exchange file (.json or .xlsx), or a national .jsonl, and print the report."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.catalog.importing.files import import_catalog_file


class Command(BaseCommand):
    help = "Import a catalog file in the exchange format (docs/catalog-format.md) as draft versions."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help=".json or .xlsx exchange file (or a national .jsonl)")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            with path.open("rb") as handle:
                report = import_catalog_file(handle, filename=path.name)
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error}") from error
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(report.as_text(all_warnings=options["verbosity"] >= 2))
