"""Reform screens: the rounds, a unit's scorecard (self-assessment with evidence, the council's
appraisal on the same page), the council's appraisal queue, rankings with a chart and their
exports, frameworks (Excel import and export), inspection plans, visits and their report, and
the status of every remediation task. Every write goes through ``services``; a refused one
answers its 4xx with the page and the reason."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from motcua.accounts.selectors import has_role, in_scope, scoped_agencies
from motcua.core.text import as_number, is_number
from motcua.core.uploads import UploadError
from motcua.documents.pdf import render_pdf
from motcua.organisations.models import Agency

from . import excel, selectors, services
from .choices import Level
from .forms import InspectionForm, PlanForm, RoundForm, ScheduleForm
from .models import CHECKLIST, Assessment, EvidenceFile, Framework, Inspection, InspectionPlan, Node, RemediationTask, Round, ScoreEvent
from .services import COUNCIL_ROLES, UNIT_ROLES, ReformError

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _reform_staff(request) -> None:
    if not has_role(request.user, *UNIT_ROLES, *COUNCIL_ROLES):
        raise PermissionDenied


def _error(request, exc: Exception, template: str, context: dict):
    message = getattr(exc, "message_vi", str(exc))
    messages.error(request, message)
    return render(request, template, context, status=getattr(exc, "status", 400))


def _download(data: bytes, filename: str, content_type: str = XLSX, inline: bool = False) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{filename}"'
    return response


def _council_agencies(user):
    return scoped_agencies(user, COUNCIL_ROLES).filter(is_active=True).order_by("path")


def _organisers(user):
    """Where the user may run rounds and inspection plans: provincial or central agencies."""
    return _council_agencies(user).filter(level__in=("province", "central"))


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
                    rnd = services.open_round(actor=request.user, framework=c["framework"], organiser=c["organiser"], deadline=c["deadline"], reminder_days=c["reminder_days"])
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
    units = selectors.unit_agency_ids(request.user)
    mine = Assessment.objects.filter(agency__in=units).select_related("round__framework", "agency").order_by("-round__framework__year", "agency__name")[:50]
    plans = InspectionPlan.objects.filter(Q(issuer__in=council) | Q(inspections__agency__in=units)).distinct().select_related("issuer").order_by("-year")[:20]
    rounds = selectors.visible_rounds(request.user).annotate(units=Count("assessments", distinct=True),
                                                             submitted=Count("assessments", filter=~Q(assessments__state="draft"), distinct=True))
    return render(request, "reform/index.html", {"rounds": rounds, "mine": mine, "plans": plans, "round_form": round_form, "plan_form": plan_form,
                                                 "is_council": organisers.exists(), "year": timezone.localdate().year}, status=status)


# --------------------------------------------------------------------------- rounds
@login_required
@require_http_methods(["GET", "POST"])
def round_detail(request, pk: int):
    _reform_staff(request)
    rnd = get_object_or_404(Round.objects.select_related("framework", "organiser"), pk=pk)
    if not services.is_council(request.user, rnd.organiser):
        own = rnd.assessments.filter(agency__in=selectors.unit_agency_ids(request.user)).first()
        if own is None:
            raise Http404
        return redirect("reform:assessment", pk=own.pk)
    assessments = list(rnd.assessments.select_related("agency", "round__framework").order_by("agency__name"))
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
                a = get_object_or_404(Assessment, pk=as_number(request.POST.get("assessment"), 0), round=rnd)
                services.submit(actor=request.user, assessment=a)
                messages.success(request, f"Đã khóa bản tự đánh giá quá hạn của {a.agency.name}.")
                return redirect("reform:round", pk=rnd.pk)
            raise ReformError("Thao tác không hợp lệ.", "Unknown action.")
        except ReformError as exc:
            messages.error(request, exc.message_vi)
            status = exc.status
    if request.GET.get("export") == "survey":
        nodes = list(rnd.framework.nodes.filter(kind=Node.Kind.SUB, source=Node.Source.SURVEY).order_by("position"))
        data = excel.survey_workbook(rnd, rnd.assessments.select_related("agency").prefetch_related("scores").order_by("agency__name"), nodes)
        return _download(data, f"dieu-tra-xhh-{rnd.framework.year}-{rnd.framework.level}.xlsx")
    by_pk = selectors.totals_of(assessments)
    rows = [(a, by_pk[a.pk]) for a in assessments]
    return render(request, "reform/round.html", {"round": rnd, "rows": rows, "today": timezone.localdate(),
                                                 "all_appraised": all(a.state == Assessment.State.APPRAISED for a in assessments)}, status=status)


@login_required
@require_GET
def queue(request):
    """The council's appraisal queue: submitted self-assessments, oldest first."""
    _reform_staff(request)
    council = _council_agencies(request.user)
    if not council.exists():
        raise PermissionDenied
    rows = (Assessment.objects.filter(state=Assessment.State.SUBMITTED, round__organiser__in=council)
            .select_related("agency", "round__framework").annotate(waiting=Count("scores", filter=Q(scores__sent_back=True)),
                                                                   adjusted=Count("scores", filter=~Q(scores__appraised_score=None)))
            .order_by("submitted_at"))
    return render(request, "reform/queue.html", {"rows": rows})


