"""A made-up citizen account for the demo portal."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

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
