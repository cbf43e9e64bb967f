"""Create an API key for another system: manage.py create_integration_key <name> <agency code> <scope> [<scope> ...]"""

from django.core.management.base import BaseCommand, CommandError

from motcua.integrations.services import SCOPES, CallbackError, create_integration_key
from motcua.organisations.models import Agency


class Command(BaseCommand):
    help = "Create an API key (X-Api-Key) for an integrated system; the key is printed once."

    def add_arguments(self, parser):
        parser.add_argument("name")
        parser.add_argument("agency", help="Agency code: the key sees this agency and its sub-agencies.")
        parser.add_argument("scopes", nargs="+", help=f"Among: {', '.join(SCOPES)}")
        parser.add_argument("--rate", default="120/m")

    def handle(self, *args, name, agency, scopes, rate, **options):
        target = Agency.objects.filter(code=agency).first()
        if target is None:
            raise CommandError(f"Unknown agency {agency!r}.")
        try:
            key, raw = create_integration_key(name=name, agency=target, scopes=scopes, rate=rate)
        except CallbackError as exc:
            raise CommandError(exc.message_en) from None
        self.stdout.write(f"{key.name}: {raw}")
