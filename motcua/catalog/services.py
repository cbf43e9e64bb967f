"""Writes of the catalogue. Every change goes through one of these functions: they validate,
write the rows in one transaction and record an audit event (who changed what)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from motcua.core.choices import AuditCategory
from motcua.core.services import record_event
from motcua.core.text import fold
from motcua.organisations.models import Agency

from . import spec as S
from .choices import ProcedureStatus, VersionState
from .demo import FIELDS, demo_specs
from .models import Component, Fee, Field, LegalBasis, Procedure, ProcedureVersion, Result, Route, RouteStep
from .selectors import detailed, latest_version, spec_of, version_in_force


class CatalogError(Exception):
    """The change breaks catalogue rules; ``issues`` says where and why."""

    def __init__(self, issues: list[S.Issue]):
        super().__init__("; ".join(map(str, issues)))
        self.issues = issues


def _event(actor, action: str, procedure: Procedure, summary: str, data: dict | None = None) -> None:
    record_event(actor=actor, category=AuditCategory.CATALOG, action=action, obj=procedure, summary=summary, data=data or {})


def ensure_field(code: str, name: str, actor=None) -> Field:
    obj, created = Field.objects.get_or_create(code=code, defaults={"name": name})
    if not created and name and obj.name != name:
        obj.name = name
        obj.save(update_fields=["name"])
    return obj


def known_refs() -> tuple[set[str], set[str]]:
    return set(Field.objects.values_list("code", flat=True)), set(Agency.objects.values_list("code", flat=True))


def check(spec: S.ProcedureSpec) -> None:
    fields, agencies = known_refs()
    issues = S.validate(spec, known_fields=fields, known_agencies=agencies)
    if issues:
        raise CatalogError(issues)


def diff(before: S.ProcedureSpec | None, after: S.ProcedureSpec) -> dict[str, list]:
    """Changed top-level parts: scalars as [before, after]; lists as [count before, count after]."""
    out: dict[str, list] = {}
    for f in dataclasses.fields(after):
        new = getattr(after, f.name)
        old = getattr(before, f.name) if before is not None else None
        if f.name == "status" or old == new:
            continue
        if (
            isinstance(new, tuple)
            and new
            and dataclasses.is_dataclass(new[0])
            or isinstance(old, tuple)
            and old
            and dataclasses.is_dataclass(old[0])
        ):
            out[f.name] = [len(old or ()), len(new)]
        else:
            out[f.name] = [_plain(old), _plain(new)]
    return out


def _plain(value):
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if value is None or isinstance(value, (str, int, bool)):
        return value
    return str(value)


def _write(version: ProcedureVersion, spec: S.ProcedureSpec, templates: dict[str, str] | None = None) -> None:
    """Write ``spec`` into a draft ``version`` (replacing its rows)."""
    agencies = {
        a.code: a
        for a in Agency.objects.filter(
            code__in={
                *spec.competent_agencies,
                *spec.receiving_agencies,
                *(r.receiving_agency for r in spec.routes),
                *(s.agency for r in spec.routes for s in r.steps),
            }
            - {""}
        )
    }
    version.name = spec.name
    version.field = Field.objects.get(code=spec.field_code)
    version.levels = list(spec.levels)
    version.applicant_types = list(spec.applicant_types)
    version.statutory_value, version.statutory_unit = spec.statutory_value, spec.statutory_unit
    version.reduced_value, version.reduced_unit = spec.reduced_value, spec.reduced_unit
    version.same_day_cutoff = spec.same_day_cutoff
    version.online_level, version.postal_allowed, version.cross_boundary = spec.online_level, spec.postal_allowed, spec.cross_boundary
    version.description, version.requirements = spec.description, spec.requirements
    version.save()
    version.competent_agencies.set([agencies[c] for c in spec.competent_agencies])
    version.receiving_agencies.set([agencies[c] for c in spec.receiving_agencies])
    for model in (LegalBasis, Fee, Component, Result):
        model.objects.filter(version=version).delete()
    RouteStep.objects.filter(route__version=version).delete()
    Route.objects.filter(version=version).delete()
    LegalBasis.objects.bulk_create(
        [
            LegalBasis(version=version, position=i, number=x.number, title=x.title, issued_on=x.issued_on, issuer=x.issuer)
            for i, x in enumerate(spec.legal_basis)
        ]
    )
    fee_fields = S.field_names(S.FeeSpec)
    Fee.objects.bulk_create([Fee(version=version, position=i, **{f: getattr(x, f) for f in fee_fields}) for i, x in enumerate(spec.fees)])
    templates = templates or {}
    component_fields = S.field_names(S.ComponentSpec)
    Component.objects.bulk_create(
        [
            Component(version=version, position=i, template=templates.get(x.name, ""), **{f: getattr(x, f) for f in component_fields})
            for i, x in enumerate(spec.components)
        ]
    )
    Result.objects.bulk_create([Result(version=version, position=i, name=x.name, form=x.form) for i, x in enumerate(spec.results)])
    for i, route_spec in enumerate(spec.routes):
        route = Route.objects.create(version=version, position=i, receiving_agency=agencies.get(route_spec.receiving_agency))
        RouteStep.objects.bulk_create(
            [
                RouteStep(
                    route=route,
                    position=k + 1,
                    name=s.name,
                    kind=s.kind,
                    role=s.role,
                    performer=s.performer,
                    agency=agencies.get(s.agency),
                    duration_value=s.duration_value,
                    duration_unit=s.duration_unit,
                    parallel_group=s.parallel_group,
                )
                for k, s in enumerate(route_spec.steps)
            ]
        )


@transaction.atomic
def create_procedure(spec: S.ProcedureSpec, actor=None, *, note: str = "") -> ProcedureVersion:
    """A new procedure with its first (draft) version. The draft may be incomplete, but its
    references (field, agencies) and code must exist and be valid."""
    if not S.PROCEDURE_CODE.match(spec.code or ""):
        raise CatalogError([i for i in S.validate(spec) if i.path == ("code",)])
    if Procedure.objects.filter(code=spec.code).exists():
        raise CatalogError([S.Issue(("code",), f"Thủ tục {spec.code} đã có trong danh mục.", f"Procedure {spec.code} already exists.")])
    _check_refs(spec)
    procedure = Procedure.objects.create(code=spec.code, status=ProcedureStatus.DRAFT, name=spec.name)
    version = ProcedureVersion(procedure=procedure, number=1, created_by=_user(actor), change_note=note)
    _write(version, spec)
    _event(actor, "procedure_created", procedure, f"Tạo thủ tục {spec.code} {spec.name}", {"version": 1})
    return version


def _check_refs(spec: S.ProcedureSpec) -> None:
    fields, agencies = known_refs()
    ref_issues = [i for i in S.validate(spec, known_fields=fields, known_agencies=agencies) if i.reference]
    if ref_issues:
        raise CatalogError(ref_issues)


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


@transaction.atomic
def start_draft(procedure: Procedure, actor=None) -> ProcedureVersion:
    """The procedure's draft: the existing one, or a copy of its newest version."""
    procedure = Procedure.objects.select_for_update().get(pk=procedure.pk)
    draft = procedure.versions.filter(state=VersionState.DRAFT).first()
    if draft is not None:
        return draft
    source = latest_version(procedure)
    assert source is not None
    version = ProcedureVersion(procedure=procedure, number=source.number + 1, created_by=_user(actor))
    _write(version, spec_of(source), templates={c.name: str(c.template.name) for c in source.components.all() if c.template})
    _event(actor, "draft_started", procedure, f"Mở dự thảo phiên bản {version.number}", {"version": version.number, "from": source.number})
    return version


