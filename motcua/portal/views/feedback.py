"""Feedback (phản ánh, kiến nghị): filed by anyone, handled by the unit's staff, published when answered."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from motcua.accounts.selectors import has_role
from motcua.dossiers.choices import OPERATIONAL_ROLES
from motcua.dossiers.errors import DossierError
from motcua.organisations.models import Agency

from .. import selectors, services
from ..forms import AnswerForm, FeedbackForm
from ..models import Feedback
from .common import _throttled
from .dossier import _owned


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
                fb = services.file_feedback(
                    author=user,
                    category_code=c["category"].code,
                    name=c["author_name"],
                    email=c["email"],
                    phone=c["phone"],
                    title=c["title"],
                    content=c["content"],
                    agency_code=c["agency"],
                    dossier_ref=d.public_id if d else None,
                )
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
                services.answer_feedback(
                    fb, actor=request.user, answer=form.cleaned_data["answer"], visibility=form.cleaned_data["visibility"]
                )
            except DossierError as exc:
                form.add_error(None, exc.message_vi)
            else:
                messages.success(request, _("Đã trả lời phản ánh %(ref)s.") % {"ref": fb.reference})
                return redirect("portal:feedback_manage")
        status = 422
    return render(request, "portal/feedback_answer.html", {"fb": fb, "form": form}, status=status)


def feedback_detail(request, pk: int):
    fb = get_object_or_404(Feedback.objects.select_related("agency", "category"), pk=pk)
    if not (fb.visibility == "public" and fb.state == "answered") and not (
        request.user.is_authenticated and fb.author_id == request.user.pk
    ):
        raise Http404
    return render(request, "portal/feedback_detail.html", {"fb": fb})
