"""Inspection plans, visits with their checklist and findings, remediation."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from motcua.accounts.selectors import issuing_agency
from motcua.core.pdf import Seal, render_pdf
from motcua.core.text import as_number, is_number
from motcua.core.uploads import UploadError
from motcua.organisations.selectors import active_agencies

from .. import excel, selectors, services
from ..forms import InspectionForm, ScheduleForm
from ..models import CHECKLIST, Inspection, InspectionPlan, RemediationTask
from ..services import ReformError
from .common import _council_agencies, _download, _error, _reform_staff


# --------------------------------------------------------------------------- inspections
def _plan_context(request, plan: InspectionPlan, schedule_form=None) -> dict:
    council = services.is_council(request.user, plan.issuer)
    return {
        "plan": plan,
        "council": council,
        "inspections": selectors.plan_inspections(plan, request.user, council),
        "schedule_form": schedule_form or ScheduleForm(agencies=active_agencies()),
    }


@login_required
@require_http_methods(["GET", "POST"])
def plan(request, pk: int):
    _reform_staff(request)
    plan = get_object_or_404(selectors.plans(), pk=pk)
    context = _plan_context(request, plan)
    if not context["council"] and not context["inspections"].exists():
        raise Http404
    if request.method == "POST":
        form = ScheduleForm(request.POST, agencies=active_agencies())
        if not form.is_valid():
            return render(request, "reform/plan.html", _plan_context(request, plan, form), status=422)
        c = form.cleaned_data
        try:
            services.schedule_inspection(actor=request.user, plan=plan, agency=c["agency"], mode=c["mode"], scheduled_on=c["scheduled_on"])
        except ReformError as exc:
            form.add_error(None, exc.message_vi)
            return render(request, "reform/plan.html", _plan_context(request, plan, form), status=exc.status)
        messages.success(request, f"Đã thêm {c['agency'].name} vào kế hoạch.")
        return redirect("reform:plan", pk=plan.pk)
    return render(request, "reform/plan.html", context)


def _inspection(request, pk: int) -> tuple[Inspection, bool, bool]:
    visit = get_object_or_404(selectors.inspections(), pk=pk)
    team = services.is_council(request.user, visit.plan.issuer)
    unit = services.is_unit(request.user, visit.agency)
    if not (team or unit):
        raise Http404
    return visit, team, unit


def _inspection_context(request, visit: Inspection, team: bool, unit: bool, form=None) -> dict:
    source = visit.reinspection_of or visit
    tasks = selectors.tasks_of(source)
    may_record = visit.done_at is None and (team or (unit and visit.mode == Inspection.Mode.SELF and visit.reinspection_of_id is None))
    checklist = [(code, label, visit.checklist.get(code) if visit.reinspection_of_id is None else None) for code, label in CHECKLIST]
    findings = list(visit.findings.select_related("task").order_by("pk"))
    for f in findings:
        setattr(f, "area_label", dict(CHECKLIST).get(f.area, f.area))  # noqa: B010 - a display attribute for the templates
    return {
        "visit": visit,
        "team": team,
        "unit": unit,
        "tasks": tasks,
        "findings": findings,
        "checklist": checklist,
        "may_record": may_record,
        "form": form or InspectionForm(),
        "areas": CHECKLIST,
        "area_labels": dict(CHECKLIST),
        "reinspections": visit.reinspections.order_by("pk"),
        "today": timezone.localdate(),
        "may_reschedule": team
        and visit.done_at is not None
        and visit.reinspection_of_id is None
        and tasks.exclude(state=RemediationTask.State.CLOSED).exists()
        and not visit.reinspections.filter(done_at=None).exists(),
    }


def _findings(request) -> list[dict]:
    """The finding rows of the record form (finding-N-...), the empty ones skipped."""
    out = []
    for i in range(10):
        key = f"finding-{i}-"
        description = (request.POST.get(key + "description") or "").strip()
        if not description:
            continue
        raw_due = request.POST.get(key + "due_on", "")
        try:
            due = dt.date.fromisoformat(raw_due)
        except ValueError:
            raise ReformError(f"Tồn tại số {i + 1}: hạn khắc phục không hợp lệ.", "Invalid remediation deadline.") from None
        out.append(
            {
                "area": request.POST.get(key + "area", ""),
                "severity": request.POST.get(key + "severity", ""),
                "description": description,
                "action": request.POST.get(key + "action", ""),
                "due_on": due,
                "upload": request.FILES.get(key + "file"),
            }
        )
    return out


@login_required
@require_http_methods(["GET", "POST"])
def inspection(request, pk: int):
    _reform_staff(request)
    visit, team, unit = _inspection(request, pk)
    if request.GET.get("format") == "pdf":
        if visit.done_at is None:
            raise Http404
        context = _inspection_context(request, visit, team, unit)
        return _download(
            render_pdf(
                "reform/inspection_pdf.html",
                context,
                sealed=Seal(
                    agency=issuing_agency(request.user) or visit.agency, kind="inspection", title="Biên bản kiểm tra cải cách hành chính"
                ),
            ),
            f"bien-ban-kiem-tra-cchc-{visit.agency.code}-{visit.pk}.pdf",
            "application/pdf",
            inline=True,
        )
    if request.method == "GET":
        return render(request, "reform/inspection.html", _inspection_context(request, visit, team, unit))
    handler = {"record": _record, "reinspect": _reinspect, "schedule": _schedule}.get(request.POST.get("action", ""))
    try:
        if handler is None:
            raise ReformError("Thao tác không hợp lệ.", "Unknown action.")
        return handler(request, visit, team, unit)
    except (ReformError, UploadError) as exc:
        return _error(request, exc, "reform/inspection.html", _inspection_context(request, visit, team, unit, InspectionForm(request.POST)))


def _record(request, visit: Inspection, team: bool, unit: bool):
    """The visit's checklist, conclusion and findings, each finding a remediation task."""
    form = InspectionForm(request.POST)
    if not form.is_valid():
        return render(request, "reform/inspection.html", _inspection_context(request, visit, team, unit, form), status=422)
    checklist = {
        code: {"passed": request.POST.get(f"check-{code}") == "yes", "note": request.POST.get(f"note-{code}", "")}
        for code, _label in CHECKLIST
        if request.POST.get(f"check-{code}") in ("yes", "no")
    }
    tasks = services.record_inspection(
        actor=request.user, inspection=visit, checklist=checklist, conclusion=form.cleaned_data["conclusion"], findings=_findings(request)
    )
    messages.success(request, f"Đã ghi kết quả kiểm tra; {len(tasks)} nhiệm vụ khắc phục giao cho đơn vị.")
    return redirect("reform:inspection", pk=visit.pk)


