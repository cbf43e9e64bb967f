"""The desk's fee dialog, the receipt ready to print, and the collections per unit. Thin: the
services decide."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.selectors import has_role
from motcua.core.framing import same_origin_frame
from motcua.core.pdf import Seal, render_pdf
from motcua.core.text import vnd
from motcua.documents.rendering import issuer_context
from motcua.dossiers.choices import OPERATIONAL_ROLES as STAFF_ROLES
from motcua.dossiers.errors import DossierError
from motcua.dossiers.selectors import dossier_for

from . import excel, selectors, services
from .forms import CollectForm, FeeLineForm, PeriodForm


def _staff(request) -> None:
    if not has_role(request.user, *STAFF_ROLES):
        raise PermissionDenied


@login_required
def collect(request, ref: str):
    """Take the dossier's fees at the desk and issue the receipt."""
    _staff(request)
    d = dossier_for(request.user, ref[:60])
    if d is None:
        raise Http404
    rules = selectors.rules_of(d)
    taken = selectors.collected_names(d)
    data = request.POST if request.method == "POST" else None
    lines = [
        (i, rule, FeeLineForm(data, prefix=f"fee{i}", initial={"take": rule.amount > 0}))
        for i, rule in enumerate(rules)
        if rule.name not in taken
    ]
    form = CollectForm(data, initial={"version": d.version, "payer_name": d.applicant_name, "payer_id": d.applicant_id_number})
    status, error = 200, ""
    if data is not None:
        valid = form.is_valid() & all([line_form.is_valid() for _i, _rule, line_form in lines])
        if valid:
            entries = [
                services.LineIn(
                    i,
                    f.cleaned_data["copies"],
                    f.cleaned_data["pages"],
                    0 if f.cleaned_data["reduction"] == "exempt" else f.cleaned_data["reduced_to"] if f.cleaned_data["reduction"] else None,
                    f.cleaned_data["ground"],
                )
                for i, _rule, f in lines
                if f.cleaned_data["take"]
            ]
            try:
                receipt = services.collect(
                    d,
                    entries,
                    actor=request.user,
                    method=form.cleaned_data["method"],
                    payer_name=form.cleaned_data["payer_name"],
                    payer_id=form.cleaned_data["payer_id"],
                    expected_version=form.cleaned_data["version"],
                )
            except DossierError as exc:
                error, status = exc.message_vi, exc.status
            else:
                messages.success(
                    request,
                    _("Đã thu %(total)s, biên lai số %(number)s.") % {"total": vnd(receipt.total), "number": receipt.display_number},
                )
                return redirect("fees:receipt", pk=receipt.pk)
        else:
            error, status = _("Hãy sửa các ô được đánh dấu."), 422
    return render(
        request, "fees/collect.html", {"d": d, "lines": lines, "form": form, "error": error, "summary": selectors.summary(d)}, status=status
    )


def _receipt(request, pk: int):
    """A receipt of the staff member's units (another unit's is "not found")."""
    _staff(request)
    receipt = selectors.receipt_for(request.user, pk)
    if receipt is None:
        raise Http404
    return receipt


@login_required
def receipt_print(request, pk: int):
    """The receipt framed ready to print, with the next step of the desk's work."""
    receipt = _receipt(request, pk)
    return render(request, "fees/receipt.html", {"receipt": receipt, "d": receipt.dossier})


@same_origin_frame
@login_required
def receipt_pdf(request, pk: int):
    receipt = _receipt(request, pk)
    sealed = Seal(agency=receipt.agency, kind="fee_receipt", title="Biên lai thu phí, lệ phí", dossier_code=receipt.dossier.code or "")
    context = {"receipt": receipt, "d": receipt.dossier, **issuer_context(receipt.agency)}
    pdf = render_pdf("fees/receipt_pdf.html", context, request=request, sealed=sealed)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="bien-lai-{receipt.display_number}.pdf"'
    return response


@login_required
def collections(request):
    """Fees collected per unit over a period (the desk, unit leaders, report viewers)."""
    if not has_role(request.user, *selectors.COLLECTION_ROLES):
        raise PermissionDenied
    today = timezone.localdate()
    form = PeriodForm(request.GET or None, initial={"start": today.replace(day=1), "end": today})
    start, end = today.replace(day=1), today
    status = 200
    if request.GET:
        if form.is_valid():
            start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        else:
            status = 422
    rows, total = selectors.collections(request.user, start, end) if status == 200 else ([], None)
    if request.GET.get("format") == "xlsx" and status == 200:
        response = HttpResponse(
            excel.collections_workbook(rows, total, start, end),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="thu-phi-le-phi-{start:%Y%m%d}-{end:%Y%m%d}.xlsx"'
        return response
    return render(
        request,
        "fees/collections.html",
        {"form": form, "rows": rows, "total": total, "start": start, "end": end, "methods": selectors.Method.choices},
        status=status,
    )
