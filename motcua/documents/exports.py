"""The register made in the job worker (``jobs.exports``): Excel or PDF for any range, with the
requester's scope as it is when the file is made (docs/rules.md section 6.4)."""

from __future__ import annotations

import datetime as dt
import os
import tempfile

from motcua.accounts.selectors import has_role, scoped_agencies
from motcua.dossiers import selectors as dossier_selectors
from motcua.dossiers.choices import COUNTER_ROLES, OPERATIONAL_ROLES
from motcua.jobs.exports import ExportRefused, Made

from . import excel, rendering

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def register_agencies(user) -> list:
    """The receiving units whose register the user may print: their desks, else their units."""
    desks = list(scoped_agencies(user, COUNTER_ROLES).filter(is_active=True).exclude(kind="department").order_by("path"))
    return desks or list(scoped_agencies(user, OPERATIONAL_ROLES).filter(is_active=True).order_by("path")[:200])


def _register(export):
    owner, p = export.owner, export.params
    agency = next((a for a in register_agencies(owner) if a.code == p.get("agency")), None)
    if agency is None or not has_role(owner, *OPERATIONAL_ROLES):
        raise ExportRefused("Bạn không còn quyền in sổ theo dõi của đơn vị này.", "You may no longer print this unit's register.", 403)
    start, end = dt.date.fromisoformat(p["start"]), dt.date.fromisoformat(p["end"])
    dossiers = dossier_selectors.visible_dossiers(owner).filter(receiving_agency=agency)
    return agency, start, end, rendering.register_queryset(dossiers, start, end)


def register_xlsx(export, progress) -> Made:
    agency, start, end, rows = _register(export)
    progress(0, rows.count())
    handle, path = tempfile.mkstemp(suffix=".xlsx", prefix="motcua-register-")
    os.close(handle)
    excel.register_workbook(rows, start, end, agency, path, progress=progress)
    return Made(path, f"so-theo-doi-{start:%Y%m%d}-{end:%Y%m%d}.xlsx", XLSX)


def register_pdf(export, progress) -> Made:
    agency, start, end, rows = _register(export)
    total = rows.count()
    progress(0, total)
    rendered = rendering.render_register(
        dossier_selectors.visible_dossiers(export.owner).filter(receiving_agency=agency), start, end, agency
    )
    handle, path = tempfile.mkstemp(suffix=".pdf", prefix="motcua-register-")
    with os.fdopen(handle, "wb") as out:
        out.write(rendered.pdf)
    progress(total)
    return Made(path, rendered.filename, "application/pdf")