# --------------------------------------------------------------------------- scorecard
def _assessment(request, pk: int) -> tuple[Assessment, bool, bool]:
    a = get_object_or_404(Assessment.objects.select_related("round__framework", "round__organiser", "agency"), pk=pk)
    unit = services.is_unit(request.user, a.agency)
    council = services.is_council(request.user, a.round.organiser, a.agency)
    if not (unit or council):
        raise Http404
    return a, unit, council


def _scorecard_context(request, a: Assessment, unit: bool, council: bool) -> dict:
    return {"a": a, "rows": selectors.tree(a), "totals": selectors.totals(a), "unit": unit, "council": council, "history": selectors.history(a.agency),
            "events": ScoreEvent.objects.filter(score__assessment=a).select_related("score__node", "actor").order_by("-at", "-id")[:30],
            "draft": a.state == Assessment.State.DRAFT, "submitted": a.state == Assessment.State.SUBMITTED}


def _num(raw: str) -> Decimal:
    try:
        value = Decimal((raw or "").strip().replace(",", "."))
    except ArithmeticError:
        raise ReformError("Điểm phải là một số.", "Points must be a number.") from None
    if not value.is_finite():
        raise ReformError("Điểm phải là một số.", "Points must be a number.")
    return value


@login_required
@require_http_methods(["GET", "POST"])
def assessment(request, pk: int):
    _reform_staff(request)
    a, unit, council = _assessment(request, pk)
    if request.method == "GET" and request.GET.get("format") == "pdf":
        pdf = render_pdf("reform/scorecard_pdf.html", _scorecard_context(request, a, unit, council))
        return _download(pdf, f"tu-danh-gia-cchc-{a.round.framework.year}-{a.agency.code}.pdf", "application/pdf", inline=True)
    if request.method == "GET":
        return render(request, "reform/scorecard.html", _scorecard_context(request, a, unit, council))
    action, p = request.POST.get("action", ""), request.POST
    node = None
    if is_number(p.get("node", "")):
        node = Node.objects.filter(pk=int(p["node"]), framework=a.round.framework_id).first()
        if node is None:
            raise Http404
    try:
        if action == "score" and node is not None:
            remove = [int(i) for i in p.getlist("remove") if is_number(i)]
            add = services.evidence_items(link=p.get("link", ""), document=p.get("document", ""), dossier=p.get("dossier", ""))
            services.save_leaf(actor=request.user, assessment=a, node=node, value=services.parse_value(node, p.get("value", "")), add=add,
                               upload=request.FILES.get("file"), remove=remove)
            messages.success(request, f"Đã lưu tiêu chí {node.code}.")
        elif action == "prefill":
            if not unit or a.state != Assessment.State.DRAFT:
                raise ReformError("Chỉ đơn vị lấy lại số liệu khi đang tự đánh giá.", "Only the unit, while a draft.", status=409)
            services.prefill(a)
            messages.success(request, "Đã lấy lại số liệu từ hệ thống một cửa.")
        elif action == "submit":
            services.submit(actor=request.user, assessment=a)
            messages.success(request, "Đã gửi bản tự đánh giá cho hội đồng thẩm định.")
        elif action == "appraise" and node is not None:
            services.appraise(actor=request.user, assessment=a, node=node, points=_num(p.get("points", "")), reason=p.get("reason", ""))
            messages.success(request, f"Đã ghi điểm thẩm định tiêu chí {node.code}.")
        elif action == "send_back" and node is not None:
            services.send_back(actor=request.user, assessment=a, node=node, reason=p.get("reason", ""))
            messages.success(request, f"Đã yêu cầu đơn vị bổ sung minh chứng tiêu chí {node.code}.")
        elif action == "survey" and node is not None:
            services.enter_survey(actor=request.user, assessment=a, node=node, points=_num(p.get("points", "")))
            messages.success(request, f"Đã nhập điểm điều tra tiêu chí {node.code}.")
        elif action == "complete":
            services.complete_appraisal(actor=request.user, assessment=a)
            messages.success(request, "Đã hoàn thành thẩm định.")
        else:
            raise ReformError("Thao tác không hợp lệ.", "Unknown action.")
    except (ReformError, UploadError) as exc:
        a.refresh_from_db()
        return _error(request, exc, "reform/scorecard.html", _scorecard_context(request, a, unit, council))
    anchor = f"#n{node.pk}" if node is not None else ""
    return redirect(reverse("reform:assessment", args=[a.pk]) + anchor)


