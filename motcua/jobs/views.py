from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_tasks_db.models import DBTaskResult

from motcua.accounts.choices import Role
from motcua.accounts.selectors import has_role

from . import selectors, services
from .choices import JobState


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
