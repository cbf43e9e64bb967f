"""Inbound calls from the post office and the payment gateway (signed, no session), and the
reconciliation screen with its one-click resend."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from motcua.accounts.choices import Role
from motcua.accounts.selectors import has_role, scoped_agencies
from motcua.dossiers.models import Dossier

from . import services
from .adapters import DeliveryError

MAX_BODY = 64 * 1024


def _signed(handler, request):
    body = request.body[: MAX_BODY + 1]
    if len(body) > MAX_BODY:
        return JsonResponse({"message": "Nội dung quá lớn.", "message_en": "Body too large."}, status=413)
    try:
        outcome = handler(body, request.headers.get("X-Signature", ""))
    except services.CallbackError as exc:
        return JsonResponse({"message": exc.message_vi, "message_en": exc.message_en}, status=exc.status)
    return JsonResponse({"status": outcome})


@csrf_exempt
@require_POST
def postal_webhook(request):
    return _signed(services.postal_webhook, request)


@csrf_exempt
@require_POST
def payment_callback(request):
    return _signed(services.payment_callback, request)


def _manager(request):
    if not has_role(request.user, Role.ADMIN, Role.LEADER):
        raise PermissionDenied


@login_required
@require_http_methods(["GET"])
def reconciliation(request):
    _manager(request)
    today = timezone.localdate()
    try:
        start = dt.date.fromisoformat(request.GET.get("start") or (today - dt.timedelta(days=30)).isoformat())
        end = dt.date.fromisoformat(request.GET.get("end") or today.isoformat())
    except ValueError:
        return render(request, "integrations/reconciliation.html", {"error": "Ngày không hợp lệ (năm-tháng-ngày)."}, status=422)
    if not services.enabled("portal"):
        return render(
            request,
            "integrations/reconciliation.html",
            {"error": "Chưa cấu hình kết nối Cổng dịch vụ công quốc gia (NATIONAL_PORTAL_URL).", "start": start, "end": end},
        )
    dossiers = Dossier.objects.filter(receiving_agency__in=scoped_agencies(request.user))
    try:
        rows = services.reconcile(dossiers, start, end)
    except DeliveryError as exc:
        return render(
            request,
            "integrations/reconciliation.html",
            {"error": f"Không kết nối được Cổng dịch vụ công quốc gia: {exc}", "start": start, "end": end},
            status=502,
        )
    return render(request, "integrations/reconciliation.html", {"rows": rows, "start": start, "end": end})


@login_required
@require_POST
def resend(request, pk: int):
    _manager(request)
    d = get_object_or_404(Dossier.objects.filter(receiving_agency__in=scoped_agencies(request.user)), pk=pk)
    services.resend(d, actor=request.user)
    messages.success(request, f"Đã đưa hồ sơ {d.code} vào hàng đợi gửi lại Cổng dịch vụ công quốc gia.")
    return redirect(
        request.POST.get("next") if (request.POST.get("next") or "").startswith("/integrations/") else "integrations:reconciliation"
    )
