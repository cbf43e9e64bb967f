from django.core.management.base import BaseCommand, CommandError

from motcua.accounts.models import ApiToken
from motcua.accounts.services import revoke_api_token


class Command(BaseCommand):
    help = "Revoke API tokens by their prefix (the first 10 characters, as listed in the admin), or every live token of a user."

    def add_arguments(self, parser):
        parser.add_argument("prefix", nargs="?", default="", help="The token's prefix, e.g. mc_Ab12CdE.")
        parser.add_argument("--user", default="", help="Revoke every live token of this username instead.")

    def handle(self, *args, prefix, user, **options):
        if bool(prefix) == bool(user):
            raise CommandError("Give a token prefix or --user, not both.")
        live = ApiToken.objects.filter(revoked_at__isnull=True)
        tokens = list(live.filter(user__username=user) if user else live.filter(prefix=prefix))
        if not tokens:
            raise CommandError("No live token matches.")
        for token in tokens:
            revoke_api_token(token)
            self.stdout.write(f"Revoked {token.prefix}… of {token.user.username} ({token.name or 'no name'}).")