@login_required
@require_GET
def evidence(request, pk: int):
    """An evidence file, for its unit and the council or inspection team above it."""
    _reform_staff(request)
    row = get_object_or_404(EvidenceFile.objects.select_related("agency"), pk=pk)
    if not (services.is_unit(request.user, row.agency) or in_scope(request.user, row.agency, COUNCIL_ROLES) or
            Round.objects.filter(assessments__agency=row.agency, organiser__in=_council_agencies(request.user)).exists() or
            InspectionPlan.objects.filter(inspections__agency=row.agency, issuer__in=_council_agencies(request.user)).exists()):
        raise Http404
    try:
        handle = row.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=row.name, content_type=row.content_type)


# --------------------------------------------------------------------------- rankings
def _group_names(year: int, level: str) -> list[str]:
    """The framework's groups, best first."""
    framework = Framework.objects.filter(year=year, level=level).first()
    return [g[0] for g in sorted(framework.groups, key=lambda g: -float(g[1]))] if framework else []


def _bars(rows: list[dict], groups: list[str], width: int = 640) -> str:
    """A horizontal bar per unit (percent of the maximum), coloured by group (best first:
    green, blue, orange, red), as inline SVG."""
    colours = {0: "#198754", 1: "#0d6efd", 2: "#fd7e14", 3: "#dc3545"}
    groups = groups or sorted({r["group"] for r in rows})
    bar, gap, label = 18, 6, 220
    height = len(rows) * (bar + gap) + 24
    parts = [f'<svg width="100%" viewBox="0 0 {width} {height}" role="img" aria-label="Biểu đồ tỷ lệ điểm chỉ số CCHC theo đơn vị" class="ranking-chart">']
    scale = (width - label - 60) / 100
    for x in (50, 70, 80, 90, 100):
        gx = label + x * scale
        parts.append(f'<line x1="{gx:.1f}" y1="0" x2="{gx:.1f}" y2="{height - 18}" stroke="#dee2e6"/><text x="{gx:.1f}" y="{height - 4}" font-size="10" text-anchor="middle" fill="#6c757d">{x}%</text>')
    for i, r in enumerate(rows):
        y = i * (bar + gap)
        w = float(r["percent"]) * scale
        colour = colours.get(groups.index(r["group"]) if r["group"] in groups else 0, "#6c757d")
        name = str(r["name"])[:34].replace("&", "&amp;").replace("<", "&lt;")
        parts.append(f'<text x="{label - 6}" y="{y + 13}" font-size="11" text-anchor="end">{r["rank"]}. {name}</text>'
                     f'<rect x="{label}" y="{y}" width="{w:.1f}" height="{bar}" fill="{colour}"><title>{name}: {r["percent"]}%</title></rect>'
                     f'<text x="{label + w + 4:.1f}" y="{y + 13}" font-size="11">{r["percent"]}% ({r["group"]})</text>')
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
        return render(request, "reform/rankings.html", {"rows": [], "year": timezone.localdate().year, "level": "commune", "levels": Level.choices}, status=422)
    council = selectors.runs_rounds_of(request.user, year, level)
    rows = selectors.rankings(year, level, published_only=not council)
    published = Round.objects.filter(framework__year=year, framework__level=level, published_at__isnull=False).exists()
    label = Level(level).label
    export = request.GET.get("export")
    if export == "xlsx":
        return _download(excel.rankings_workbook(year, str(label), rows), f"xep-hang-cchc-{year}-{level}.xlsx")
    context = {"rows": rows, "year": year, "level": level, "levels": Level.choices, "level_label": label, "published": published, "council": council,
               "chart": _bars(rows, _group_names(year, level)) if rows else "", "group_counts": sorted(_count_groups(rows).items())}
    if export == "pdf":
        return _download(render_pdf("reform/rankings_pdf.html", context), f"xep-hang-cchc-{year}-{level}.pdf", "application/pdf", inline=True)
    return render(request, "reform/rankings.html", context)


