"""Dossier numbers: the daily code per receiving agency, the yearly register number, guidance slips
and lookup secrets (``docs/rules.md`` §4)."""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from motcua.core.inserts import insert
from motcua.organisations.models import Agency

from ..errors import Conflict
from ..models import Dossier, DossierCounter
from .inputs import SECRET_ALPHABET, Ctx


def next_number(agency: Agency, series: str, day: dt.date) -> int:
    """The next number of ``series`` for ``agency`` on ``day``; unique under concurrency (the
    counter row is locked by the UPDATE until the transaction ends)."""
    table = DossierCounter._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (agency_id, series, day, last) VALUES (%s, %s, %s, 1) "  # noqa: S608 - table name from the model
            f"ON CONFLICT (agency_id, series, day) DO UPDATE SET last = {table}.last + 1 RETURNING last",
            [agency.pk, series, day],
        )
        return cursor.fetchone()[0]


def next_code(agency: Agency, day: dt.date) -> tuple[str, int]:
    """The next dossier code for ``agency`` on ``day`` and its daily sequence number."""
    seq = next_number(agency, "", day)
    pattern = settings.DOSSIER_CODE_PATTERN
    return pattern.format(agency=agency.code, date=day, seq=seq), seq


REGISTER_SERIES = "SO"


def register_number(agency: Agency, day: dt.date) -> int:
    """The dossier's line in the receiving agency's register (forms 06/07): one book per agency
    and year, numbered through the year (docs/rules.md section 4)."""
    return next_number(agency, REGISTER_SERIES, dt.date(day.year, 1, 1))


def guidance_number(agency: Agency, at: dt.datetime) -> str:
    """'12/HDHS': the yearly number of a supplement request (form 02) issued by ``agency``."""
    year = timezone.localtime(at).year
    return f"{next_number(agency, 'HDHS', dt.date(year, 1, 1))}/{year}"


def new_secret() -> str:
    return "".join(secrets.choice(SECRET_ALPHABET) for _ in range(settings.DOSSIER_SECRET_LENGTH))


CODE_ATTEMPTS = 20


def _save_with_code(d: Dossier, ctx: Ctx, *, given: bool = False) -> None:
    """Save a dossier that has just been given its code. A generated code can only be taken
    already by a dossier imported from a legacy system under the same pattern: the next number
    is taken instead. A given code (import) that exists is a conflict."""
    for _attempt in range(CODE_ATTEMPTS):
        try:
            with transaction.atomic():
                insert(d) if d._state.adding else d.save()
            return
        except IntegrityError:
            if given or not Dossier.objects.filter(code=d.code).exclude(pk=d.pk).exists():
                break
            d.code, _seq = next_code(d.receiving_agency, timezone.localtime(ctx.at).date())
    raise Conflict(f"Mã hồ sơ {d.code} đã tồn tại.", f"Dossier code {d.code} already exists.")
