"""Lift a login lock: of an account at one address, of an account everywhere it failed, or of
an address (``accounts.lockout``)."""

from django.core.management.base import BaseCommand, CommandError

from motcua.accounts import lockout


class Command(BaseCommand):
    help = "Lift login locks: --username and/or --ip."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="", help="The login name as typed (e-mail or phone on the portal).")
        parser.add_argument("--ip", default="", help="The client address.")

    def handle(self, *args, username, ip, **options):
        if not username and not ip:
            raise CommandError("Give --username, --ip or both.")
        count = lockout.reset(username=username, ip=ip)
        self.stdout.write(f"{count} lock(s) lifted.")