def _latest_year() -> int:
    """The last year with a published round, else the current one."""
    last = Round.objects.filter(published_at__isnull=False).order_by("-framework__year").values_list("framework__year", flat=True).first()
    return last or timezone.localdate().year


def _count_groups(rows):
    out: dict[str, int] = {}
    for r in rows:
        out[r["group"]] = out.get(r["group"], 0) + 1
    return out


# --------------------------------------------------------------------------- frameworks
@login_required
@require_http_methods(["GET", "POST"])
def frameworks(request):
    _reform_staff(request)
    status = 200
    if request.method == "POST":
        try:
            if not services.may_edit_frameworks(request.user):
                raise ReformError("Chỉ cán bộ cải cách hành chính quản lý bộ chỉ số.", "Only reform officers manage frameworks.", status=403)
            if request.POST.get("action") == "copy":
                source = get_object_or_404(Framework, pk=as_number(request.POST.get("framework"), 0))
                fw = services.copy_framework(actor=request.user, framework=source, year=source.year + 1)
                messages.success(request, f"Đã tạo {fw.name} để điều chỉnh.")
            else:
                upload = request.FILES.get("file")
                if upload is None or upload.size > 5 * 1024 * 1024:
                    raise ReformError("Chọn tệp Excel (.xlsx) không quá 5 MB.", "Choose an .xlsx file of at most 5 MB.")
                info, rows = excel.parse_framework(upload.read())
                fw = services.import_framework(actor=request.user, rows=rows, **info)
                messages.success(request, f"Đã nhập {fw.name}: {fw.nodes.count()} dòng.")
            return redirect("reform:frameworks")
        except ReformError as exc:
            messages.error(request, exc.message_vi)
            status = exc.status
    rows = Framework.objects.annotate(n=Count("nodes"), leaves=Count("nodes", filter=Q(nodes__kind="sub")), r=Count("rounds")).order_by("-year", "level")
    return render(request, "reform/frameworks.html", {"frameworks": rows, "may_edit": services.may_edit_frameworks(request.user)}, status=status)


@login_required
@require_GET
def framework_detail(request, pk: int):
    _reform_staff(request)
    fw = get_object_or_404(Framework, pk=pk)
    if request.GET.get("export") == "xlsx":
        return _download(excel.framework_workbook(fw, services.node_rows(fw)), f"bo-chi-so-cchc-{fw.year}-{fw.level}.xlsx")
    nodes = list(fw.nodes.order_by("position", "code"))
    depth: dict[int, int] = {}
    for n in nodes:
        depth[n.pk] = depth.get(n.parent_id, -1) + 1 if n.parent_id else 0
    return render(request, "reform/framework.html", {"fw": fw, "nodes": [(n, depth[n.pk]) for n in nodes]})


# --------------------------------------------------------------------------- inspections
def _plan_context(request, plan: InspectionPlan, schedule_form=None) -> dict:
    council = services.is_council(request.user, plan.issuer)
    inspections = plan.inspections.select_related("agency", "reinspection_of").annotate(n_findings=Count("findings")).order_by("reinspection_of_id", "scheduled_on", "agency__name")
    if not council:
        inspections = inspections.filter(agency__in=selectors.unit_agency_ids(request.user))
    return {"plan": plan, "council": council, "inspections": inspections,
            "schedule_form": schedule_form or ScheduleForm(agencies=Agency.objects.filter(is_active=True).order_by("path"))}


@login_required
@require_http_methods(["GET", "POST"])
def plan(request, pk: int):
    _reform_staff(request)
    plan = get_object_or_404(InspectionPlan.objects.select_related("issuer"), pk=pk)
    context = _plan_context(request, plan)
    if not context["council"] and not context["inspections"].exists():
        raise Http404
    if request.method == "POST":
        form = ScheduleForm(request.POST, agencies=Agency.objects.filter(is_active=True))
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
    visit = get_object_or_404(Inspection.objects.select_related("plan__issuer", "agency", "reinspection_of"), pk=pk)
    team = services.is_council(request.user, visit.plan.issuer)
    unit = services.is_unit(request.user, visit.agency)
    if not (team or unit):
        raise Http404
    return visit, team, unit


