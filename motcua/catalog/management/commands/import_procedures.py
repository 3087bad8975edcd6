"""Import the national procedure JSONL as draft versions and print the report."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.catalog.importing.national import default_path, import_national_file


class Command(BaseCommand):
    help = "Import the national procedures JSONL (default: MOTCUA_PROCEDURES_FILE or shared/data/procedures)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", help="JSONL file; default %(default)s", default=None)
        parser.add_argument("--limit", type=int, help="stop after N procedures (kept or rejected)")
        parser.add_argument("--codes", nargs="+", metavar="CODE", help="import only these procedure codes")

    def handle(self, *args: Any, **options: Any) -> None:
        path = options["path"] or default_path()
        try:
            report = import_national_file(path, limit=options["limit"], codes=options["codes"])
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error}") from error
        self.stdout.write(f"Imported {path}")
        self.stdout.write(report.as_text(all_warnings=options["verbosity"] >= 2))
