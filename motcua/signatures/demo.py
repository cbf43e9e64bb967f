"""The demo PKI ``make run`` sets up: a demo certificate authority and a PKCS#12 key for every
agency and every leader of the demo (made-up names, certificates marked DEMO, no legal value)."""

from __future__ import annotations

from django.conf import settings

from motcua.accounts.choices import Role
from motcua.accounts.models import Membership
from motcua.organisations.models import Agency

from . import pki
from .models import SigningKey
from .services import key_dir, register_pkcs12


def load_demo_pki() -> str:
    ca = pki.demo_ca(key_dir())
    made = 0
    for agency in Agency.objects.filter(is_active=True).exclude(signing_keys__isnull=False).order_by("path"):
        data = pki.issue_pkcs12(ca, common_name=f"DEMO {agency.name}", organisation=agency.code, passphrase=settings.SIGNING_KEY_PASSPHRASE)
        register_pkcs12(data, location=f"agency-{agency.code}.p12", agency=agency, is_demo=True)
        made += 1
    leaders = Membership.objects.filter(role=Role.LEADER, is_active=True).select_related("user", "agency")
    for m in leaders:
        if SigningKey.objects.filter(user=m.user).exists():
            continue
        data = pki.issue_pkcs12(
            ca, common_name=f"DEMO {m.user.get_full_name()}", organisation=m.agency.name, passphrase=settings.SIGNING_KEY_PASSPHRASE
        )
        register_pkcs12(data, location=f"user-{m.user.pk}.p12", user=m.user, is_demo=True)
        made += 1
    return f"demo CA in {key_dir()}, {made} keys issued (DEMO)"