def _inspection_context(request, visit: Inspection, team: bool, unit: bool, form=None) -> dict:
    source = visit.reinspection_of or visit
    tasks = RemediationTask.objects.filter(finding__inspection=source).select_related("finding", "closed_by").order_by("finding_id")
    may_record = visit.done_at is None and (team or (unit and visit.mode == Inspection.Mode.SELF and visit.reinspection_of_id is None))
    checklist = [(code, label, visit.checklist.get(code) if visit.reinspection_of_id is None else None) for code, label in CHECKLIST]
    findings = list(visit.findings.select_related("task").order_by("pk"))
    for f in findings:
        setattr(f, "area_label", dict(CHECKLIST).get(f.area, f.area))  # noqa: B010 - a display attribute for the templates
    return {"visit": visit, "team": team, "unit": unit, "tasks": tasks, "findings": findings,
            "checklist": checklist, "may_record": may_record, "form": form or InspectionForm(), "areas": CHECKLIST, "area_labels": dict(CHECKLIST),
            "reinspections": visit.reinspections.order_by("pk"), "today": timezone.localdate(),
            "may_reschedule": team and visit.done_at is not None and visit.reinspection_of_id is None and tasks.exclude(state=RemediationTask.State.CLOSED).exists()
            and not visit.reinspections.filter(done_at=None).exists()}


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
        out.append({"area": request.POST.get(key + "area", ""), "severity": request.POST.get(key + "severity", ""), "description": description,
                    "action": request.POST.get(key + "action", ""), "due_on": due, "upload": request.FILES.get(key + "file")})
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
        return _download(render_pdf("reform/inspection_pdf.html", context), f"bien-ban-kiem-tra-cchc-{visit.agency.code}-{visit.pk}.pdf", "application/pdf", inline=True)
    if request.method == "GET":
        return render(request, "reform/inspection.html", _inspection_context(request, visit, team, unit))
    action = request.POST.get("action", "")
    try:
        if action == "record":
            form = InspectionForm(request.POST)
            if not form.is_valid():
                return render(request, "reform/inspection.html", _inspection_context(request, visit, team, unit, form), status=422)
            checklist = {code: {"passed": request.POST.get(f"check-{code}") == "yes", "note": request.POST.get(f"note-{code}", "")}
                         for code, _label in CHECKLIST if request.POST.get(f"check-{code}") in ("yes", "no")}
            tasks = services.record_inspection(actor=request.user, inspection=visit, checklist=checklist, conclusion=form.cleaned_data["conclusion"], findings=_findings(request))
            messages.success(request, f"Đã ghi kết quả kiểm tra; {len(tasks)} nhiệm vụ khắc phục giao cho đơn vị.")
        elif action == "reinspect":
            results = {}
            for key, value in request.POST.items():
                if key.startswith("task-") and is_number(key[5:]) and value in ("fixed", "open"):
                    results[int(key[5:])] = value == "fixed"
            services.reinspect(actor=request.user, reinspection=visit, results=results, conclusion=request.POST.get("conclusion", ""))
            messages.success(request, "Đã ghi kết quả tái kiểm tra.")
        elif action == "schedule":
            try:
                day = dt.date.fromisoformat(request.POST.get("scheduled_on", ""))
            except ValueError:
                raise ReformError("Ngày tái kiểm tra không hợp lệ.", "Invalid date.") from None
            again = services.schedule_reinspection(actor=request.user, inspection=visit, scheduled_on=day)
            messages.success(request, "Đã lên lịch tái kiểm tra.")
            return redirect("reform:inspection", pk=again.pk)
        else:
            raise ReformError("Thao tác không hợp lệ.", "Unknown action.")
    except (ReformError, UploadError) as exc:
        return _error(request, exc, "reform/inspection.html", _inspection_context(request, visit, team, unit, InspectionForm(request.POST)))
    return redirect("reform:inspection", pk=visit.pk)


@login_required
@require_http_methods(["GET", "POST"])
def remediation(request):
    """Every remediation task the user may see: the council's and team's all, a unit its own."""
    _reform_staff(request)
    council = _council_agencies(request.user)
    units = selectors.unit_agency_ids(request.user)
    tasks = RemediationTask.objects.filter(Q(finding__inspection__plan__issuer__in=council) | Q(agency__in=units)).distinct()
    status = 200
    if request.method == "POST":
        task = get_object_or_404(tasks, pk=as_number(request.POST.get("task"), 0))
        try:
            services.report_remediation(actor=request.user, task=task, report=request.POST.get("report", ""), upload=request.FILES.get("file"))
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
    return render(request, "reform/remediation.html", {"tasks": shown[:500], "state": state, "states": [(v, label, counts.get(v, 0)) for v, label in RemediationTask.State.choices],
                                                       "overdue": overdue, "area_labels": dict(CHECKLIST), "mine": units}, status=status)
