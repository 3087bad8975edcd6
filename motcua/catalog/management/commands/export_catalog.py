"""Export procedure versions in the catalog exchange format (docs/catalog-format.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from motcua.catalog.choices import VersionStatus
from motcua.catalog.importing.exchange_export import export_json, export_xlsx
from motcua.catalog.models import ProcedureVersion


class Command(BaseCommand):
    help = "Export versions (default: published ones) to JSON or XLSX."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=["json", "xlsx"], default="json")
        parser.add_argument("--out", required=True, help="output file")
        parser.add_argument(
            "--status", choices=[*VersionStatus.values, "all"], default=VersionStatus.PUBLISHED, help="which versions"
        )
        parser.add_argument("--codes", nargs="+", metavar="CODE", help="only these procedure codes")

    def handle(self, *args: Any, **options: Any) -> None:
        versions = ProcedureVersion.objects.all()
        if options["status"] != "all":
            versions = versions.filter(status=options["status"])
        if options["codes"]:
            versions = versions.filter(procedure__code__in=options["codes"])
        data = (export_xlsx if options["format"] == "xlsx" else export_json)(versions)
        Path(options["out"]).write_bytes(data)
        self.stdout.write(f"Exported {versions.count()} version(s) to {options['out']}")
