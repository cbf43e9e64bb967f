"""Rankings of a year and level, as a table and bars (page and PDF)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from motcua.accounts.selectors import issuing_agency
from motcua.core.pdf import Seal, render_pdf
from motcua.core.text import is_number

from .. import excel, selectors
from ..choices import Level
from .common import _download, _reform_staff


# --------------------------------------------------------------------------- rankings
def _bars(rows: list[dict], groups: list[str], width: int = 640) -> str:
    """A horizontal bar per unit (percent of the maximum), coloured by group (best first:
    green, blue, orange, red), as inline SVG."""
    colours = {0: "#198754", 1: "#0d6efd", 2: "#fd7e14", 3: "#dc3545"}
    groups = groups or sorted({r["group"] for r in rows})
    bar, gap, label = 18, 6, 220
    height = len(rows) * (bar + gap) + 24
    parts = [
        f'<svg width="100%" viewBox="0 0 {width} {height}" role="img" aria-label="Biểu đồ tỷ lệ điểm chỉ số CCHC theo đơn vị" '
        'class="ranking-chart">'
    ]
    scale = (width - label - 60) / 100
    for x in (50, 70, 80, 90, 100):
        gx = label + x * scale
        parts.append(
            f'<line x1="{gx:.1f}" y1="0" x2="{gx:.1f}" y2="{height - 18}" stroke="#dee2e6"/><text x="{gx:.1f}" y="{height - 4}" '
            f'font-size="10" text-anchor="middle" fill="#6c757d">{x}%</text>'
        )
    for i, r in enumerate(rows):
        y = i * (bar + gap)
        w = float(r["percent"]) * scale
        colour = colours.get(groups.index(r["group"]) if r["group"] in groups else 0, "#6c757d")
        name = str(r["name"])[:34].replace("&", "&amp;").replace("<", "&lt;")
        parts.append(
            f'<text x="{label - 6}" y="{y + 13}" font-size="11" text-anchor="end">{r["rank"]}. {name}</text>'
            f'<rect x="{label}" y="{y}" width="{w:.1f}" height="{bar}" fill="{colour}"><title>{name}: {r["percent"]}%</title></rect>'
            f'<text x="{label + w + 4:.1f}" y="{y + 13}" font-size="11">{r["percent"]}% ({r["group"]})</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


@login_required
@require_GET
def rankings(request, year: int | None = None, level: str | None = None):
    _reform_staff(request)
    if year is None:
        raw = request.GET.get("year", "")
        year = int(raw) if is_number(raw, 4) and len(raw) == 4 else (0 if raw else _latest_year())
    level = level or request.GET.get("level", "commune")
    if level not in Level.values or not 2000 <= year <= 2100:
        messages.error(request, "Năm hoặc cấp đánh giá không hợp lệ.")
        return render(
            request,
            "reform/rankings.html",
            {"rows": [], "year": timezone.localdate().year, "level": "commune", "levels": Level.choices},
            status=422,
        )
    council = selectors.runs_rounds_of(request.user, year, level)
    rows = selectors.rankings(year, level, published_only=not council)
    published = selectors.is_published(year, level)
    label = Level(level).label
    export = request.GET.get("export")
    if export == "xlsx":
        return _download(excel.rankings_workbook(year, str(label), rows), f"xep-hang-cchc-{year}-{level}.xlsx")
    context = {
        "rows": rows,
        "year": year,
        "level": level,
        "levels": Level.choices,
        "level_label": label,
        "published": published,
        "council": council,
        "chart": _bars(rows, selectors.framework_groups(year, level)) if rows else "",
        "group_counts": sorted(_count_groups(rows).items()),
    }
    if export == "pdf":
        return _download(
            render_pdf(
                "reform/rankings_pdf.html", context, sealed=_sealed(request.user, "par_rankings", "Xếp hạng chỉ số cải cách hành chính")
            ),
            f"xep-hang-cchc-{year}-{level}.pdf",
            "application/pdf",
            inline=True,
        )
    return render(request, "reform/rankings.html", context)


def _latest_year() -> int:
    """The last year with a published round, else the current one."""
    return selectors.latest_published_year() or timezone.localdate().year


def _count_groups(rows):
    out: dict[str, int] = {}
    for r in rows:
        out[r["group"]] = out.get(r["group"], 0) + 1
    return out


def _sealed(user, kind: str, title: str) -> Seal:
    agency = issuing_agency(user)
    if agency is None:
        raise PermissionDenied
    return Seal(agency=agency, kind=kind, title=title)
