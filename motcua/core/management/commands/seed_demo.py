"""Load the demo: Lào Cai, its bodies and communes, the real national procedures, one user per role."""

from __future__ import annotations

import logging
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from motcua.catalog.demo import publish_demo_catalog
from motcua.catalog.importing.national import default_path, import_national_file
from motcua.org import demo as org_demo


class Command(BaseCommand):
    help = "Load the demo province, import and publish real procedures, create demo users (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--procedures", default=None, help="national JSONL (default: shared/data/procedures)")

    def handle(self, *args: Any, **options: Any) -> None:
        logging.getLogger("motcua.catalog").setLevel(logging.WARNING)  # one line per publish is noise here
        out = self.stdout
        out.write("Organisation: provinces, communes, Lào Cai agencies, desks…")
        with transaction.atomic():
            org = org_demo.build_org()
        path = options["procedures"] or default_path()
        out.write(f"Catalogue: importing {path}…")
        report = import_national_file(path)
        out.write(report.as_text())
        with transaction.atomic():
            published = publish_demo_catalog(org)
            org_demo.build_counters(org)
            users = org_demo.build_users(org)
        out.write(
            f"Published {published.published} procedures now ({published.already} already) "
            f"across {len(published.fields)} fields; {len(published.skipped)} left as drafts for review."
        )
        self._print_users(users)

    def _print_users(self, users: list) -> None:
        out = self.stdout
        out.write("")
        out.write(self.style.SUCCESS(f"Demo accounts (password for all: {org_demo.DEMO_PASSWORD})"))
        for spec, agency in users:
            out.write(f"  {spec.username:<18} {spec.role:<16} {agency.name}")
        out.write("")
        out.write("Public catalogue: http://127.0.0.1:8000/thu-tuc/")
        out.write("Staff sign-in:    http://127.0.0.1:8000/can-bo/dang-nhap/")
        out.write("Administration:   http://127.0.0.1:8000/admin/  (quantri)")
        out.write("API docs:         http://127.0.0.1:8000/api/docs/")
