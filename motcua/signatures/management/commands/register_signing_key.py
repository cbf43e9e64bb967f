"""Register an agency's or a leader's signing key (docs/rules.md section 3.1):

    manage.py register_signing_key --agency 000.00.01.H38 --pkcs12 /secure/ubnd-tinh.p12
    manage.py register_signing_key --user lanhdao.tinh --pkcs11 lanhdao-tinh
    manage.py register_signing_key --agency 000.00.01.H38 --remote key-42 --certificate seal.pem

A PKCS#12 file is copied into ``SIGNING_KEY_DIR`` (mode 0600, passphrase
``SIGNING_KEY_PASSPHRASE``); a PKCS#11 key stays on the token (``SIGNING_PKCS11_*``), its
certificate read from the token under the same label; a remote key stays at the signing service."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from motcua.core.errors import BilingualError
from motcua.organisations.models import Agency
from motcua.signatures import services


class Command(BaseCommand):
    help = "Register a signing key of an agency or a leader: a PKCS#12 file, a key on the PKCS#11 token, or a remote key."

    def add_arguments(self, parser):
        owner = parser.add_mutually_exclusive_group(required=True)
        owner.add_argument("--agency", help="Agency code (the agency's seal).")
        owner.add_argument("--user", help="Username of the leader who signs results with it.")
        kind = parser.add_mutually_exclusive_group(required=True)
        kind.add_argument("--pkcs12", type=Path, help="PKCS#12 file.")
        kind.add_argument("--pkcs11", help="Label of the key (and of its certificate) on the PKCS#11 token.")
        kind.add_argument("--remote", help="Key id at the remote signing service.")
        parser.add_argument("--certificate", type=Path, help="PEM certificate of a remote key.")

    def handle(self, *args, **options):
        owner = self._owner(options)
        try:
            if options["pkcs12"]:
                path = options["pkcs12"]
                row = services.register_pkcs12(path.read_bytes(), location=f"{path.stem}.p12", **owner)
            elif options["pkcs11"]:
                row = services.register_pkcs11(key_label=options["pkcs11"], **owner)
            else:
                if not options["certificate"]:
                    raise CommandError("--remote needs --certificate (the key's PEM certificate).")
                row = services.register_remote(options["certificate"].read_bytes(), key_id=options["remote"], **owner)
        except OSError as exc:
            raise CommandError(f"Cannot read {exc.filename}: {exc.strerror}.") from None
        except BilingualError as exc:
            raise CommandError(exc.message_en) from None
        self.stdout.write(
            f"Registered {row.get_kind_display()} key {row.subject} (serial {row.serial}), valid until {row.not_after:%Y-%m-%d}."
        )

    def _owner(self, options) -> dict:
        if options["agency"]:
            agency = Agency.objects.filter(code=options["agency"]).first()
            if agency is None:
                raise CommandError(f"No agency with code {options['agency']!r}.")
            return {"agency": agency}
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"No user {options['user']!r}.")
        return {"user": user}
