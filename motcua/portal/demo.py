"""A made-up citizen account for the demo portal."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from motcua.catalog.selectors import version_for_reception
from motcua.dossiers import effects
from motcua.dossiers import services as dossier_services
from motcua.dossiers.demo import demo_dossier
from motcua.dossiers.models import Dossier
from motcua.records.models import StoredDocument

from .defaults import install
from .models import ApplicantProfile

DEMO_CITIZEN = "nguoidan@example.invalid"


def load_demo_applicant(password: str) -> str:
    install()  # shipped by a migration; again here for a flushed database
    User = get_user_model()
    user = User.objects.filter(username=DEMO_CITIZEN).first()
    if user is None:
        user = User.objects.create_user(
            username=DEMO_CITIZEN, password=password, email=DEMO_CITIZEN, phone="+84900000001", full_name="Nguyễn Thị Mai"
        )
    ApplicantProfile.objects.update_or_create(
        user=user,
        defaults={
            "id_number": "068190004321",
            "birth_date": dt.date(1990, 5, 6),
            "address": "Thôn 1, phường Xuân Hương - Đà Lạt",
            "email_verified_at": timezone.now(),
        },
    )
    return DEMO_CITIZEN


DEMO_VNEID = "demo-vneid-068190004321"
EARLIER = "2.000889"  # the mortgage she registered at the provincial centre, her land-use certificate scanned there
NEXT = "2.000890"  # offered online: the certificate comes from her store instead of a new upload


def load_demo_citizen_records() -> str:
    """The demo citizen, identified with VNeID (DEMO), has an earlier dossier whose components
    the desk digitised: her next online submission is offered them (docs/rules.md section 1.2)."""
    user = get_user_model().objects.filter(username=DEMO_CITIZEN).select_related("applicant").first()
    version = version_for_reception(EARLIER, timezone.now())
    centre = version.receiving_agencies.order_by("pk").first() if version is not None else None
    if user is None or centre is None or not Dossier.objects.exists():
        return "no demo dossiers"
    profile = user.applicant
    if not profile.oidc_subject:
        profile.oidc_subject = DEMO_VNEID
        profile.save(update_fields=["oidc_subject"])
        effects.changed(list(Dossier.objects.filter(owner=user).values_list("pk", flat=True)))  # now from a VNeID account
    earlier = StoredDocument.objects.filter(owner_id=profile.id_number).values_list("source_dossier", flat=True).first()
    if earlier is None:
        day = timezone.localdate() - dt.timedelta(days=60)
        while day.weekday() >= 5:
            day -= dt.timedelta(days=1)
        at = dt.datetime.combine(day, dt.time(9, 10), tzinfo=timezone.get_current_timezone())
        d = demo_dossier(
            EARLIER,
            centre.code,
            dossier_services.Applicant(
                name=user.full_name,
                id_number=profile.id_number,
                birth_date=profile.birth_date,
                phone=user.phone,
                email=user.email,
                address=profile.address,
            ),
            at,
        )
        if d is None:
            return "no earlier dossier"
        earlier = d.code
    return f"identified with VNeID (DEMO); her documents digitised on {earlier} are offered when she submits {NEXT} online"
