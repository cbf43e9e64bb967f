"""The dashboard's charts as Chart.js configurations (plain data; drawn by the vendored
Chart.js in ``reports/static/reports/charts.js``): the indicators month by month against
their targets, and the units compared on their on-time rate. Pure: figures in, JSON out."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

COLORS = ("#0d6efd", "#198754", "#fd7e14", "#6f42c1", "#d63384", "#20c997")


def _value(v: Decimal | None) -> float | None:
    return None if v is None else float(v)


def trends(lines) -> dict | None:
    """A line per indicator with monthly figures (``TargetLine.points``), and its target as a
    dashed line of the same colour; None when no month has a figure yet."""
    months = sorted({m for line in lines for m, _v in line.points})
    if not months:
        return None
    datasets = []
    for i, line in enumerate(x for x in lines if x.points):
        color = COLORS[i % len(COLORS)]
        values = dict(line.points)
        datasets.append(
            {
                "label": str(line.label),
                "data": [_value(values.get(m)) for m in months],
                "borderColor": color,
                "backgroundColor": color,
                "spanGaps": True,
                "tension": 0.2,
            }
        )
        if line.target is not None:
            datasets.append(
                {
                    "label": _("Mục tiêu: %(label)s") % {"label": line.label},
                    "data": [float(line.target)] * len(months),
                    "borderColor": color,
                    "borderDash": [6, 4],
                    "borderWidth": 1,
                    "pointRadius": 0,
                }
            )
    return {
        "type": "line",
        "data": {"labels": [_("T%(month)s") % {"month": m} for m in months], "datasets": datasets},
        "options": {"plugins": {"legend": {"position": "bottom", "labels": {"boxWidth": 12}}}},
    }


def units(rows, formula: str = "on_time_rate") -> dict | None:
    """The sub-units side by side on ``formula`` (a bar each, highest first; none for a unit
    without a figure)."""
    figures = [(unit, values.values.get(formula)) for unit, values in rows]
    figures = sorted((x for x in figures if x[1] is not None), key=lambda x: -x[1])
    if not figures:
        return None
    return {
        "type": "bar",
        "data": {
            "labels": [unit.short_name or unit.name for unit, _v in figures],
            "datasets": [
                {"label": _("Tỷ lệ giải quyết đúng hạn (%)"), "data": [_value(v) for _u, v in figures], "backgroundColor": COLORS[0]}
            ],
        },
        "options": {"indexAxis": "y", "plugins": {"legend": {"display": False}}},
    }
