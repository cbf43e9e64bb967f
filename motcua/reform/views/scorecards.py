"""A unit's scorecard: self-assessment, the council's appraisal, evidence files."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from motcua.core.files import download
from motcua.core.pdf import Seal, render_pdf
from motcua.core.text import is_number
from motcua.core.uploads import UploadError

from .. import selectors, services
from ..models import Assessment
from ..services import ReformError
from .common import _council_agencies, _download, _error, _reform_staff


# --------------------------------------------------------------------------- scorecard
def _assessment(request, pk: int) -> tuple[Assessment, bool, bool]:
    a = get_object_or_404(selectors.assessments(), pk=pk)
    unit = services.is_unit(request.user, a.agency)
    council = services.is_council(request.user, a.round.organiser, a.agency)
    if not (unit or council):
        raise Http404
    return a, unit, council


def _scorecard_context(request, a: Assessment, unit: bool, council: bool) -> dict:
    return {
        "a": a,
        "rows": selectors.tree(a),
        "totals": selectors.totals(a),
        "unit": unit,
        "council": council,
        "history": selectors.history(a.agency),
        "events": selectors.score_events(a),
        "draft": a.state == Assessment.State.DRAFT,
        "submitted": a.state == Assessment.State.SUBMITTED,
    }


def _num(raw: str) -> Decimal:
    try:
        value = Decimal((raw or "").strip().replace(",", "."))
    except ArithmeticError:
        raise ReformError("Điểm phải là một số.", "Points must be a number.") from None
    if not value.is_finite():
        raise ReformError("Điểm phải là một số.", "Points must be a number.")
    return value


@login_required
@require_http_methods(["GET", "POST"])
def assessment(request, pk: int):
    _reform_staff(request)
    a, unit, council = _assessment(request, pk)
    if request.method == "GET" and request.GET.get("format") == "pdf":
        sealed = Seal(agency=a.agency, kind="par_scorecard", title="Bảng tự đánh giá chỉ số cải cách hành chính")
        pdf = render_pdf("reform/scorecard_pdf.html", _scorecard_context(request, a, unit, council), sealed=sealed)
        return _download(pdf, f"tu-danh-gia-cchc-{a.round.framework.year}-{a.agency.code}.pdf", "application/pdf", inline=True)
    if request.method == "GET":
        return render(request, "reform/scorecard.html", _scorecard_context(request, a, unit, council))
    p = request.POST
    node = None
    if is_number(p.get("node", "")):
        node = selectors.node_of(a, int(p["node"]))
        if node is None:
            raise Http404
    handler, needs_node = SCORECARD_ACTIONS.get(p.get("action", ""), (None, False))
    try:
        if handler is None or (needs_node and node is None):
            raise ReformError("Thao tác không hợp lệ.", "Unknown action.")
        messages.success(request, handler(request, a, node, unit))
    except (ReformError, UploadError) as exc:
        a.refresh_from_db()
        return _error(request, exc, "reform/scorecard.html", _scorecard_context(request, a, unit, council))
    anchor = f"#n{node.pk}" if node is not None else ""
    return redirect(reverse("reform:assessment", args=[a.pk]) + anchor)


def _score(request, a: Assessment, node, unit: bool) -> str:
    p = request.POST
    add = services.evidence_items(actor=request.user, link=p.get("link", ""), document=p.get("document", ""), dossier=p.get("dossier", ""))
    services.save_leaf(
        actor=request.user,
        assessment=a,
        node=node,
        value=services.parse_value(node, p.get("value", "")),
        add=add,
        upload=request.FILES.get("file"),
        remove=[int(i) for i in p.getlist("remove") if is_number(i)],
    )
    return f"Đã lưu tiêu chí {node.code}."


def _prefill(request, a: Assessment, node, unit: bool) -> str:
    if not unit or a.state != Assessment.State.DRAFT:
        raise ReformError("Chỉ đơn vị lấy lại số liệu khi đang tự đánh giá.", "Only the unit, while a draft.", status=409)
    services.prefill(a)
    return "Đã lấy lại số liệu từ hệ thống một cửa."


def _submit(request, a: Assessment, node, unit: bool) -> str:
    services.submit(actor=request.user, assessment=a)
    return "Đã gửi bản tự đánh giá cho hội đồng thẩm định."


def _appraise(request, a: Assessment, node, unit: bool) -> str:
    p = request.POST
    services.appraise(actor=request.user, assessment=a, node=node, points=_num(p.get("points", "")), reason=p.get("reason", ""))
    return f"Đã ghi điểm thẩm định tiêu chí {node.code}."


def _send_back(request, a: Assessment, node, unit: bool) -> str:
    services.send_back(actor=request.user, assessment=a, node=node, reason=request.POST.get("reason", ""))
    return f"Đã yêu cầu đơn vị bổ sung minh chứng tiêu chí {node.code}."


def _survey(request, a: Assessment, node, unit: bool) -> str:
    services.enter_survey(actor=request.user, assessment=a, node=node, points=_num(request.POST.get("points", "")))
    return f"Đã nhập điểm điều tra tiêu chí {node.code}."


def _complete(request, a: Assessment, node, unit: bool) -> str:
    services.complete_appraisal(actor=request.user, assessment=a)
    return "Đã hoàn thành thẩm định."


# What the scorecard's buttons do: the action, whether it names a row, and what it says when done.
SCORECARD_ACTIONS = {
    "score": (_score, True),
    "prefill": (_prefill, False),
    "submit": (_submit, False),
    "appraise": (_appraise, True),
    "send_back": (_send_back, True),
    "survey": (_survey, True),
    "complete": (_complete, False),
}


@login_required
@require_GET
def evidence(request, pk: int):
    """An evidence file, for its unit and the council or inspection team above it."""
    _reform_staff(request)
    row = get_object_or_404(selectors.evidence_files(), pk=pk)
    if not selectors.may_see_evidence(request.user, row, _council_agencies(request.user)):
        raise Http404
    return download(row.file, name=row.name, content_type=row.content_type)