@transaction.atomic
def update_draft(version: ProcedureVersion, spec: S.ProcedureSpec, actor=None, *, note: str = "") -> ProcedureVersion:
    version = ProcedureVersion.objects.select_for_update().get(pk=version.pk)
    if version.state != VersionState.DRAFT:
        raise CatalogError(
            [
                S.Issue(
                    ("version",),
                    "Chỉ sửa được bản dự thảo; phiên bản đã công bố là cố định.",
                    "Only a draft can be edited; published versions are frozen.",
                )
            ]
        )
    if spec.code != version.procedure.code:
        raise CatalogError(
            [S.Issue(("code",), "Không đổi được mã thủ tục của một thủ tục đã có.", "The code of an existing procedure cannot change.")]
        )
    _check_refs(spec)
    before = spec_of(detailed(ProcedureVersion.objects.filter(pk=version.pk)).get())
    templates = {c.name: str(c.template.name) for c in version.components.all() if c.template}
    _write(version, spec, templates)
    if note:
        version.change_note = note
        version.save(update_fields=["change_note"])
    changes = diff(before, spec)
    if changes:
        _event(
            actor,
            "draft_edited",
            version.procedure,
            f"Sửa dự thảo phiên bản {version.number}: {', '.join(changes)}",
            {"version": version.number, "changes": changes},
        )
    return version


