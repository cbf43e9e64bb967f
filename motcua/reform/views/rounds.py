"""The reform home page, a round with its units, and the council's queue."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from motcua.core.text import as_number

from .. import excel, selectors, services
from ..forms import PlanForm, RoundForm
from ..models import Assessment
from ..services import ReformError
from .common import _council_agencies, _download, _organisers, _reform_staff


# --------------------------------------------------------------------------- home
@login_required
@require_http_methods(["GET", "POST"])
def index(request):
    _reform_staff(request)
    council = _council_agencies(request.user)
    organisers = _organisers(request.user)
    round_form = RoundForm(request.POST if request.POST.get("form") == "round" else None, user=request.user, organisers=organisers)
    plan_form = PlanForm(request.POST if request.POST.get("form") == "plan" else None, issuers=organisers)
    status = 200
    if request.method == "POST":
        form = round_form if request.POST.get("form") == "round" else plan_form
        if form.is_valid():
            c = form.cleaned_data
            try:
                if form is round_form:
                    rnd = services.open_round(
                        actor=request.user,
                        framework=c["framework"],
                        organiser=c["organiser"],
                        deadline=c["deadline"],
                        reminder_days=c["reminder_days"],
                    )
                    messages.success(request, f"Đã mở đợt đánh giá với {rnd.assessments.count()} đơn vị; số liệu một cửa đã được điền sẵn.")
                    return redirect("reform:round", pk=rnd.pk)
                plan = services.create_plan(actor=request.user, year=c["year"], title=c["title"], issuer=c["issuer"], team=c["team"])
                messages.success(request, "Đã lập kế hoạch kiểm tra.")
                return redirect("reform:plan", pk=plan.pk)
            except ReformError as exc:
                form.add_error(None, exc.message_vi)
                status = exc.status
        else:
            status = 422
    return render(
        request,
        "reform/index.html",
        {
            "rounds": selectors.rounds_with_progress(request.user),
            "mine": selectors.units_assessments(request.user),
            "plans": selectors.plans_for(request.user, council),
            "round_form": round_form,
            "plan_form": plan_form,
            "is_council": organisers.exists(),
            "year": timezone.localdate().year,
        },
        status=status,
    )


# --------------------------------------------------------------------------- rounds
@login_required
@require_http_methods(["GET", "POST"])
def round_detail(request, pk: int):
    _reform_staff(request)
    rnd = get_object_or_404(selectors.rounds(), pk=pk)
    if not services.is_council(request.user, rnd.organiser):
        own = selectors.round_of_unit(rnd, request.user)
        if own is None:
            raise Http404
        return redirect("reform:assessment", pk=own.pk)
    assessments = selectors.round_assessments(rnd)
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "publish":
                services.publish_round(actor=request.user, round=rnd)
                messages.success(request, "Đã công bố kết quả và xếp hạng.")
                return redirect("reform:rankings_year", year=rnd.framework.year, level=rnd.framework.level)
            if action == "survey":
                upload = request.FILES.get("file")
                if upload is None or upload.size > 5 * 1024 * 1024:
                    raise ReformError("Chọn tệp Excel (.xlsx) không quá 5 MB.", "Choose an .xlsx file of at most 5 MB.")
                done = services.import_survey(actor=request.user, round=rnd, rows=excel.parse_survey(upload.read()))
                messages.success(request, f"Đã nhập {done} điểm điều tra xã hội học.")
                return redirect("reform:round", pk=rnd.pk)
            if action == "close":
                a = get_object_or_404(selectors.assessments(), pk=as_number(request.POST.get("assessment"), 0), round=rnd)
                services.submit(actor=request.user, assessment=a)
                messages.success(request, f"Đã khóa bản tự đánh giá quá hạn của {a.agency.name}.")
                return redirect("reform:round", pk=rnd.pk)
            raise ReformError("Thao tác không hợp lệ.", "Unknown action.")
        except ReformError as exc:
            messages.error(request, exc.message_vi)
            status = exc.status
    if request.GET.get("export") == "survey":
        nodes = selectors.survey_nodes(rnd)
        data = excel.survey_workbook(
            rnd, rnd.assessments.select_related("agency").prefetch_related("scores").order_by("agency__name"), nodes
        )
        return _download(data, f"dieu-tra-xhh-{rnd.framework.year}-{rnd.framework.level}.xlsx")
    by_pk = selectors.totals_of(assessments)
    rows = [(a, by_pk[a.pk]) for a in assessments]
    return render(
        request,
        "reform/round.html",
        {
            "round": rnd,
            "rows": rows,
            "today": timezone.localdate(),
            "all_appraised": all(a.state == Assessment.State.APPRAISED for a in assessments),
        },
        status=status,
    )


@login_required
@require_GET
def queue(request):
    """The council's appraisal queue: submitted self-assessments, oldest first."""
    _reform_staff(request)
    council = _council_agencies(request.user)
    if not council.exists():
        raise PermissionDenied
    return render(request, "reform/queue.html", {"rows": selectors.appraisal_queue(council)})
