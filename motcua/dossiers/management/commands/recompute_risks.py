"""Work out again when each open dossier becomes at risk of being late (docs/rules.md section
5.3): after the upgrade that added it, or after office hours changed. Idempotent."""

from django.core.management.base import BaseCommand

from motcua.dossiers import services


class Command(BaseCommand):
    help = "Recompute when each open dossier becomes at risk of being late (idempotent)."

    def handle(self, *args, **options):
        self.stdout.write(f"{services.recompute_risks()} open dossiers changed.")
