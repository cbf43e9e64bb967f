"""How long an electronic result is archived (docs/rules.md section 3.1): the rule that names
its procedure, else the rule of the procedure's field, else ``ARCHIVE_RETENTION_YEARS``; a
rule without years (or the setting at 0) keeps it permanently."""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from .models import RetentionRule

PERMANENT = None


def years_for(procedure) -> int | None:
    """The retention in years for ``procedure``'s results; None: permanently."""
    rule = RetentionRule.objects.filter(procedure=procedure).first()
    if rule is None and procedure.field_id is not None:
        rule = RetentionRule.objects.filter(field_id=procedure.field_id).first()
    if rule is not None:
        return rule.years or PERMANENT
    return settings.ARCHIVE_RETENTION_YEARS or PERMANENT


def until(signed_on: dt.date, years: int | None) -> dt.date | None:
    """The last day a document signed on ``signed_on`` is kept: the same calendar day ``years``
    later (28 February for a 29 February that year lacks); None when kept permanently."""
    if years is None:
        return None
    try:
        return signed_on.replace(year=signed_on.year + years)
    except ValueError:  # 29 February
        return signed_on.replace(year=signed_on.year + years, day=28)
