"""The applicant's dossiers and submitting one online or by post: the draft with its uploads, sent as one dossier."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from motcua.catalog import selectors as catalog_selectors
from motcua.catalog.selectors import version_for_reception
from motcua.core.text import fold
from motcua.dossiers import machine
from motcua.dossiers.choices import Channel
from motcua.dossiers.errors import DossierError

from .. import selectors, services
from ..forms import DraftForm
from .common import _error, applicant_required


# --------------------------------------------------------------------------- my dossiers
@applicant_required
@require_GET
def mine(request):
    page = Paginator(selectors.my_dossiers(request.user), 20).get_page(request.GET.get("page"))
    return render(
        request, "portal/mine.html", {"page": page, "drafts": selectors.my_drafts(request.user), "labels": machine.NATIONAL_LABEL}
    )


# --------------------------------------------------------------------------- submission
@require_http_methods(["GET", "POST"])
def start(request, code: str):
    channel = request.GET.get("channel") or request.POST.get("channel") or Channel.ONLINE
    version = catalog_selectors.public_version(code)
    if version is None or channel not in (Channel.ONLINE, Channel.POSTAL):
        raise Http404
    if not services.offered(version, channel):
        return render(request, "portal/not_offered.html", {"version": version, "channel": channel}, status=409)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("portal:login"))
    return _start(request, version, channel)


@applicant_required
def _start(request, version, channel):
    if request.method == "POST":
        try:
            row = services.start_submission(request.user, version.procedure.code, channel)
        except DossierError as exc:
            return _error(request, exc, "portal/not_offered.html", {"version": version, "channel": channel})
        return redirect("portal:draft", pk=row.pk)
    drafts = selectors.my_drafts(request.user).filter(procedure=version.procedure, channel=channel)
    return render(request, "portal/start.html", {"version": version, "channel": channel, "drafts": drafts})


def _draft_context(row, form=None, file_errors=None, user=None):
    version = version_for_reception(row.procedure.code, row.created_at) or catalog_selectors.public_version(row.procedure.code)
    if form is None:
        initial = {
            **row.applicant,
            "receiving_agency": row.receiving_agency.code if row.receiving_agency else "",
            "result_channel": row.result_channel,
            "result_address": row.result_address,
            "pickup_address": row.pickup_address,
            "note": row.note,
        }
        form = DraftForm(initial=initial, version=version, channel=row.channel)
    files = list(row.files.all())
    offers = selectors.reuse_offers(user, row, version.components.all()) if user is not None else {}
    components = [
        {"index": i, "c": c, "files": [f for f in files if f.component == c.name], "offer": offers.get(fold(c.name))}
        for i, c in enumerate(version.components.all())
    ]
    return {
        "row": row,
        "version": version,
        "form": form,
        "components": components,
        "file_errors": file_errors or {},
        "max_mb": settings.PORTAL_FILE_MAX_MB,
        "fees": list(version.fees.all()),
    }


@applicant_required
@require_http_methods(["GET", "POST"])
def draft(request, pk: int):
    row = selectors.my_draft(request.user, pk)
    if row is None:
        raise Http404
    if request.method == "GET":
        return render(request, "portal/draft.html", _draft_context(row, user=request.user))
    ctx = _draft_context(row, user=request.user)
    if request.POST.get("op") == "discard":
        services.discard(request.user, row)
        messages.info(request, _("Đã hủy hồ sơ nháp %(ref)s.") % {"ref": row.reference})
        return redirect("portal:mine")
    form = DraftForm(request.POST, version=ctx["version"], channel=row.channel)
    form.is_valid()  # every field is optional in a draft; lengths are enforced
    fields = {k: v for k, v in form.cleaned_data.items()}
    uploads = [(c["c"].name, f) for c in ctx["components"] for f in request.FILES.getlist(f"file_{c['index']}")]
    try:
        outcome = services.save_draft(request.user, row, fields=fields, uploads=uploads)
    except DossierError as exc:
        return _error(request, exc, "portal/draft.html", _draft_context(row, form, user=request.user))
    row = outcome.submission
    if outcome.file_errors:
        messages.error(request, _("Một số tệp không được nhận; các thông tin khác đã được lưu."))
        return render(request, "portal/draft.html", _draft_context(row, form, outcome.file_errors, user=request.user), status=422)
    if request.POST.get("op") == "send":
        try:
            d = services.send(request.user, row)
        except DossierError as exc:
            return _error(request, exc, "portal/draft.html", _draft_context(row, form, user=request.user))
        messages.success(request, _("Đã nộp hồ sơ. Số tham chiếu: %(ref)s.") % {"ref": row.reference})
        return redirect("portal:dossier", ref=d.public_id)
    messages.success(request, _("Đã lưu nháp lúc này; bạn có thể tiếp tục sau."))
    return redirect("portal:draft", pk=row.pk)


@applicant_required
@require_POST
def draft_file_delete(request, pk: int, file_id: int):
    try:
        services.remove_file(request.user, pk, file_id)
    except DossierError as exc:
        if exc.status == 404:
            raise Http404 from None
        messages.error(request, exc.message_vi)
    return redirect("portal:draft", pk=pk)


@applicant_required
@require_POST
def draft_reuse(request, pk: int, stored_id: int):
    """Take a document from the applicant's own data store for a component of the draft."""
    try:
        item = services.reuse_stored(request.user, pk, stored_id)
    except DossierError as exc:
        if exc.status == 404 and selectors.my_draft(request.user, pk) is None:
            raise Http404 from None
        messages.error(request, exc.message_vi if translation.get_language() == "vi" else exc.message_en)
    else:
        messages.success(request, _("Đã dùng lại «%(name)s» từ kho dữ liệu của bạn.") % {"name": item.component})
    return redirect("portal:draft", pk=pk)