def record_draft_edit(version: ProcedureVersion, actor, before: S.ProcedureSpec | None) -> None:
    """Record an edit made to a draft through the admin forms."""
    after = spec_of(detailed(ProcedureVersion.objects.filter(pk=version.pk)).get())
    changes = diff(before, after)
    if changes:
        _event(
            actor,
            "draft_edited",
            version.procedure,
            f"Sửa dự thảo phiên bản {version.number}: {', '.join(changes)}",
            {"version": version.number, "changes": changes},
        )


@transaction.atomic
def publish(
    version: ProcedureVersion, actor=None, *, effective_from: dt.date | None = None, note: str = "", allow_past: bool = False
) -> ProcedureVersion:
    """Freeze a draft and publish it from ``effective_from`` (default today). Dossiers received
    before that date keep the version they were received under. ``allow_past`` is for loading
    historical catalogues (migration, demo data) only; screens never pass it."""
    version = ProcedureVersion.objects.select_for_update().select_related("procedure").get(pk=version.pk)
    procedure = version.procedure
    if version.state != VersionState.DRAFT:
        raise CatalogError([S.Issue(("version",), "Phiên bản này đã được công bố.", "This version is already published.")])
    today = timezone.localdate()
    effective_from = effective_from or today
    if effective_from < today and not allow_past:
        raise CatalogError(
            [S.Issue(("effective_from",), "Ngày áp dụng không được ở quá khứ.", "The effective date cannot be in the past.")]
        )
    current = spec_of(detailed(ProcedureVersion.objects.filter(pk=version.pk)).get(), status=ProcedureStatus.PUBLISHED)
    check(current)
    previous = procedure.versions.filter(state=VersionState.PUBLISHED).order_by("-number").first()
    before = spec_of(detailed(ProcedureVersion.objects.filter(pk=previous.pk)).get()) if previous else None
    version.state = VersionState.PUBLISHED
    version.effective_from = effective_from
    version.published_at = timezone.now()
    version.published_by = _user(actor)
    if note:
        version.change_note = note
    ProcedureVersion.objects.filter(pk=version.pk).update(
        state=version.state,
        effective_from=effective_from,
        published_at=version.published_at,
        published_by=version.published_by,
        change_note=version.change_note,
    )
    if procedure.status != ProcedureStatus.PUBLISHED:
        procedure.status = ProcedureStatus.PUBLISHED
        procedure.save(update_fields=["status"])
    refresh_listing(procedure)
    _event(
        actor,
        "version_published",
        procedure,
        f"Công bố phiên bản {version.number}, áp dụng từ {effective_from:%d/%m/%Y}",
        {
            "version": version.number,
            "effective_from": effective_from.isoformat(),
            "changes": diff(before, current),
            "note": version.change_note,
        },
    )
    return version


@transaction.atomic
def retire(procedure: Procedure, actor=None, *, reason: str = "") -> Procedure:
    procedure = Procedure.objects.select_for_update().get(pk=procedure.pk)
    if procedure.status == ProcedureStatus.RETIRED:
        return procedure
    if not reason.strip():
        raise CatalogError([S.Issue(("reason",), "Cần ghi lý do bãi bỏ.", "A reason is required.")])
    procedure.status = ProcedureStatus.RETIRED
    procedure.save(update_fields=["status"])
    _event(actor, "procedure_retired", procedure, f"Bãi bỏ thủ tục: {reason}", {"reason": reason})
    return procedure


