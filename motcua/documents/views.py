"""The dossier's official forms on screen: the print page (the form embedded, ready to print,
with the desk's next step), the form as PDF, and the register (06) as PDF or Excel. Thin: what
applies and what a form says live in ``rendering``; who may see a dossier in ``dossiers``."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.selectors import has_role
from motcua.core.framing import same_origin_frame
from motcua.dossiers import panels, selectors
from motcua.dossiers import services as dossier_services
from motcua.dossiers.choices import OPERATIONAL_ROLES
from motcua.dossiers.models import DossierAccess
from motcua.jobs import exports as job_exports

from . import exports, rendering
from .choices import DOSSIER_FORMS, FormKind
from .forms import RegisterForm

# The form an action issues, shown ready to print right after it.
FORM_AFTER = {FormKind.RECEIPT: ("receive",), **rendering.EVENT_OF_FORM}
FORM_OF_ACTION = {action: kind for kind, actions in FORM_AFTER.items() for action in actions}


def next_page(d, action: str) -> str | None:
    """After an action that issues a form, its print page (``dossiers.panels`` next page)."""
    form = FORM_OF_ACTION.get(action)
    return reverse("documents:print", kwargs={"ref": d.code or str(d.public_id), "form": form}) if form else None


def forms_panel(request, d, where: str) -> str:
    """The buttons to print the forms that apply to the dossier, beside its actions."""
    if where != "actions":
        return ""
    forms = [(kind, FormKind(kind).label) for kind in rendering.applicable_forms(d)]
    return render_to_string("documents/_form_buttons.html", {"d": d, "forms": forms}, request=request)


def _dossier_and_form(request, ref: str, form: str):
    if not has_role(request.user, *OPERATIONAL_ROLES):
        raise PermissionDenied
    d = selectors.dossier_for(request.user, ref[:60])
    if d is None or form not in DOSSIER_FORMS:
        raise Http404
    return d


@login_required
def print_view(request, ref: str, form: str):
    """The form embedded ready to print, with the next step of the desk's work."""
    d = _dossier_and_form(request, ref, form)
    via = request.GET.get("via") or "print"
    return render(
        request,
        "documents/print.html",
        {
            "d": d,
            "form": form,
            "label": FormKind(form).label,
            "ref": d.code or str(d.public_id),
            "panels": panels.render(request, d, "print") if form == FormKind.RECEIPT else "",
            "via": dossier_services.clean_reason(via),
        },
    )


@same_origin_frame
@login_required
def form_pdf(request, ref: str, form: str):
    d = _dossier_and_form(request, ref, form)
    try:
        rendered = rendering.render_form(d, form, request=request)
    except rendering.FormNotApplicable as exc:
        return render(request, "documents/form_not_applicable.html", {"d": d, "message": exc.message_vi}, status=409)
    dossier_services.record_access(request.user, d, DossierAccess.What.FORM, detail=form, reason=request.GET.get("via") or "print")
    response = HttpResponse(rendered.pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{rendered.filename}"'
    return response


@login_required
def register(request):
    if not has_role(request.user, *OPERATIONAL_ROLES):
        raise PermissionDenied
    agencies = exports.register_agencies(request.user)
    today = timezone.localdate()
    form = RegisterForm(request.GET or None, agencies=agencies, initial={"start": today.replace(day=1), "end": today})
    fmt = request.GET.get("format", "")
    if form.is_bound and form.is_valid() and fmt in ("pdf", "xlsx"):
        c = form.cleaned_data
        agency = next(a for a in agencies if a.code == c["agency"])
        title = _("Sổ theo dõi hồ sơ %(agency)s, %(start)s–%(end)s (%(fmt)s)") % {
            "agency": agency.short_name or agency.name,
            "start": f"{c['start']:%d/%m/%Y}",
            "end": f"{c['end']:%d/%m/%Y}",
            "fmt": fmt.upper(),
        }
        params = {"agency": agency.code, "start": c["start"].isoformat(), "end": c["end"].isoformat()}
        row = job_exports.start(request.user, f"documents.register_{fmt}", params, title)
        return redirect("jobs:export", pk=row.pk)  # made in the job worker: the page shows its progress
    return render(request, "documents/register.html", {"form": form}, status=422 if form.is_bound and not form.is_valid() else 200)
