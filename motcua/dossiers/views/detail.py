"""The dossier page: its timeline, steps and events, the action dialogs (htmx) and its files."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.accounts.choices import Role
from motcua.accounts.selectors import in_scope
from motcua.core.files import download
from motcua.core.text import as_number

from .. import machine, panels, selectors, services
from ..errors import DossierError
from ..forms import ActionForm, FileForm
from ..models import DossierAccess, DossierFile
from .common import _dossier, _staff


# --------------------------------------------------------------------------- dossier page
def actions_for(user, d) -> list[dict]:
    return [{"name": a, "label": machine.action_title(a)} for a in machine.allowed_actions(d.state) if services.available(user, d, a)]


def _name_branches(events) -> None:
    """The agencies a hand-over to parallel steps went to, by name, on each such event."""
    names = {code: agency.short_name or agency.name for code, agency in selectors.branch_agencies(events).items()}
    for e in events:
        e.branch_agencies = [names.get(b["agency"]) or b["agency"] for b in (e.data or {}).get("branches", [])]


@login_required
def dossier_detail(request, ref: str):
    _staff(request)
    d = _dossier(request, ref)
    actions = actions_for(request.user, d)
    services.record_access(request.user, d, DossierAccess.What.PAGE, reason=request.GET.get("via"), in_work=bool(actions))
    return _detail(request, d, actions=actions)


def _detail(request, d, *, status: int = 200, upload_error: str = "", actions: list[dict] | None = None):
    """The dossier page (also with the reason an upload was refused, in place)."""
    events = list(d.events.select_related("agency", "from_agency", "to_agency", "to_user").order_by("seq"))
    _name_branches(events)
    files = list(d.files.select_related("uploaded_by"))
    digitised = {f.component: f for f in files if f.digitised}  # the latest copy of each component
    return render(
        request,
        "dossiers/detail.html",
        {
            "d": d,
            "steps": selectors.timeline(d),
            "events": events,
            "explanation": selectors.due_explanation(d),
            "branches": services.open_branches(d),
            "panels": panels.render(request, d, "detail"),
            "actions": actions_for(request.user, d) if actions is None else actions,
            "action_panels": panels.render(request, d, "actions"),
            "files": files,
            "component_rows": [(c, digitised.get(c["name"])) for c in d.components],
            "file_form": FileForm(initial={"version": d.version}),
            "can_attach": d.state not in machine.TERMINAL,
            "can_sign_results": in_scope(request.user, d.competent_agency, [Role.LEADER]),
            "national_label": machine.national_screen_label(d.national_status),
            "upload_error": upload_error,
        },
        status=status,
    )


@login_required
def action(request, ref: str, name: str):
    _staff(request)
    d = _dossier(request, ref)
    if name not in services.PERMISSIONS:
        raise Http404
    form = ActionForm(request.POST or None, dossier=d, action=name, user=request.user, initial={"version": d.version})
    status, error = 200, ""
    if request.method == "POST":
        if form.is_valid():
            try:
                d = services.perform(d, name, actor=request.user, expected_version=form.cleaned_data["version"], **form.params())
            except DossierError as exc:
                error, status = exc.message_vi, exc.status
            else:
                target = _after_action(d, name)
                messages.success(request, _("Đã thực hiện: %(action)s.") % {"action": machine.action_title(name)})
                if request.htmx:
                    response = HttpResponse(status=204)
                    response["HX-Redirect"] = target
                    return response
                return redirect(target)
        else:
            status, error = 422, _("Hãy sửa các ô được đánh dấu.")
    elif name not in machine.allowed_actions(d.state):
        error, status = _("Thao tác này không áp dụng ở trạng thái hiện tại của hồ sơ."), 409
    elif not services.may(request.user, d, name):
        error, status = _("Bạn không có quyền thực hiện thao tác này trên hồ sơ."), 403
    elif (refusal := services.stage_refusal(d, name)) is not None:
        error, status = refusal[0], 409
    template = "dossiers/_action.html" if request.htmx else "dossiers/action.html"
    return render(
        request, template, {"d": d, "form": form, "name": name, "label": machine.action_title(name), "error": error}, status=status
    )


def _after_action(d, name: str) -> str:
    """Where the officer goes next: the form the action issues, ready to print, else the dossier."""
    page = panels.next_page(d, name) or reverse("dossiers:detail", kwargs={"ref": d.code or str(d.public_id)})
    return f"{page}?via=action:{name}"


# --------------------------------------------------------------------------- files
@login_required
@require_POST
def upload(request, ref: str):
    _staff(request)
    d = _dossier(request, ref)
    form = FileForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Cần chọn tệp và loại tệp."))
        return redirect("dossiers:detail", ref=ref)
    try:
        services.attach_file(
            d, form.cleaned_data["file"], actor=request.user, kind=form.cleaned_data["kind"], expected_version=form.cleaned_data["version"]
        )
    except DossierError as exc:  # stay on the dossier page, the reason beside the upload
        return _detail(request, _dossier(request, ref), status=exc.status, upload_error=exc.message_vi)
    messages.success(request, _("Đã đính kèm tệp."))
    return redirect("dossiers:detail", ref=ref)


@login_required
def file_download(request, ref: str, pk: int):
    _staff(request)
    d = _dossier(request, ref)
    row = DossierFile.objects.filter(dossier=d, pk=pk).first()
    if row is None:
        raise Http404
    services.record_access(request.user, d, DossierAccess.What.FILE, detail=row.name, reason=request.GET.get("via"))
    return download(row.file, name=row.name, content_type=row.content_type)


@login_required
@require_POST
def sign_result(request, ref: str, pk: int):
    """A leader signs a result PDF with their own certificate."""
    _staff(request)
    d = _dossier(request, ref)
    try:
        services.sign_result(d, pk, actor=request.user, expected_version=as_number(request.POST.get("version", ""), None))
    except DossierError as exc:
        return _detail(request, _dossier(request, ref), status=exc.status, upload_error=exc.message_vi)
    messages.success(request, _("Đã ký số kết quả."))
    return redirect("dossiers:detail", ref=ref)


@login_required
@require_POST
def digitise(request, ref: str):
    """The desk scans or photographs a paper component: its pages become one PDF."""
    _staff(request)
    d = _dossier(request, ref)
    try:
        services.digitise_component(
            d,
            request.POST.get("component", ""),
            request.FILES.getlist("pages")[: services.MAX_PAGES],
            actor=request.user,
            expected_version=as_number(request.POST.get("version", ""), None),
        )
    except DossierError as exc:
        return _detail(request, _dossier(request, ref), status=exc.status, upload_error=exc.message_vi)
    messages.success(request, _("Đã số hóa thành phần hồ sơ."))
    return redirect("dossiers:detail", ref=ref)
