"""Load the demo: Lào Cai, its bodies and communes, the real national procedures, one user per role."""

from __future__ import annotations

import logging
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from motcua.catalog.demo import publish_demo_catalog
from motcua.catalog.importing.national import default_path, import_national_file
from motcua.dossiers.demo import build_demo_dossiers
from motcua.dossiers.demo_online import CITIZENS, build_citizens, build_online_dossiers
from motcua.feedback.demo import build_demo_feedback
from motcua.org import demo as org_demo
from motcua.org.models import User
from motcua.payments.demo import build_payments_demo
from motcua.postal.demo import API_USERNAME, build_demo_postal
from motcua.queueing.demo import build_queue_demo


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
        out.write("Working calendar 2025–2027 (holidays, swapped Saturdays)…")
        call_command("seed_calendar", years=[2025, 2026, 2027], publish=True, stdout=out)
        call_command("esign_demo_ca", stdout=out)  # the test CA that signs the demo's e-results (docs/esign.md)
        accounts = {user.username: user for user in User.objects.filter(username__in=[s.username for s, _ in users])}
        made = build_demo_dossiers(accounts, org.centre, org.commune_desks[0] if org.commune_desks else None)
        out.write(f"Demo dossiers: {made} made now." if made else "Demo dossiers: already there.")
        with transaction.atomic():
            citizens = build_citizens(org_demo.DEMO_PASSWORD)
        online = build_online_dossiers(citizens, accounts["motcua.tinh"], org.centre)
        out.write(
            f"Online dossiers of the demo citizen: {online} made now." if online else "Online dossiers: already there."
        )
        out.write("\n".join(build_payments_demo().lines("http://127.0.0.1:8000")))  # fully online + sandbox gateway
        postal = build_demo_postal(accounts.get("buudien"), org.centre)
        out.write(f"Postal service: {postal.made} orders made now; API token of {API_USERNAME}: {postal.token}")
        floor = build_queue_demo([org.centre, *org.commune_desks[:1]])
        out.write(
            f"Office floor: counter groups; {floor} past queue tickets made now."
            if floor
            else "Office floor: already there."
        )
        pakn = build_demo_feedback({"province": org.province, **org.bodies}, accounts["lanhdao.tinh"])
        out.write(f"Citizen feedback (PAKN): {pakn} made now." if pakn else "Citizen feedback: already there.")
        self._history()
        self._print_users(users)

    def _history(self) -> None:
        """A year of generated past dossiers across the province (deterministic), so the reports and the
        dashboard have something to show; generated once."""
        from motcua.dossiers.models import Dossier

        if Dossier.objects.count() >= 1000:
            self.stdout.write("History for the reports: already there.")
            return
        self.stdout.write("History for the reports: 3,000 dossiers over the last 13 months…")
        call_command("generate_dossiers", count=3000, days=395, seed=6, orm=True, verbosity=0, stdout=self.stdout)

    def _print_users(self, users: list) -> None:
        out = self.stdout
        out.write("")
        out.write(self.style.SUCCESS(f"Demo accounts (password for all: {org_demo.DEMO_PASSWORD})"))
        for spec, agency in users:
            out.write(f"  {spec.username:<18} {spec.role:<16} {agency.name}")
        for citizen in CITIZENS:
            role = "citizen" if citizen.kind == "person" else "business"
            who = citizen.organisation_name or citizen.full_name
            out.write(f"  {citizen.email:<22} {role:<12} {who} (or {citizen.phone})")
        out.write("")
        out.write("Public catalogue: http://127.0.0.1:8000/thu-tuc/")
        out.write("Dossier lookup:   http://127.0.0.1:8000/tra-cuu/")
        out.write("Citizen sign-in:  http://127.0.0.1:8000/tai-khoan/dang-nhap/  (my dossiers: /ca-nhan/ho-so/)")
        out.write("Staff sign-in:    http://127.0.0.1:8000/can-bo/dang-nhap/  (work queues: /can-bo/ho-so/)")
        out.write("Reports:          http://127.0.0.1:8000/can-bo/bao-cao/  (lanhdao.tinh; the period report: ky/)")
        out.write("Transparency:     http://127.0.0.1:8000/minh-bach/")
        centre = "LCI-TTPVHCC"
        out.write("Office floor (sign in as motcua.tinh first; open each in its own tab):")
        out.write(f"  Kiosk:          http://127.0.0.1:8000/quay/{centre}/lay-so/")
        out.write("  Counter screen: http://127.0.0.1:8000/can-bo/hang-doi/  (choose Quầy 1)")
        out.write(f"  Display board:  http://127.0.0.1:8000/quay/{centre}/bang/")
        out.write(f"  Rating tablet:  http://127.0.0.1:8000/quay/{centre}/danh-gia/1/")
        out.write("  Appointments:   http://127.0.0.1:8000/lich-hen/")
        out.write("Feedback (PAKN):  http://127.0.0.1:8000/phan-anh-kien-nghi/  (staff: /can-bo/phan-anh/)")
        out.write("Administration:   http://127.0.0.1:8000/admin/  (quantri)")
        out.write("API docs:         http://127.0.0.1:8000/api/docs/")
