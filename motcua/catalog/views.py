"""Public catalogue pages (no login) and the administrator's catalogue management."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.accounts.choices import Role
from motcua.accounts.selectors import has_role, scoped_agencies
from motcua.core.files import download
from motcua.core.pdf import render_pdf
from motcua.core.text import is_number, search_terms

from . import excel, selectors, services
from .choices import ONLINE_SUBMISSION_LEVELS, ProcedureStatus, VersionState
from .forms import ImportForm, PublishForm, RetireForm, SearchForm
from .models import Component, Field, Procedure, ProcedureVersion

PAGE_SIZE = 20


def procedure_list(request):
    form = SearchForm(request.GET or None)
    filters = {k: v for k, v in (form.cleaned_data.items() if form.is_valid() else ()) if v}
    procedures = selectors.public_procedures(**filters)
    page = Paginator(procedures, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode(), "filtered": bool(filters)}
    template = "catalog/_results.html" if request.htmx and request.htmx.target == "results" else "catalog/procedure_list.html"
    return render(request, template, context)


def _number(request) -> int | None:
    value = request.GET.get("v")
    if value is None:
        return None
    if not is_number(value, 6):
        raise Http404
    return int(value)


def procedure_detail(request, code: str):
    version = selectors.public_version(code, _number(request))
    if version is None:
        raise Http404
    route = selectors.route_for(version)
    current = selectors.version_in_force(version.procedure)
    upcoming = (
        version.procedure.versions.filter(state=VersionState.PUBLISHED, effective_from__gt=timezone.localdate())
        .order_by("effective_from")
        .first()
    )
    return render(
        request,
        "catalog/procedure_detail.html",
        {
            "version": version,
            "procedure": version.procedure,
            "route": route,
            "other_routes": [r for r in version.routes.all() if r.receiving_agency_id],
            "is_current": current is not None and current.pk == version.pk,
            "upcoming": upcoming,
            "online_offered": version.online_level in ONLINE_SUBMISSION_LEVELS,
        },
    )


def _posting_centre(request, version):
    """The centre whose posting board is printed: the one asked for (``?agency=``), else the
    officer's own centre among those receiving the procedure, else the first of them."""
    centres = list(version.receiving_agencies.select_related("parent").order_by("path"))
    wanted = request.GET.get("agency", "")[:20]
    chosen = next((c for c in centres if c.code == wanted), None)
    if chosen is None and request.user.is_authenticated:
        mine = set(scoped_agencies(request.user).filter(pk__in=[c.pk for c in centres]).values_list("pk", flat=True))
        chosen = next((c for c in centres if c.pk in mine), None)
    return chosen or (centres[0] if centres else None)


def procedure_pdf(request, code: str):
    version = selectors.public_version(code, _number(request))
    if version is None:
        raise Http404
    centre = _posting_centre(request, version)
    pdf = render_pdf(
        "catalog/procedure_pdf.html",
        {
            "version": version,
            "procedure": version.procedure,
            "route": selectors.route_for(version, centre),
            "centre": centre,
            "printed_at": timezone.localtime(),
        },
        request=request,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="thu-tuc-{version.procedure.code}-v{version.number}.pdf"'
    return response


def procedure_history(request, code: str):
    procedure = get_object_or_404(Procedure.objects.exclude(status=ProcedureStatus.DRAFT), code=code)
    versions, events = selectors.history(procedure)
    is_admin = has_role(request.user, Role.ADMIN) if request.user.is_authenticated else False
    if not is_admin:
        versions = versions.filter(state=VersionState.PUBLISHED)
    return render(
        request,
        "catalog/procedure_history.html",
        {"procedure": procedure, "versions": versions, "events": events[:200] if is_admin else None},
    )


def component_template(request, code: str, number: int, pk: int):
    component = get_object_or_404(
        Component.objects.select_related("version__procedure"),
        pk=pk,
        version__number=number,
        version__procedure__code=code,
        version__state=VersionState.PUBLISHED,
    )
    if not component.template:
        raise Http404
    return download(component.template)


def _require_admin(request):
    if not has_role(request.user, Role.ADMIN):
        raise PermissionDenied


@login_required
def manage(request):
    _require_admin(request)
    q = request.GET.get("q", "")[:200]
    procedures = Procedure.objects.select_related("field", "current_version").order_by("code")
    for term in search_terms(q):
        procedures = procedures.filter(search_text__contains=term)
    drafts = dict(ProcedureVersion.objects.filter(state=VersionState.DRAFT).values_list("procedure_id", "pk"))
    page = Paginator(procedures, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "catalog/manage.html",
        {"page": page, "drafts": drafts, "q": q, "import_form": ImportForm(), "publish_form": PublishForm(), "retire_form": RetireForm()},
    )


@login_required
def export_excel(request):
    _require_admin(request)
    data = excel.export_workbook(selectors.catalogue_specs(), list(Field.objects.order_by("code").values_list("code", "name")))
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="danh-muc-thu-tuc-{timezone.localdate():%Y%m%d}.xlsx"'
    return response


@login_required
@require_POST
def import_excel(request):
    _require_admin(request)
    form = ImportForm(request.POST, request.FILES)
    errors: list = []
    report = None
    if form.is_valid():
        fields, agencies = services.known_refs()
        try:
            specs, new_fields = excel.parse_workbook(form.cleaned_data["file"].read(), known_fields=fields, known_agencies=agencies)
            report = services.import_catalogue(
                specs, request.user, fields=new_fields, effective_from=form.cleaned_data.get("effective_from")
            )
        except excel.ImportFileError as exc:
            errors = exc.errors
        except services.CatalogError as exc:
            errors = [excel.CellError("-", 0, "-", i.message_vi, i.message_en) for i in exc.issues]
    status = 200 if report else 400
    return render(
        request,
        "catalog/import_result.html",
        {"form": form, "errors": errors[:500], "error_count": len(errors), "report": report},
        status=status,
    )


@login_required
@require_POST
def start_draft(request, code: str):
    _require_admin(request)
    procedure = get_object_or_404(Procedure, code=code)
    version = services.start_draft(procedure, request.user)
    return redirect(reverse("admin:catalog_procedureversion_change", args=[version.pk]))


@login_required
@require_POST
def publish(request, code: str):
    _require_admin(request)
    procedure = get_object_or_404(Procedure, code=code)
    draft = procedure.versions.filter(state=VersionState.DRAFT).first()
    form = PublishForm(request.POST)
    if draft is None:
        messages.error(request, _("Thủ tục %(code)s không có bản dự thảo để công bố.") % {"code": code})
    elif not form.is_valid():
        messages.error(request, "; ".join(str(e) for errs in form.errors.values() for e in errs))
    else:
        try:
            services.publish(draft, request.user, effective_from=form.cleaned_data["effective_from"], note=form.cleaned_data["note"])
            messages.success(request, _("Đã công bố phiên bản %(n)d của thủ tục %(code)s.") % {"n": draft.number, "code": code})
        except services.CatalogError as exc:
            messages.error(request, _("Chưa công bố được: %(errors)s") % {"errors": "; ".join(map(str, exc.issues))})
    return redirect("catalog:manage")


@login_required
@require_POST
def retire(request, code: str):
    _require_admin(request)
    procedure = get_object_or_404(Procedure, code=code)
    form = RetireForm(request.POST)
    if form.is_valid():
        services.retire(procedure, request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("Đã bãi bỏ thủ tục %(code)s.") % {"code": code})
    else:
        messages.error(request, _("Cần ghi lý do bãi bỏ."))
    return redirect("catalog:manage")
