"""The settlement report as a screen and as files made in the job worker (``jobs.exports``):
one assembly of the report for a person and the choices of the report form, so the page, the
Excel and the PDF always show the same figures (docs/rules.md sections 6.1 and 6.4)."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Paginator
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from motcua.accounts.selectors import issuing_agency, scoped_agencies
from motcua.core.pdf import Seal, render_pdf
from motcua.jobs.exports import ExportRefused, Made
from motcua.organisations.models import Agency

from . import excel, selectors, settlement
from .forms import ReportForm, default_period

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The official (Vietnamese) column titles of the grouping, as printed; translated on screen.
GROUP_LABELS = {
    "agency": gettext_noop("Đơn vị tiếp nhận"),
    "competent": gettext_noop("Cơ quan giải quyết"),
    "current": gettext_noop("Cơ quan đang giữ hồ sơ"),
    "field": gettext_noop("Lĩnh vực"),
    "procedure": gettext_noop("Thủ tục"),
}


@dataclass
class Choice:
    form: ReportForm
    query: selectors.Query | None
    layout: str


def choice(user, data) -> Choice:
    """The report form for ``user`` with ``data`` (a request's GET); without a kind of period, the
    current month (an export link alone included). ``query`` is None when the form is invalid."""
    agencies = scoped_agencies(user).filter(is_active=True).order_by("path").only("code", "name")  # the form's choices
    chosen = "kind" in data
    form = ReportForm(data if chosen else None, agencies=agencies)
    if chosen and form.is_valid():
        c = form.cleaned_data
        return Choice(form, selectors.Query(c["period"], c["group_by"], c["agency"], c["rollup"]), c["layout"])
    if chosen:
        return Choice(form, None, "official")
    return Choice(form, selectors.Query(default_period()), "official")


ROWS_PER_PAGE = 50  # rows of the report on a screen (the Excel and the PDF hold them all)


def assemble(user, picked: Choice, page_number: str | None = None) -> dict[str, Any]:
    """The report's rows, total and headings (raises ``selectors.ReportError``); with
    ``page_number`` (a screen), ``official`` and ``extended`` hold that page's rows and the total."""
    q = picked.query
    assert q is not None
    rows, total = selectors.settlement_report(user, q)
    page = None if page_number is None else Paginator(rows, ROWS_PER_PAGE).get_page(page_number)
    shown = rows if page is None else list(page)
    form = picked.form
    choices = getattr(form.fields["agency"], "choices", ())
    unit = q.agency and next((n for c, n in choices if c == q.agency), "") or selectors.reporting_unit_name(user)
    return {
        "form": form,
        "q": q,
        "rows": rows,
        "total": total,
        "layout": picked.layout,
        "unit": unit,
        "group_label": GROUP_LABELS[q.group_by],
        "group_title": gettext(GROUP_LABELS[q.group_by]),
        "period_label": q.period.label_at(timezone.now()),
        "official": [(r, excel.official_values(r)) for r in [*shown, total]],
        "extended": [(r, excel.extended_values(r)) for r in [*shown, total]],
        "page": page,
        "row_offset": 0 if page is None else max(page.start_index() - 1, 0),
        "columns": settlement.COLUMNS,
    }


def _context(export) -> dict[str, Any]:
    picked = choice(export.owner, export.params)
    if picked.query is None:
        raise ExportRefused("Lựa chọn báo cáo không hợp lệ.", "The report's choices are not valid.")
    try:
        return assemble(export.owner, picked)
    except selectors.ReportError as exc:
        raise ExportRefused(exc.message_vi, exc.message_en, exc.status) from None


def _name(ctx, ext: str) -> str:
    return f"bao-cao-giai-quyet-{ctx['q'].period.start:%Y%m%d}-{ctx['q'].period.end:%Y%m%d}.{ext}"


def settlement_xlsx(export, progress) -> Made:
    ctx = _context(export)
    progress(0, len(ctx["rows"]))
    data = excel.settlement_workbook(
        ctx["rows"], ctx["total"], unit=ctx["unit"], period_label=ctx["period_label"], group_label=ctx["group_label"], layout=ctx["layout"]
    )
    return _written(data, ".xlsx", _name(ctx, "xlsx"), XLSX, progress, len(ctx["rows"]))


def settlement_pdf(export, progress) -> Made:
    ctx = _context(export)
    progress(0, len(ctx["rows"]))
    q = ctx["q"]
    issuer = (Agency.objects.filter(code=q.agency).first() if q.agency else None) or issuing_agency(export.owner)
    if issuer is None:
        raise ExportRefused("Không xác định được cơ quan ban hành báo cáo.", "No issuing agency for this report.", 403)
    pdf = render_pdf(
        "reports/settlement_pdf.html", ctx, sealed=Seal(agency=issuer, kind="settlement_report", title="Báo cáo giải quyết TTHC")
    )
    return _written(pdf, ".pdf", _name(ctx, "pdf"), "application/pdf", progress, len(ctx["rows"]))


def _written(data: bytes, suffix: str, filename: str, content_type: str, progress, rows: int) -> Made:
    handle, path = tempfile.mkstemp(suffix=suffix, prefix="motcua-report-")
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    progress(rows)
    return Made(path, filename, content_type)
