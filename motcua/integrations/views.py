"""Inbound calls from the post office, the payment gateway and the national portal (signed, no
session), the reconciliation screen with its one-click resend, and the administrator's list of
dossiers received from the national portal with its quarantine."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from motcua.accounts.choices import Role
from motcua.accounts.selectors import has_role, scoped_agencies
from motcua.dossiers.models import Dossier

from . import selectors, services
from .adapters import DeliveryError
from .choices import IntakeState

MAX_BODY = 64 * 1024
MAX_PUSH_BODY = 40 * 1024 * 1024  # a pushed dossier may carry its files (base64)


def _signed(handler, request, limit: int = MAX_BODY):
    if int(request.headers.get("Content-Length") or 0) > limit:
        return JsonResponse({"message": "Nội dung quá lớn.", "message_en": "Body too large."}, status=413)
    body = request.body[: limit + 1]
    if len(body) > limit:
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


@csrf_exempt
@require_POST
def national_push(request):
    return _signed(services.push, request, limit=MAX_PUSH_BODY)


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


def _admin(request):
    if not has_role(request.user, Role.ADMIN):
        raise PermissionDenied


@login_required
@require_http_methods(["GET"])
def intake(request):
    """The dossiers received from the national portal: the quarantined ones first, with their reason."""
    _admin(request)
    state = request.GET.get("state") or IntakeState.QUARANTINED
    if state not in IntakeState.values:
        state = IntakeState.QUARANTINED
    rows = selectors.intakes(request.user)
    tabs = [(value, label, rows.filter(state=value).count()) for value, label in IntakeState.choices]
    return render(request, "integrations/intake.html", {"rows": rows.filter(state=state)[:200], "state": state, "tabs": tabs})


@login_required
@require_POST
def intake_action(request, pk: int, action: str):
    _admin(request)
    row = get_object_or_404(selectors.intakes(request.user), pk=pk)
    try:
        if action == "retry":
            outcome = services.retry(row, actor=request.user)
            if outcome == "accepted":
                messages.success(request, _("Đã nhận hồ sơ %(code)s vào hàng chờ tiếp nhận.") % {"code": row.national_code})
            else:
                messages.warning(request, _("Hồ sơ %(code)s vẫn chưa nhận được; xem lý do.") % {"code": row.national_code})
        elif action == "dismiss":
            services.dismiss(row, actor=request.user, note=request.POST.get("note", ""))
            messages.success(request, _("Đã loại hồ sơ %(code)s và báo lại Cổng.") % {"code": row.national_code})
        else:
            raise PermissionDenied
    except services.CallbackError as exc:
        messages.error(request, exc.message_vi)
    return redirect("integrations:intake")
