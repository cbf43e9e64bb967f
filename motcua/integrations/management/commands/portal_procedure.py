"""Pull a procedure's data from the national portal and show how it differs from our catalogue:
manage.py portal_procedure <code>"""

import json

from django.core.management.base import BaseCommand, CommandError

from motcua.integrations.adapters import DeliveryError
from motcua.integrations.services import CallbackError, pull_procedure


class Command(BaseCommand):
    help = "Show the national portal's data of a procedure and its differences with the catalogue."

    def add_arguments(self, parser):
        parser.add_argument("code")

    def handle(self, *args, code, **options):
        try:
            result = pull_procedure(code)
        except (CallbackError, DeliveryError) as exc:
            raise CommandError(getattr(exc, "message_en", str(exc))) from None
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2, default=str))
