from django.core.management.base import BaseCommand

from motcua.org.services import units_load_from_package


class Command(BaseCommand):
    help = "Load the 34 provinces and 3,321 communes of the 2025 two-tier system (idempotent)."

    def handle(self, *args: object, **options: object) -> None:
        created, updated = units_load_from_package()
        self.stdout.write(self.style.SUCCESS(f"Administrative units: {created} created, {updated} updated."))
