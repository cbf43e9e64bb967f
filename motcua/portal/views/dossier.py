"""The applicant's own dossier: its status, supplement, withdrawal, rating and the electronic result."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from motcua.core.files import download
from motcua.dossiers import machine
from motcua.dossiers import selectors as dossier_selectors
from motcua.dossiers.errors import DossierError
from motcua.dossiers.models import DossierFile

from .. import services
from ..forms import RatingForm, SupplementForm, WithdrawForm
from .common import _error, applicant_required


# --------------------------------------------------------------------------- one dossier
def _owned(request, ref: str):
    try:
        return services.owned_dossier(request.user, uuid.UUID(str(ref)))
    except (ValueError, DossierError):
        raise Http404 from None


def _dossier_context(request, d, **extra):
    files = list(d.files.exclude(kind=DossierFile.Kind.OTHER).order_by("uploaded_at", "id"))
    show_results = d.state in ("resolved", "returned")
    events = [e for e in d.events.order_by("seq") if e.action in services.PUBLIC_EVENTS]
    asked = next((e for e in reversed(events) if e.action in ("request_supplement", "guide")), None)
    return {
        "d": d,
        "label": machine.NATIONAL_LABEL[d.national_status],
        "actions": services.applicant_actions(d),
        "components_files": [f for f in files if f.kind == DossierFile.Kind.COMPONENT],
        "results": [f for f in files if f.kind == DossierFile.Kind.RESULT] if show_results else [],
        "steps": list(d.steps.select_related("agency").order_by("started_at", "id")),
        "events": events,
        "asked": asked,
        "supplement_form": extra.pop("supplement_form", None) or SupplementForm(initial={"version": d.version}),
        "withdraw_form": extra.pop("withdraw_form", None) or WithdrawForm(),
        "rating_form": extra.pop("rating_form", None) or RatingForm(criteria=services.criteria()),
        "max_mb": settings.PORTAL_FILE_MAX_MB,
        "submission": getattr(d, "submission", None),
        "accesses": dossier_selectors.public_accesses(d.pk),
        "show_officer": settings.ACCESS_LOG_SHOWS_OFFICER,
        **extra,
    }


@applicant_required
@require_GET
def dossier(request, ref: str):
    d = _owned(request, ref)
    return render(request, "portal/dossier.html", _dossier_context(request, d))


def _dossier_action(request, ref: str, form, form_name: str, run, done: str, invalid: str = ""):
    """Validate ``form``, run the applicant's action, and answer as every dossier action does:
    the page again with the form's errors (422) or the service's error, else back to the page."""
    d = _owned(request, ref)
    if not form.is_valid():
        if invalid:
            messages.error(request, invalid)
        return render(request, "portal/dossier.html", _dossier_context(request, d, **{form_name: form}), status=422)
    try:
        run(d, form.cleaned_data)
    except DossierError as exc:
        return _error(request, exc, "portal/dossier.html", _dossier_context(request, d, **{form_name: form}))
    messages.success(request, done)
    return redirect("portal:dossier", ref=d.public_id)


@applicant_required
@require_POST
def supplement(request, ref: str):
    return _dossier_action(
        request,
        ref,
        SupplementForm(request.POST),
        "supplement_form",
        lambda d, c: services.send_supplement(
            request.user, d.public_id, uploads=request.FILES.getlist("files"), note=c["note"], expected_version=c["version"]
        ),
        _("Đã gửi hồ sơ bổ sung."),
    )


@applicant_required
@require_POST
def withdraw(request, ref: str):
    return _dossier_action(
        request,
        ref,
        WithdrawForm(request.POST),
        "withdraw_form",
        lambda d, c: services.withdraw(request.user, d.public_id, reason=c["reason"]),
        _("Đã rút hồ sơ."),
    )


@applicant_required
@require_POST
def rate(request, ref: str):
    form = RatingForm(request.POST, criteria=services.criteria())
    return _dossier_action(
        request,
        ref,
        form,
        "rating_form",
        lambda d, c: services.rate(request.user, d.public_id, scores=form.scores(), comment=c["comment"]),
        _("Cảm ơn Ông/Bà đã đánh giá."),
        invalid=_("Hãy chấm điểm cho mỗi tiêu chí."),
    )


@applicant_required
@require_GET
def dossier_file(request, ref: str, file_id: int):
    d = _owned(request, ref)
    try:
        row = services.result_file(request.user, d.public_id, file_id)
    except DossierError:
        raise Http404 from None
    return download(row.file, name=row.name, content_type=row.content_type)