def _reinspect(request, visit: Inspection, team: bool, unit: bool):
    """Each task found fixed or still open at the re-inspection."""
    results = {
        int(key[5:]): value == "fixed"
        for key, value in request.POST.items()
        if key.startswith("task-") and is_number(key[5:]) and value in ("fixed", "open")
    }
    services.reinspect(actor=request.user, reinspection=visit, results=results, conclusion=request.POST.get("conclusion", ""))
    messages.success(request, "Đã ghi kết quả tái kiểm tra.")
    return redirect("reform:inspection", pk=visit.pk)


def _schedule(request, visit: Inspection, team: bool, unit: bool):
    try:
        day = dt.date.fromisoformat(request.POST.get("scheduled_on", ""))
    except ValueError:
        raise ReformError("Ngày tái kiểm tra không hợp lệ.", "Invalid date.") from None
    again = services.schedule_reinspection(actor=request.user, inspection=visit, scheduled_on=day)
    messages.success(request, "Đã lên lịch tái kiểm tra.")
    return redirect("reform:inspection", pk=again.pk)


@login_required
@require_http_methods(["GET", "POST"])
def remediation(request):
    """Every remediation task the user may see: the council's and team's all, a unit its own."""
    _reform_staff(request)
    tasks = selectors.visible_tasks(request.user, _council_agencies(request.user))
    status = 200
    if request.method == "POST":
        task = get_object_or_404(tasks, pk=as_number(request.POST.get("task"), 0))
        try:
            services.report_remediation(
                actor=request.user, task=task, report=request.POST.get("report", ""), upload=request.FILES.get("file")
            )
            messages.success(request, "Đã gửi báo cáo khắc phục; đoàn kiểm tra sẽ tái kiểm tra.")
            return redirect("reform:remediation")
        except (ReformError, UploadError) as exc:
            messages.error(request, exc.message_vi)
            status = exc.status
    state = request.GET.get("state", "")
    shown = tasks.filter(state=state) if state in RemediationTask.State.values else tasks
    shown = shown.select_related("agency", "finding__inspection__plan", "closed_by").order_by("state", "due_on")
    if request.GET.get("export") == "xlsx":
        return _download(excel.remediation_workbook(shown, dict(CHECKLIST)), f"khac-phuc-sau-kiem-tra-{timezone.localdate():%Y%m%d}.xlsx")
    counts = dict(tasks.values_list("state").annotate(n=Count("pk")).values_list("state", "n"))
    overdue = tasks.exclude(state=RemediationTask.State.CLOSED).filter(due_on__lt=timezone.localdate()).count()
    return render(
        request,
        "reform/remediation.html",
        {
            "tasks": shown[:500],
            "state": state,
            "states": [(v, label, counts.get(v, 0)) for v, label in RemediationTask.State.choices],
            "overdue": overdue,
            "area_labels": dict(CHECKLIST),
            "mine": selectors.unit_agency_ids(request.user),
        },
        status=status,
    )
