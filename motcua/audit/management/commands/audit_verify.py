from typing import Any

from django.core.management.base import BaseCommand, CommandError

from motcua.audit.verify import audit_verify_all, chain_verify


class Command(BaseCommand):
    help = "Verify the hash chains of the audit log; exit with an error if any link is broken."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--chain", help="Verify one chain only, e.g. dossier:42")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["chain"]:
            count, problems = 1, chain_verify(options["chain"])
        else:
            count, problems = audit_verify_all()
        for problem in problems:
            self.stderr.write(str(problem))
        if problems:
            raise CommandError(f"{len(problems)} problem(s) in {count} chain(s).")
        self.stdout.write(self.style.SUCCESS(f"{count} chain(s) verified, no problem found."))
