"""Portal views: thin wrappers over ``services`` and ``selectors``. Every page that shows a
dossier or a file checks ownership through ``services.owned_dossier``: a guessed URL of
someone else's dossier answers 404, exactly like one that does not exist."""

from __future__ import annotations

import functools
import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView, redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from motcua.accounts.selectors import has_role
from motcua.catalog import selectors as catalog_selectors
from motcua.catalog.selectors import version_for_reception
from motcua.core.files import download
from motcua.core.throttle import ClientThrottle
from motcua.dossiers import machine
from motcua.dossiers.choices import OPERATIONAL_ROLES, Channel
from motcua.dossiers.errors import DossierError
from motcua.dossiers.models import DossierFile
from motcua.dossiers.views import lookup_context
from motcua.organisations.models import Agency

from . import selectors, services
from .forms import (
    AnswerForm,
    DraftForm,
    FeedbackForm,
    PortalLoginForm,
    ProfileForm,
    RatingForm,
    RegisterForm,
    SupplementForm,
    VerifyForm,
    WithdrawForm,
)
from .models import Feedback


def _throttled(request, scope: str) -> bool:
    return not ClientThrottle(scope, settings.PORTAL_FORM_RATE).allow_request(request)


def applicant_required(view):
    """Logged in with a verified applicant account; staff accounts are told to use the back office."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("portal:login"))
        if not selectors.is_applicant(request.user):
            return render(request, "portal/staff_account.html", status=403)
        if not request.user.applicant.verified:
            return redirect("portal:verify")
        return view(request, *args, **kwargs)

    return wrapper


def _error(request, exc: DossierError, template: str, context: dict):
    messages.error(request, exc.message_vi)
    return render(request, template, context, status=exc.status)


# --------------------------------------------------------------------------- home, accounts
@require_GET
def home(request):
    popular = catalog_selectors.public_procedures(online_level="full")[:8]
    return render(request, "portal/home.html", {"popular": popular})


class PortalLogin(LoginView):
    template_name = "portal/login.html"
    authentication_form = PortalLoginForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        return reverse("portal:mine")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "oidc_enabled": settings.OIDC_ENABLED, "oidc_name": settings.OIDC_PROVIDER_NAME}


@require_POST
def logout(request):
    auth_logout(request)
    messages.info(request, _("Bạn đã đăng xuất. Hồ sơ nháp vẫn được lưu."))
    return redirect("portal:home")


@require_http_methods(["GET", "POST"])
def register(request):
    form = RegisterForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if _throttled(request, "register"):
            messages.error(request, _("Bạn thao tác quá nhiều lần; hãy thử lại sau."))
            return render(request, "portal/register.html", {"form": form}, status=429)
        if form.is_valid():
            c = form.cleaned_data
            try:
                user = services.register(full_name=c["full_name"], email=c["email"], phone=c["phone"], password=c["password1"])
            except DossierError as exc:
                form.add_error(None, exc.message_vi)
            else:
                auth_login(request, user, backend="motcua.portal.auth.PortalBackend")
                messages.success(request, _("Đã tạo tài khoản. Mã xác thực đã được gửi đến %(to)s.") % {"to": user.email or user.phone})
                return redirect("portal:verify")
        status = 422
    return render(request, "portal/register.html", {"form": form}, status=status)


@login_required(login_url="portal:login")
@require_http_methods(["GET", "POST"])
def verify(request):
    if not selectors.is_applicant(request.user):
        return render(request, "portal/staff_account.html", status=403)
    if request.user.applicant.verified:
        return redirect("portal:mine")
    form = VerifyForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if "resend" in request.POST:
            try:
                services.send_code(request.user)
                messages.success(request, _("Đã gửi mã xác thực mới."))
            except DossierError as exc:
                messages.error(request, exc.message_vi)
            return redirect("portal:verify")
        if _throttled(request, "verify"):
            messages.error(request, _("Bạn thao tác quá nhiều lần; hãy thử lại sau."))
            return render(request, "portal/verify.html", {"form": form}, status=429)
        if form.is_valid() and services.verify(request.user, form.cleaned_data["code"]):
            messages.success(request, _("Tài khoản đã được xác thực."))
            return redirect(request.GET.get("next") if (request.GET.get("next") or "").startswith("/portal/") else "portal:mine")
        form.add_error("code", _("Mã xác thực không đúng hoặc đã hết hạn."))
        status = 422
    return render(request, "portal/verify.html", {"form": form}, status=status)


@applicant_required
@require_http_methods(["GET", "POST"])
def profile(request):
    user, p = request.user, request.user.applicant
    initial = {"full_name": user.full_name, "kind": p.kind, "id_number": p.id_number, "birth_date": p.birth_date, "phone": user.phone, "address": p.address}
    form = ProfileForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.update_profile(user, **form.cleaned_data)
            except DossierError as exc:
                form.add_error(None, exc.message_vi)
            else:
                messages.success(request, _("Đã lưu thông tin cá nhân."))
                return redirect("portal:profile")
        status = 422
    return render(request, "portal/profile.html", {"form": form}, status=status)


# --------------------------------------------------------------------------- my dossiers
@applicant_required
@require_GET
def mine(request):
    page = Paginator(selectors.my_dossiers(request.user), 20).get_page(request.GET.get("page"))
    return render(request, "portal/mine.html", {"page": page, "drafts": selectors.my_drafts(request.user), "labels": machine.NATIONAL_LABEL})


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


def _draft_context(row, form=None, file_errors=None):
    version = version_for_reception(row.procedure.code, row.created_at) or catalog_selectors.public_version(row.procedure.code)
    if form is None:
        initial = {**row.applicant, "receiving_agency": row.receiving_agency.code if row.receiving_agency else "", "result_channel": row.result_channel,
                   "result_address": row.result_address, "pickup_address": row.pickup_address, "note": row.note}
        form = DraftForm(initial=initial, version=version, channel=row.channel)
    files = list(row.files.all())
    components = [{"index": i, "c": c, "files": [f for f in files if f.component == c.name]} for i, c in enumerate(version.components.all())]
    return {"row": row, "version": version, "form": form, "components": components, "file_errors": file_errors or {},
            "max_mb": settings.PORTAL_FILE_MAX_MB, "fees": list(version.fees.all())}


@applicant_required
@require_http_methods(["GET", "POST"])
def draft(request, pk: int):
    row = selectors.my_draft(request.user, pk)
    if row is None:
        raise Http404
    if request.method == "GET":
        return render(request, "portal/draft.html", _draft_context(row))
    ctx = _draft_context(row)
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
        return _error(request, exc, "portal/draft.html", _draft_context(row, form))
    row = outcome.submission
    if outcome.file_errors:
        messages.error(request, _("Một số tệp không được nhận; các thông tin khác đã được lưu."))
        return render(request, "portal/draft.html", _draft_context(row, form, outcome.file_errors), status=422)
    if request.POST.get("op") == "send":
        try:
            d = services.send(request.user, row)
        except DossierError as exc:
            return _error(request, exc, "portal/draft.html", _draft_context(row, form))
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
        "d": d, "label": machine.NATIONAL_LABEL[d.national_status], "actions": services.applicant_actions(d),
        "components_files": [f for f in files if f.kind == DossierFile.Kind.COMPONENT], "results": [f for f in files if f.kind == DossierFile.Kind.RESULT] if show_results else [],
        "steps": list(d.steps.select_related("agency").order_by("started_at", "id")),
        "events": events, "asked": asked,
        "supplement_form": extra.pop("supplement_form", None) or SupplementForm(initial={"version": d.version}),
        "withdraw_form": extra.pop("withdraw_form", None) or WithdrawForm(),
        "rating_form": extra.pop("rating_form", None) or RatingForm(criteria=services.criteria()),
        "max_mb": settings.PORTAL_FILE_MAX_MB, "submission": getattr(d, "submission", None), **extra,
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
    return _dossier_action(request, ref, SupplementForm(request.POST), "supplement_form", lambda d, c: services.send_supplement(
        request.user, d.public_id, uploads=request.FILES.getlist("files"), note=c["note"], expected_version=c["version"]), _("Đã gửi hồ sơ bổ sung."))


@applicant_required
@require_POST
def withdraw(request, ref: str):
    return _dossier_action(request, ref, WithdrawForm(request.POST), "withdraw_form",
                           lambda d, c: services.withdraw(request.user, d.public_id, reason=c["reason"]), _("Đã rút hồ sơ."))


@applicant_required
@require_POST
def rate(request, ref: str):
    form = RatingForm(request.POST, criteria=services.criteria())
    return _dossier_action(request, ref, form, "rating_form", lambda d, c: services.rate(request.user, d.public_id, scores=form.scores(), comment=c["comment"]),
                           _("Cảm ơn Ông/Bà đã đánh giá."), invalid=_("Hãy chấm điểm cho mỗi tiêu chí."))


@applicant_required
@require_GET
def dossier_file(request, ref: str, file_id: int):
    d = _owned(request, ref)
    try:
        row = services.result_file(request.user, d.public_id, file_id)
    except DossierError:
        raise Http404 from None
    return download(row.file, name=row.name, content_type=row.content_type)


# --------------------------------------------------------------------------- feedback
@require_GET
def feedback_list(request):
    page = Paginator(selectors.public_answers(), 20).get_page(request.GET.get("page"))
    mine_list = selectors.my_feedback(request.user)[:50] if request.user.is_authenticated else []
    return render(request, "portal/feedback_list.html", {"page": page, "mine": mine_list})


@require_http_methods(["GET", "POST"])
def feedback_new(request):
    d = None
    if request.GET.get("dossier") and selectors.is_applicant(request.user):
        d = _owned(request, request.GET["dossier"])
    agencies = Agency.objects.filter(is_active=True).order_by("path")
    user = request.user if request.user.is_authenticated else None
    initial = {"author_name": user.get_full_name(), "email": user.email, "phone": user.phone} if user else {}
    form = FeedbackForm(request.POST or None, agencies=agencies, initial=initial)
    status = 200
    if request.method == "POST":
        if user is None and _throttled(request, "feedback"):
            messages.error(request, _("Bạn thao tác quá nhiều lần; hãy thử lại sau."))
            return render(request, "portal/feedback_new.html", {"form": form, "d": d}, status=429)
        if form.is_valid():
            c = form.cleaned_data
            try:
                fb = services.file_feedback(author=user, category_code=c["category"].code, name=c["author_name"], email=c["email"], phone=c["phone"],
                                            title=c["title"], content=c["content"], agency_code=c["agency"], dossier_ref=d.public_id if d else None)
            except DossierError as exc:
                form.add_error(None, exc.message_vi)
            else:
                return render(request, "portal/feedback_done.html", {"fb": fb}, status=201)
        status = 422
    return render(request, "portal/feedback_new.html", {"form": form, "d": d}, status=status)


# --------------------------------------------------------------------------- staff: feedback handling
@login_required
@require_GET
def feedback_manage(request):
    if not has_role(request.user, *OPERATIONAL_ROLES):
        raise PermissionDenied
    state = request.GET.get("state", "new")
    page = Paginator(selectors.feedback_for_staff(request.user, state=state), 30).get_page(request.GET.get("page"))
    return render(request, "portal/feedback_manage.html", {"page": page, "state": state})


@login_required
@require_http_methods(["GET", "POST"])
def feedback_answer(request, pk: int):
    fb = get_object_or_404(selectors.feedback_for_staff(request.user), pk=pk)
    form = AnswerForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.answer_feedback(fb, actor=request.user, answer=form.cleaned_data["answer"], visibility=form.cleaned_data["visibility"])
            except DossierError as exc:
                form.add_error(None, exc.message_vi)
            else:
                messages.success(request, _("Đã trả lời phản ánh %(ref)s.") % {"ref": fb.reference})
                return redirect("portal:feedback_manage")
        status = 422
    return render(request, "portal/feedback_answer.html", {"fb": fb, "form": form}, status=status)


# --------------------------------------------------------------------------- kiosk
@require_GET
def kiosk(request):
    return render(request, "portal/kiosk/home.html", {"idle": settings.KIOSK_IDLE_SECONDS})


@require_GET
def kiosk_procedures(request):
    q = (request.GET.get("q") or "")[:100]
    fields = catalog_selectors.public_procedures().values_list("field__code", "field__name").distinct().order_by("field__name")
    field = (request.GET.get("field") or "")[:30]
    results = catalog_selectors.public_procedures(q=q, field=field)[:30] if (q or field) else []
    return render(request, "portal/kiosk/procedures.html", {"q": q, "field": field, "fields": fields, "results": results, "idle": settings.KIOSK_IDLE_SECONDS})


@require_GET
def kiosk_procedure(request, code: str):
    version = catalog_selectors.public_version(code)
    if version is None:
        raise Http404
    return render(request, "portal/kiosk/procedure.html", {"version": version, "idle": settings.KIOSK_IDLE_SECONDS})


@require_GET
def kiosk_track(request):
    context, status = lookup_context(request)
    return render(request, "portal/kiosk/track.html", {**context, "idle": settings.KIOSK_IDLE_SECONDS}, status=status)


def feedback_detail(request, pk: int):
    fb = get_object_or_404(Feedback.objects.select_related("agency", "category"), pk=pk)
    if not (fb.visibility == "public" and fb.state == "answered") and not (request.user.is_authenticated and fb.author_id == request.user.pk):
        raise Http404
    return render(request, "portal/feedback_detail.html", {"fb": fb})
