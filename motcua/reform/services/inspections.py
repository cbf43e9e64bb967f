"""Inspection plans, visits, findings, remediation tasks closed only by a re-inspection."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from ..models import CHECKLIST, Finding, Inspection, InspectionPlan, RemediationTask
from .evidence import store_evidence
from .permissions import ReformError, is_council, is_unit
from .rounds import _check_organiser, _province_root

# --------------------------------------------------------------------------- inspections
AREAS = frozenset(code for code, _label in CHECKLIST)
AREA_LABELS = dict(CHECKLIST)


def _inspector(actor, inspection) -> None:
    """The plan's team records a direct inspection; a unit records its own self-inspection."""
    if is_council(actor, inspection.plan.issuer, inspection.agency if inspection.mode == Inspection.Mode.DIRECT else None):
        return
    if inspection.mode == Inspection.Mode.SELF and inspection.reinspection_of_id is None and is_unit(actor, inspection.agency):
        return
    raise ReformError(
        "Chỉ đoàn kiểm tra (hoặc đơn vị tự kiểm tra) ghi kết quả kiểm tra.",
        "Only the inspection team (or the self-inspecting unit) records it.",
        status=403,
    )


def clean_team(lines: str) -> list[dict]:
    """The team from lines «Name — role» (or «Name, role»)."""
    team = []
    for line in (lines or "").splitlines():
        line = " ".join(line.split())
        if not line:
            continue
        for sep in (" — ", " - ", ", ", ": "):
            if sep in line:
                name, role = line.split(sep, 1)
                break
        else:
            name, role = line, "Thành viên"
        team.append({"name": name.strip()[:100], "role": role.strip()[:100]})
    if not team:
        raise ReformError("Cần ít nhất một thành viên đoàn kiểm tra.", "The team needs at least one member.")
    return team[:30]


@transaction.atomic
def create_plan(*, actor, year: int, title: str, issuer, team: list[dict]):
    _check_organiser(issuer)
    if not is_council(actor, issuer):
        raise ReformError(
            "Chỉ cán bộ cải cách hành chính của cơ quan ban hành lập kế hoạch kiểm tra.",
            "Only the issuer's reform officers plan inspections.",
            status=403,
        )
    if not (title or "").strip() or not 2000 <= int(year) <= 2100:
        raise ReformError("Cần tên kế hoạch và năm hợp lệ.", "A title and a valid year are required.")
    return InspectionPlan.objects.create(year=year, title=title.strip()[:300], issuer=issuer, team=team)


@transaction.atomic
def schedule_inspection(*, actor, plan, agency, mode: str, scheduled_on: dt.date | None):
    """A unit in the plan: inspected directly on a date, or inspecting itself and reporting."""
    if not is_council(actor, plan.issuer):
        raise ReformError("Chỉ cơ quan ban hành kế hoạch thêm đơn vị kiểm tra.", "Only the plan's issuer adds units.", status=403)
    if mode not in Inspection.Mode.values:
        raise ReformError("Hình thức kiểm tra không hợp lệ.", "Invalid mode.")
    if not agency.path.startswith(_province_root(plan.issuer)) or agency.pk == plan.issuer_id:
        raise ReformError(
            "Đơn vị được kiểm tra phải thuộc tỉnh của cơ quan ban hành kế hoạch.", "The unit must be in the issuer's province."
        )
    if mode == Inspection.Mode.DIRECT and scheduled_on is None:
        raise ReformError("Kiểm tra trực tiếp cần ngày kiểm tra.", "A direct inspection needs a date.")
    if scheduled_on is not None and scheduled_on.year != plan.year:
        raise ReformError(f"Ngày kiểm tra phải trong năm {plan.year}.", "The date must be in the plan's year.")
    if plan.inspections.filter(agency=agency, reinspection_of=None).exists():
        raise ReformError("Đơn vị đã có trong kế hoạch.", "The unit is already in the plan.", status=409)
    return Inspection.objects.create(plan=plan, agency=agency, mode=mode, scheduled_on=scheduled_on)


@transaction.atomic
def schedule_reinspection(*, actor, inspection, scheduled_on: dt.date):
    if not is_council(actor, inspection.plan.issuer, inspection.agency):
        raise ReformError("Chỉ đoàn kiểm tra tái kiểm tra.", "Only the inspection team re-inspects.", status=403)
    if inspection.done_at is None or inspection.reinspection_of_id is not None:
        raise ReformError(
            "Chỉ tái kiểm tra một cuộc kiểm tra đã có kết luận.", "Only a concluded first inspection is re-inspected.", status=409
        )
    if not RemediationTask.objects.filter(finding__inspection=inspection).exclude(state=RemediationTask.State.CLOSED).exists():
        raise ReformError("Không còn nhiệm vụ khắc phục nào để tái kiểm tra.", "No open remediation task to re-inspect.", status=409)
    if inspection.reinspections.filter(done_at=None).exists():
        raise ReformError("Đã có cuộc tái kiểm tra chưa thực hiện.", "A re-inspection is already scheduled.", status=409)
    return Inspection.objects.create(
        plan=inspection.plan, agency=inspection.agency, mode=Inspection.Mode.DIRECT, scheduled_on=scheduled_on, reinspection_of=inspection
    )


