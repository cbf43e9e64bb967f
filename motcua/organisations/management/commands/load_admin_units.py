from django.core.management.base import BaseCommand

from motcua.organisations.services import load_admin_units


class Command(BaseCommand):
    help = "Load the 34 provinces, 3,321 communes and the pre-2025 provinces and districts (idempotent)."

    def handle(self, *args, **options):
        result = load_admin_units()
        self.stdout.write(f"administrative units: {result}")
