"""Frameworks: the list, Excel import and export, copy to a new year."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from motcua.core.text import as_number

from .. import excel, selectors, services
from ..services import ReformError
from .common import _download, _reform_staff


# --------------------------------------------------------------------------- frameworks
@login_required
@require_http_methods(["GET", "POST"])
def frameworks(request):
    _reform_staff(request)
    status = 200
    if request.method == "POST":
        try:
            if not services.may_edit_frameworks(request.user):
                raise ReformError(
                    "Chỉ cán bộ cải cách hành chính quản lý bộ chỉ số.", "Only reform officers manage frameworks.", status=403
                )
            if request.POST.get("action") == "copy":
                source = get_object_or_404(selectors.frameworks(), pk=as_number(request.POST.get("framework"), 0))
                fw = services.copy_framework(actor=request.user, framework=source, year=source.year + 1)
                messages.success(request, f"Đã tạo {fw.name} để điều chỉnh.")
            else:
                upload = request.FILES.get("file")
                if upload is None or upload.size > 5 * 1024 * 1024:
                    raise ReformError("Chọn tệp Excel (.xlsx) không quá 5 MB.", "Choose an .xlsx file of at most 5 MB.")
                info, rows = excel.parse_framework(upload.read())
                fw = services.import_framework(actor=request.user, rows=rows, **info)
                messages.success(request, f"Đã nhập {fw.name}: {fw.nodes.count()} dòng.")
            return redirect("reform:frameworks")
        except ReformError as exc:
            messages.error(request, exc.message_vi)
            status = exc.status
    return render(
        request,
        "reform/frameworks.html",
        {"frameworks": selectors.framework_list(), "may_edit": services.may_edit_frameworks(request.user)},
        status=status,
    )


@login_required
@require_GET
def framework_detail(request, pk: int):
    _reform_staff(request)
    fw = get_object_or_404(selectors.frameworks(), pk=pk)
    if request.GET.get("export") == "xlsx":
        return _download(excel.framework_workbook(fw, services.node_rows(fw)), f"bo-chi-so-cchc-{fw.year}-{fw.level}.xlsx")
    return render(request, "reform/framework.html", {"fw": fw, "nodes": selectors.framework_nodes(fw)})