@transaction.atomic
def record_inspection(*, actor, inspection, checklist: dict, conclusion: str, findings: list[dict]) -> list:
    """The visit's checklist (area → passed and note), its conclusion, and each finding with
    the remediation task it gives the unit (action and deadline)."""
    inspection = Inspection.objects.select_for_update().select_related("plan__issuer", "agency").get(pk=inspection.pk)
    _inspector(actor, inspection)
    if inspection.reinspection_of_id is not None:
        raise ReformError(
            "Cuộc tái kiểm tra chỉ xác nhận các nhiệm vụ khắc phục.", "A re-inspection only confirms remediation tasks.", status=409
        )
    if inspection.done_at is not None:
        raise ReformError("Cuộc kiểm tra đã có kết luận.", "The inspection is already concluded.", status=409)
    unknown = set(checklist) - AREAS
    if unknown:
        raise ReformError("Nội dung kiểm tra không có trong danh mục: " + ", ".join(sorted(unknown)), "Unknown checklist areas.")
    if not (conclusion or "").strip():
        raise ReformError("Cần ghi kết luận kiểm tra.", "A conclusion is required.")
    tasks = []
    for f in findings:
        if f.get("area") not in AREAS or f.get("severity") not in Finding.Severity.values or not str(f.get("description", "")).strip():
            raise ReformError("Mỗi tồn tại cần nội dung, mức độ và mô tả.", "Each finding needs an area, a severity and a description.")
        if not str(f.get("action") or "").strip() or not isinstance(f.get("due_on"), dt.date):
            raise ReformError("Mỗi tồn tại cần yêu cầu khắc phục và hạn.", "Each finding needs a remediation and a deadline.")
        if f["due_on"] <= timezone.localdate():
            raise ReformError("Hạn khắc phục phải sau hôm nay.", "The remediation deadline must be in the future.")
        evidence = list(f.get("evidence", []))[:20]
        if f.get("upload") is not None:
            row = store_evidence(actor=actor, agency=inspection.agency, upload=f["upload"])
            evidence.append({"kind": "file", "id": row.pk, "name": row.name})
        finding = Finding.objects.create(
            inspection=inspection,
            area=f["area"],
            severity=f["severity"],
            description=str(f["description"]).strip()[:5000],
            evidence=evidence,
        )
        tasks.append(
            RemediationTask.objects.create(
                finding=finding, agency=inspection.agency, action=str(f["action"]).strip()[:1000], due_on=f["due_on"]
            )
        )
    inspection.checklist = {k: {"passed": bool(v.get("passed")), "note": str(v.get("note", ""))[:500]} for k, v in checklist.items()}
    inspection.conclusion, inspection.done_at = conclusion.strip()[:10000], timezone.now()
    inspection.save()
    return tasks


@transaction.atomic
def report_remediation(*, actor, task, report: str, upload=None):
    """The unit reports what it fixed; the task stays open until a re-inspection confirms it."""
    task = RemediationTask.objects.select_for_update().select_related("agency").get(pk=task.pk)
    if not is_unit(actor, task.agency):
        raise ReformError("Chỉ đơn vị được kiểm tra báo cáo khắc phục.", "Only the inspected unit reports.", status=403)
    if task.state == RemediationTask.State.CLOSED or not (report or "").strip():
        raise ReformError("Cần nội dung báo cáo; nhiệm vụ đã đóng thì không báo cáo lại.", "A report is required on an open task.")
    task.state, task.report = RemediationTask.State.REPORTED, report.strip()[:5000]
    if upload is not None:
        row = store_evidence(actor=actor, agency=task.agency, upload=upload)
        task.report_evidence = [*task.report_evidence, {"kind": "file", "id": row.pk, "name": row.name}][:20]
    task.save(update_fields=["state", "report", "report_evidence"])
    return task


@transaction.atomic
def reinspect(*, actor, reinspection, results: dict[int, bool], conclusion: str = ""):
    """A re-inspection closes the tasks it finds fixed and reopens the others; nothing else
    closes a task. Every task of the inspection it re-inspects gets a verdict."""
    reinspection = Inspection.objects.select_for_update().select_related("plan__issuer", "agency").get(pk=reinspection.pk)
    _inspector(actor, reinspection)
    if reinspection.reinspection_of_id is None:
        raise ReformError("Đây không phải cuộc tái kiểm tra.", "Not a re-inspection.")
    if reinspection.done_at is not None:
        raise ReformError("Cuộc tái kiểm tra đã có kết luận.", "The re-inspection is already concluded.", status=409)
    tasks = {
        t.pk: t
        for t in RemediationTask.objects.select_for_update()
        .filter(finding__inspection=reinspection.reinspection_of)
        .exclude(state=RemediationTask.State.CLOSED)
    }
    if set(results) - set(tasks):
        raise ReformError("Nhiệm vụ không thuộc cuộc kiểm tra được tái kiểm tra (hoặc đã đóng).", "Tasks of another inspection, or closed.")
    if set(tasks) - set(results):
        raise ReformError("Cần kết luận cho mọi nhiệm vụ khắc phục còn mở.", "Every open remediation task needs a verdict.")
    for pk, fixed in results.items():
        task = tasks[pk]
        task.state = RemediationTask.State.CLOSED if fixed else RemediationTask.State.OPEN
        task.closed_by = reinspection if fixed else None
        task.save(update_fields=["state", "closed_by"])
    reinspection.checklist = {"tasks": {str(pk): bool(v) for pk, v in results.items()}}
    reinspection.conclusion = (conclusion or "").strip()[:10000]
    reinspection.done_at = timezone.now()
    reinspection.save(update_fields=["checklist", "conclusion", "done_at"])
    return list(tasks.values())
