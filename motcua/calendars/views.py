import calendar as pycal
import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.accounts.choices import Role
from motcua.accounts.selectors import has_role

from . import selectors, services
from .engine import Duration, EngineError, Pause
from .forms import DayForm, DueForm
from .models import CalendarDay


def _year_param(value) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return timezone.localdate().year
    return year if 1990 <= year <= 2100 else timezone.localdate().year


@login_required
def year_view(request, year=None):
    year = _year_param(year or request.GET.get("year"))
    days = {d.date: d for d in selectors.days_between(dt.date(year, 1, 1), dt.date(year, 12, 31))}
    months = []
    for month in range(1, 13):
        weeks = []
        for week in pycal.Calendar().monthdatescalendar(year, month):
            weeks.append([(d, days.get(d)) if d.month == month else (None, None) for d in week])
        months.append({"name": _("Tháng %(m)d") % {"m": month}, "weeks": weeks})
    context = {
        "year": year,
        "months": months,
        "status": selectors.year_status(year),
        "exceptions": selectors.exceptions_of_year(year),
        "can_edit": has_role(request.user, Role.ADMIN),
        "day_form": DayForm(),
        "due_form": DueForm(initial={"received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")}),
        "changes": request.session.pop("calendar_changes", None),
    }
    return render(request, "calendars/year.html", context)


def _require_admin(request):
    if not has_role(request.user, Role.ADMIN):
        raise PermissionDenied


def _remember_changes(request, day: dt.date):
    start, end = day - dt.timedelta(days=400), day + dt.timedelta(days=1)
    changes = services.preview_recompute(start, end)
    request.session["calendar_changes"] = {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "items": [
            {
                "key": c["key"],
                "label": c["label"],
                "old": c["old_due"].strftime("%H:%M %d/%m/%Y"),
                "new": c["new_due"].strftime("%H:%M %d/%m/%Y"),
            }
            for c in changes
        ],
    }


@login_required
@require_POST
def day_save(request):
    _require_admin(request)
    form = DayForm(request.POST)
    year = timezone.localdate().year
    if form.is_valid():
        data = form.cleaned_data
        year = data["date"].year
        try:
            services.set_day(date=data["date"], kind=data["kind"], reason=data["reason"], confirmed=data["confirmed"], actor=request.user)
        except ValidationError as exc:
            messages.error(request, "; ".join(exc.messages))
        else:
            messages.success(request, _("Đã lưu ngày %(d)s.") % {"d": data["date"].strftime("%d/%m/%Y")})
            _remember_changes(request, data["date"])
    else:
        messages.error(
            request, "; ".join(f"{form.fields[f].label if f in form.fields else ''}: {' '.join(e)}" for f, e in form.errors.items())
        )
    return redirect(f"/calendar/?year={year}")


@login_required
@require_POST
def day_remove(request, pk: int):
    _require_admin(request)
    row = get_object_or_404(CalendarDay, pk=pk)
    day = row.date
    services.remove_day(row, actor=request.user)
    messages.success(request, _("Đã xóa ngày %(d)s khỏi lịch.") % {"d": day.strftime("%d/%m/%Y")})
    _remember_changes(request, day)
    return redirect(f"/calendar/?year={day.year}")


@login_required
@require_POST
def year_confirm(request, year: int):
    _require_admin(request)
    services.confirm_year(_year_param(year), actor=request.user, note=request.POST.get("note", "")[:500])
    messages.success(request, _("Đã xác nhận lịch năm %(y)s.") % {"y": year})
    return redirect(f"/calendar/?year={year}")


@login_required
@require_POST
def recompute(request):
    _require_admin(request)
    try:
        start = dt.date.fromisoformat(request.POST.get("start", ""))
        end = dt.date.fromisoformat(request.POST.get("end", ""))
    except ValueError:
        messages.error(request, _("Khoảng ngày không hợp lệ."))
        return redirect("calendars:year")
    keys = set(request.POST.getlist("key")) or None
    count = services.recompute(start, end, keys, actor=request.user)
    messages.success(request, _("Đã tính lại hạn của %(n)d hồ sơ.") % {"n": count})
    return redirect("calendars:year")


@login_required
def due_preview(request):
    form = DueForm(request.GET or None)
    result = error = None
    if form.is_valid():
        data = form.cleaned_data
        try:
            duration = Duration(float(data["value"]), data["unit"], data.get("same_day_cutoff"))
            pauses = [Pause(data["pause_start"], data["pause_end"])] if data.get("pause_start") else []
            result = selectors.engine_for(None).compute_due(data["received_at"], duration, pauses)
        except EngineError as exc:
            error = exc.message_vi
    elif form.is_bound:
        error = "; ".join(" ".join(e) for e in form.errors.values())
    template = "calendars/_due_result.html" if request.htmx else "calendars/due.html"
    return render(request, template, {"form": form, "result": result, "error": error})
