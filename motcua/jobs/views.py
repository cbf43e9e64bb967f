from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_tasks_db.models import DBTaskResult

from motcua.accounts.choices import Role
from motcua.accounts.selectors import has_role

from . import exports, selectors, services
from .choices import JobState
from .models import Export


def _require_admin(request):
    if not has_role(request.user, Role.ADMIN):
        raise PermissionDenied


@login_required
def job_list(request):
    _require_admin(request)
    status = request.GET.get("status") or None
    if status not in {None, *JobState.values}:
        status = None
    return render(
        request, "jobs/job_list.html", {"results": selectors.recent_results(status), "status": status, "states": JobState.choices}
    )


@login_required
@require_POST
def job_retry(request, result_id):
    _require_admin(request)
    try:
        services.retry_failed(str(result_id), actor=request.user)
    except DBTaskResult.DoesNotExist:
        messages.error(request, _("Không tìm thấy tác vụ lỗi này."))
    else:
        messages.success(request, _("Đã đưa tác vụ vào hàng đợi để chạy lại."))
    return redirect("jobs:list")


# --------------------------------------------------------------------------- exports
def _export(request, pk: int) -> Export:
    """One of the requester's own exports (anyone else's is not found)."""
    row = exports.mine(request.user).filter(pk=pk).first()
    if row is None:
        raise Http404
    return row


@login_required
def export_list(request):
    return render(request, "jobs/exports.html", {"rows": exports.mine(request.user)[:50], "keep_days": settings.EXPORT_KEEP_DAYS})


@login_required
def export_detail(request, pk: int):
    row = _export(request, pk)
    template = "jobs/_export_progress.html" if request.htmx else "jobs/export.html"
    return render(request, template, {"row": row, "keep_days": settings.EXPORT_KEEP_DAYS})


@login_required
def export_download(request, pk: int):
    row = _export(request, pk)
    if row.state != Export.State.DONE or not row.file:
        raise Http404
    return FileResponse(row.file.open("rb"), as_attachment=True, filename=row.filename, content_type=row.content_type)