def refresh_listing(procedure: Procedure, day: dt.date | None = None) -> bool:
    """Copy the version in force on ``day`` into the listing columns; True if it changed."""
    version = version_in_force(procedure, day)
    if version is None:
        return False
    if procedure.current_version_id == version.pk and procedure.search_text:
        return False
    field_obj = version.field
    procedure.current_version = version
    procedure.name = version.name
    procedure.field = field_obj
    procedure.online_level = version.online_level
    procedure.level_flags = "|" + "|".join(version.levels) + "|"
    procedure.search_text = fold(f"{procedure.code} {version.name} {field_obj.name}")
    procedure.save(update_fields=["current_version", "name", "field", "online_level", "level_flags", "search_text"])
    return True


def activate_due_versions(day: dt.date | None = None) -> int:
    """Switch the listing to versions whose effective date has come (run daily)."""
    changed = 0
    for procedure in Procedure.objects.filter(status=ProcedureStatus.PUBLISHED):
        with transaction.atomic():
            changed += refresh_listing(procedure, day)
    return changed


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)


@transaction.atomic
def import_catalogue(
    specs: list[S.ProcedureSpec], actor=None, *, fields: dict[str, str] | None = None, effective_from: dt.date | None = None
) -> ImportReport:
    """Bring the catalogue in line with ``specs`` (one transaction): new procedures are created,
    changed ones get a new version, published specs are published, retired ones retired.
    Callers validate first (``excel.parse_workbook`` does); anything invalid here rolls back all."""
    report = ImportReport()
    for code, name in (fields or {}).items():
        ensure_field(code, name, actor)
    for spec in specs:
        procedure = Procedure.objects.filter(code=spec.code).first()
        if procedure is None:
            version = create_procedure(spec, actor, note="Nhập từ Excel")
            report.created.append(spec.code)
        else:
            current = latest_version(procedure)
            published = procedure.versions.filter(state=VersionState.PUBLISHED).order_by("-number").first()
            compare = published or current
            assert compare is not None
            same = spec_of(detailed(ProcedureVersion.objects.filter(pk=compare.pk)).get(), status=spec.status) == spec
            if same and (spec.status != ProcedureStatus.PUBLISHED or published is not None):
                version = None
                (
                    report.retired
                    if spec.status == ProcedureStatus.RETIRED and procedure.status != ProcedureStatus.RETIRED
                    else report.unchanged
                ).append(spec.code)
            else:
                version = start_draft(procedure, actor)
                update_draft(version, spec, actor, note="Nhập từ Excel")
                report.updated.append(spec.code)
        if version is not None and spec.status in (ProcedureStatus.PUBLISHED, ProcedureStatus.RETIRED):
            publish(version, actor, effective_from=effective_from)
        if spec.status == ProcedureStatus.RETIRED:
            retire(Procedure.objects.get(code=spec.code), actor, reason="Nhập từ Excel: trạng thái bãi bỏ")
    return report


def load_demo_catalogue(
    suffix: str,
    commune_numbers: list[int],
    effective_from: dt.date = dt.date(2025, 7, 1),
    *,
    templates: Callable[[S.ProcedureSpec], dict[str, str]] | None = None,
) -> int:
    """Create and publish the demo procedures that do not exist yet (idempotent). ``templates``
    gives a procedure's blank forms to download (component name -> stored file name)."""
    for code, name in FIELDS.items():
        ensure_field(code, name)
    created = 0
    for spec in demo_specs(suffix, commune_numbers):
        if Procedure.objects.filter(code=spec.code).exists():
            continue
        version = create_procedure(spec, note="Dữ liệu mẫu")
        for name, stored in (templates(spec) if templates else {}).items():
            Component.objects.filter(version=version, name=name).update(template=stored)
        publish(version, effective_from=effective_from, allow_past=True, note="Dữ liệu mẫu")
        # Made-up history: the demo's catalogue was published two weeks before it took effect.
        published = dt.datetime.combine(effective_from - dt.timedelta(days=14), dt.time(8, 0), tzinfo=timezone.get_current_timezone())
        ProcedureVersion.objects.filter(pk=version.pk).update(published_at=published)
        created += 1
    return Procedure.objects.filter(status=ProcedureStatus.PUBLISHED).count()
