"""Open dossiers under an older version of their procedure (docs/rules.md section 1.6): the
procedures with dossiers awaiting a decision, and per procedure the preview of every dossier
(what changed, the due time and the appointment before and after) with the decision, per
dossier or for the ones ticked: move them to the version in force or keep the old rules."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from motcua.accounts.choices import Role
from motcua.accounts.selectors import has_role
from motcua.catalog.models import Procedure
from motcua.catalog.selectors import spec_of, version_in_force
from motcua.catalog.spec import ProcedureSpec
from motcua.core.text import as_number

from .. import selectors, services
from ..errors import DossierError

PAGE = 50


def _admin(request) -> None:
    if not has_role(request.user, Role.ADMIN):
        raise PermissionDenied


@login_required
@require_GET
def versions(request):
    _admin(request)
    return render(request, "dossiers/versions.html", {"rows": selectors.version_backlog(request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def version_moves(request, code: str):
    _admin(request)
    procedure = Procedure.objects.filter(code=code).first()
    in_force = version_in_force(procedure) if procedure else None
    if procedure is None or in_force is None:
        raise Http404
    if request.method == "POST":
        _decide(request, in_force)
        return redirect(request.get_full_path())
    rows = selectors.awaiting_decision(request.user, procedure, in_force)
    page = Paginator(rows, PAGE).get_page(request.GET.get("page"))
    new_spec, old_specs = spec_of(in_force), dict[int, ProcedureSpec]()
    previews = []
    for d in page.object_list:
        old = old_specs.setdefault(d.procedure_version_id, spec_of(d.procedure_version))
        previews.append(services.preview_move(d, in_force, old_spec=old, new_spec=new_spec))
    return render(
        request, "dossiers/version_moves.html", {"procedure": procedure, "in_force": in_force, "page": page, "previews": previews}
    )


def _decide(request, in_force) -> None:
    """Apply the decision to each ticked dossier as previewed (a dossier changed since is refused)."""
    decision = request.POST.get("decision")
    if decision not in ("move", "keep"):
        messages.error(request, _("Chọn chuyển sang phiên bản mới hoặc giữ quy định cũ."))
        return
    done, refused = 0, []
    for raw in request.POST.getlist("item")[:PAGE]:
        pk = as_number(raw, 0) or 0
        expected = as_number(request.POST.get(f"v-{pk}", ""), -1)
        d = selectors.visible_dossiers(request.user).filter(pk=pk).first()
        if d is None:
            refused.append(_("Không tìm thấy hồ sơ #%(pk)s.") % {"pk": pk})
            continue
        try:
            if decision == "move":
                services.move_to_version(d, in_force, actor=request.user, reason=request.POST.get("reason", ""), expected_version=expected)
            else:
                services.keep_version(d, in_force, actor=request.user, expected_version=expected)
            done += 1
        except DossierError as exc:
            refused.append(f"{d.code or d.public_id}: {exc.message_vi}")
    if done:
        text = (
            ngettext("Đã chuyển %(n)d hồ sơ sang phiên bản mới.", "Đã chuyển %(n)d hồ sơ sang phiên bản mới.", done)
            if decision == "move"
            else ngettext("%(n)d hồ sơ giữ quy định cũ.", "%(n)d hồ sơ giữ quy định cũ.", done)
        )
        messages.success(request, text % {"n": done})
    for line in refused:
        messages.error(request, line)
    if not done and not refused:
        messages.warning(request, _("Chưa chọn hồ sơ nào."))
