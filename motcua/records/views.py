"""The officer confirms a stored document for a dossier."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.core.text import as_number
from motcua.dossiers import selectors as dossier_selectors
from motcua.dossiers.errors import DossierError

from . import services
from .models import StoredDocument


@login_required
@require_POST
def reuse(request, ref: str, pk: int):
    d = dossier_selectors.dossier_for(request.user, ref[:60])
    if d is None:
        raise Http404
    stored = get_object_or_404(StoredDocument, pk=pk, owner_id=d.applicant_id_number)
    try:
        services.reuse(d, stored, actor=request.user, expected_version=as_number(request.POST.get("version", ""), None))
    except DossierError as exc:
        messages.error(request, exc.message_vi)
    else:
        messages.success(request, _("Đã dùng lại giấy tờ đã số hóa: %(name)s.") % {"name": stored.name})
    return redirect("dossiers:detail", ref=d.code or str(d.public_id))
