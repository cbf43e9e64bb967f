from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from motcua.accounts.services import create_api_token


class Command(BaseCommand):
    help = "Create an API token for a user and print it (it is shown only once)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="A label for the token (the integration's name).")

    def handle(self, *args, username, name, **options):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user named {username!r}.")
        token, raw = create_api_token(user, name=name)
        self.stdout.write(raw)
