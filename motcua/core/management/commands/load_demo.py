"""Demo data (idempotent): one real post-2025 province, its service centre, departments, six
communes with their centres, made-up staff for every role, procedures, dossiers, a reform round.
Each app contributes its part (``core.demo``); names are invented."""

from django.core.management.base import BaseCommand

from motcua.core import demo


class Command(BaseCommand):
    help = "Load demo data (idempotent) and print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument("--dossiers", type=int, default=300, help="Demo dossiers to create (only if none exist yet).")

    def handle(self, *args, **options):
        for line in demo.load(options):
            self.stdout.write(line)
