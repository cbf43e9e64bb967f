"""Report screens: the settlement report with drill-down and exports."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from motcua.accounts.selectors import in_scope, scoped_agencies
from motcua.core.forms import LongSelect
from motcua.core.replica import reads_from_replica
from motcua.jobs import exports as job_exports

from . import charts, exports, selectors, services, settlement
from . import dashboard as board
from .models import Formula
from .periods import PeriodError, period_for


def _refused(request, form, exc: selectors.ReportError):
    """The report form again, with the reason the query was refused. The form may be unbound
    (the default month, with no choice made), which keeps no cleaned data to attach it to."""
    if not hasattr(form, "cleaned_data"):
        form.cleaned_data = {}
    form.add_error(None, exc.message_vi)
    return render(request, "reports/settlement.html", {"form": form}, status=exc.status)


@login_required
@require_GET
@reads_from_replica
def settlement_view(request):
    picked = exports.choice(request.user, request.GET)
    if picked.query is None:
        return render(request, "reports/settlement.html", {"form": picked.form}, status=422)
    export = request.GET.get("export")
    if export in ("xlsx", "pdf"):  # made in the job worker: the page shows its progress
        q = picked.query
        title = gettext("Báo cáo giải quyết TTHC %(period)s (%(fmt)s)") % {"period": q.period.label(), "fmt": export.upper()}
        params = {k: v for k, v in request.GET.items() if k != "export"}
        row = job_exports.start(request.user, f"reports.settlement_{export}", params, title)
        return redirect("jobs:export", pk=row.pk)
    try:
        context = exports.assemble(request.user, picked, request.GET.get("page") or "1")
    except selectors.ReportError as exc:
        return _refused(request, picked.form, exc)
    query = request.GET.copy()
    query.pop("page", None)
    # Each figure beside the column it drills down to, paired once here (not per cell in the template).
    context.update(
        {
            "query": query.urlencode(),
            "official": [(row, list(zip(values, OFFICIAL_KEYS, strict=True))) for row, values in context["official"]],
            "extended": [(row, list(zip(values, EXTENDED_KEYS, strict=True))) for row, values in context["extended"]],
        }
    )
    return render(request, "reports/settlement.html", context)


# Which column (or folded column) each displayed figure drills down to (None: a rate, no list).
OFFICIAL_KEYS = [
    "received_total",
    "received_online",
    "received_counter_postal",
    "carried_over",
    "official_resolved",
    "resolved_early",
    "official_on_time",
    "resolved_late",
    "in_progress_total",
    "in_progress_not_due",
    "in_progress_overdue",
]
EXTENDED_KEYS = [*settlement.COLUMNS, None]


@login_required
@require_GET
@reads_from_replica
def drill(request):
    picked = exports.choice(request.user, request.GET)
    form, q = picked.form, picked.query
    column, key = request.GET.get("column", ""), request.GET.get("key", "")[:40]
    if q is None:
        return render(request, "reports/settlement.html", {"form": form}, status=422)
    try:
        page = selectors.drill_page(request.user, q, column, key, request.GET.get("page"))
    except selectors.ReportError as exc:
        return _refused(request, form, exc)
    return render(
        request,
        "reports/drill.html",
        {
            "q": q,
            "page": page,
            "column": settlement.COLUMN_LABELS[column],
            "key": key,
            "query": request.GET.copy(),
            "newest": settlement.drill_moment(column),
        },
    )


@require_GET
@reads_from_replica
def public_statistics(request):
    """Aggregate figures per agency or field for the public portal; no personal data, no drill-down."""
    group_by = request.GET.get("by", "agency")
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
        period = period_for("year", year=year)
        rows, total = selectors.public_statistics(period, group_by)
    except (ValueError, PeriodError, selectors.ReportError):
        return render(request, "reports/public.html", {"error": True}, status=422)
    now = timezone.now()
    as_of = period.as_of(now) if now < period.closes else None
    return render(
        request, "reports/public.html", {"rows": rows, "total": total, "period": period, "by": group_by, "year": year, "as_of": as_of}
    )


# --------------------------------------------------------------------------- dashboard
UNITS_PER_PAGE = 25  # sub-units in the dashboard's table and chart at a time


@login_required
@reads_from_replica
def dashboard(request):
    """Indicators against targets with their monthly trend, the service index, the units below,
    nearly-due and overdue dossiers, and the steps that overran their quota."""
    scoped = scoped_agencies(request.user).filter(is_active=True)
    choices = list(scoped.order_by("path").values_list("code", "name"))  # the select's options (a province has hundreds)
    if not choices:
        return render(request, "403.html", status=403)
    asked = request.GET.get("agency") or request.POST.get("agency") or ""
    agency = scoped.get(code=asked if asked in dict(choices) else choices[0][0])
    try:
        year = int(request.GET.get("year") or request.POST.get("year") or timezone.localdate().year)
        period = board.year_to_date(year)
    except (ValueError, PeriodError):  # not a number, or a year the periods refuse
        year = timezone.localdate().year
        period = board.year_to_date(year)
    if request.method == "POST":
        try:
            services.set_target(
                actor=request.user, agency=agency, year=year, formula=request.POST.get("formula", ""), value=request.POST.get("value", "")
            )
        except selectors.ReportError as exc:
            messages.error(request, exc.message_vi)
        else:
            messages.success(request, "Đã lưu mục tiêu.")
        return redirect(f"{request.path}?agency={agency.code}&year={year}")
    sums = board.receiving_sums(agency, period)
    index = board.service_index(agency, period, sums)
    values, lines, groups, score, maximum = index.values, index.lines, index.groups, index.total, index.maximum
    nearly, overdue = board.open_lists(agency)
    at_risk = board.at_risk_list(agency)
    targets = board.target_lines(agency, year, values)
    order = "rate" if request.GET.get("units_order") == "rate" else "name"
    units = Paginator(board.units(agency, period, sums, order), UNITS_PER_PAGE).get_page(request.GET.get("units_page"))
    return render(
        request,
        "reports/dashboard.html",
        {
            "agency_select": LongSelect(attrs={"class": "form-select form-select-sm", "id": "db-agency"}, choices=choices).render(
                "agency", agency.code
            ),
            "agency": agency,
            "year": year,
            "period": period,
            "targets": targets,
            "at_risk": at_risk,
            "charts": {"trends": charts.trends(targets), "units": charts.units(list(units))},
            "index_lines": lines,
            "index_groups": sorted(groups.items()),
            "score": score,
            "maximum": maximum,
            "units": units,
            "units_order": order,
            "units_query": urlencode({"agency": agency.code, "year": year, "units_order": order}),
            "nearly": nearly,
            "overdue": overdue,
            "overruns": board.overruns(agency, period),
            "formulas": Formula.choices,
            "may_set": in_scope(request.user, agency, services.TARGET_ROLES),
        },
    )
