"""`manage.py esign_demo_ca [--dir var/pki] [--force] [--org NAME] [--agency CODE ...]`

Creates the demo/test certificate authority ("motcua Test CA (không dùng thật)") and the default
organisation signing certificate (`agency.p12`, password MOTCUA_ESIGN["PKCS12_PASSWORD"]), plus
`agencies/<code>.p12` for each --agency. Idempotent: existing files are kept unless --force.
Never use these certificates for real results (docs/esign.md).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.org.models import Agency

from ...pki import DEFAULT_ORG, demo_pki_ensure


def default_org() -> str:
    """The demo's top agency (the provincial People's Committee) when there is one."""
    top = Agency.objects.filter(parent__isnull=True, level="province").order_by("id").first()
    return top.name if top else DEFAULT_ORG


class Command(BaseCommand):
    help = "Create the demo certificate authority and organisation signing certificates (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dir", default=None, help="default: the folder of MOTCUA_ESIGN['PKCS12_PATH']")
        parser.add_argument("--force", action="store_true", help="replace existing files")
        parser.add_argument("--org", default=None, help="organisation (O) of the default certificate")
        parser.add_argument("--agency", action="append", default=[], help="agency code: also agencies/<code>.p12")

    def handle(self, *args: Any, **options: Any) -> None:
        conf = settings.MOTCUA_ESIGN
        directory = Path(options["dir"]) if options["dir"] else Path(conf["PKCS12_PATH"]).parent
        agencies = {}
        for code in options["agency"]:
            agency = Agency.objects.filter(code=code).first()
            if agency is None:
                raise CommandError(f"Unknown agency code {code}")
            agencies[code] = agency.name
        pki = demo_pki_ensure(
            directory,
            password=str(conf.get("PKCS12_PASSWORD") or ""),
            org=options["org"] or default_org(),
            agencies=agencies,
            force=options["force"],
        )
        verb = "Created" if pki.created else "Kept existing"
        self.stdout.write(f"{verb} demo PKI in {pki.directory}: {pki.ca_pem.name}, {pki.pkcs12.name}")
