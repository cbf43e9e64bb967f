"""The counter: pick the procedure, tick the components, the applicant (typed, or read from the
chip ID card), then receive, guide or refuse."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from motcua.catalog.selectors import public_procedures, version_for_reception
from motcua.core.text import fold, is_number, search_terms
from motcua.organisations.models import Agency

from .. import selectors, services
from ..errors import DossierError
from ..forms import ReceptionForm
from ..identifiers import IdentifierError, parse_chip_card, validate_citizen_id, validate_tax_code
from .common import _counter_agencies, _staff
from .detail import _after_action


# --------------------------------------------------------------------------- reception
def _procedure_matches(q: str, agency: Agency | None, limit: int = 8):
    """Published procedures matching every typed word (diacritics optional) at this desk: the
    exact name first, then names starting with the words, then the shortest."""
    if not search_terms(q):
        return []
    qs = public_procedures(q=q)
    if agency is not None:
        qs = qs.filter(Q(current_version__receiving_agencies=agency) | Q(current_version__receiving_agencies__isnull=True))
    wanted = fold(q)
    found = list(qs.distinct()[:200])
    found.sort(key=lambda p: (fold(p.name) != wanted, not fold(p.name).startswith(wanted), len(p.name)))
    return found[:limit]


@login_required
def counter(request):
    """Reception: pick the procedure, tick the components, the applicant, where the result goes,
    then receive (receipt), guide (form 02) or refuse (form 03)."""
    _staff(request)
    agencies = _counter_agencies(request.user)
    if not agencies:
        raise PermissionDenied
    data = request.POST if request.method == "POST" else None
    code = (request.POST.get("procedure") or request.GET.get("procedure") or "")[:20]
    agency_code = (request.POST.get("receiving_agency") or request.GET.get("agency") or agencies[0].code)[:20]
    agency = next((a for a in agencies if a.code == agency_code), agencies[0])
    version = version_for_reception(code, timezone.now()) if code else None
    form = ReceptionForm(data, agencies=agencies, initial={"procedure": code, "receiving_agency": agency.code})
    components = list(version.components.all()) if version else []
    status, error = 200, ""
    if request.method == "POST":
        outcome = request.POST.get("outcome", "receive")
        if version is None:
            error, status = _("Chưa chọn thủ tục hoặc thủ tục không còn áp dụng."), 422
        elif _all_errors(form):
            chosen, missing = _checked_components(request.POST, components)
            c = form.cleaned_data
            applicant = _applicant_of(c)
            try:
                if outcome == "receive":
                    d = services.receive_at_counter(
                        actor=request.user,
                        procedure_code=code,
                        receiving_agency_code=c["receiving_agency"],
                        applicant=applicant,
                        components=chosen or None,
                        result_channel=c["result_channel"],
                        sets=c["sets"],
                    )
                    return redirect(_after_action(d, "receive"))
                if outcome in ("guide", "refuse"):
                    d = services.decline_at_counter(
                        actor=request.user,
                        outcome=outcome,
                        procedure_code=code,
                        receiving_agency_code=c["receiving_agency"],
                        applicant=applicant,
                        components=chosen or None,
                        missing=missing,
                        note=c["note"],
                    )
                    return redirect(_after_action(d, outcome))
                error, status = _("Thao tác không hợp lệ."), 400
            except DossierError as exc:
                error, status = exc.message_vi, exc.status
        else:
            error, status = _("Hãy sửa các ô được đánh dấu."), 422
    return render(
        request,
        "dossiers/counter.html",
        {
            "form": form,
            "version": version,
            "components": _component_rows(components, request.POST if data else None),
            "agency": agency,
            "agencies": agencies,
            "error": error,
            "matches": _procedure_matches(request.GET.get("q", ""), agency) if not version else [],
            "q": request.GET.get("q", "")[:100],
        },
        status=status,
    )


APPLICANT_FIELDS = {
    "kind": "applicant_kind",
    "name": "name",
    "id_number": "id_number",
    "birth_date": "birth_date",
    "sex": "sex",
    "phone": "phone",
    "email": "email",
    "address": "address",
}


def _applicant_of(values: dict) -> services.Applicant:
    return services.Applicant(
        kind=values.get("applicant_kind") or "person",
        name=values.get("name") or "",
        id_number=values.get("id_number") or "",
        birth_date=values.get("birth_date"),
        sex=values.get("sex") or "",
        phone=values.get("phone") or "",
        email=values.get("email") or "",
        address=values.get("address") or "",
    )


def _all_errors(form: ReceptionForm) -> bool:
    """Validate the form and the applicant together, so that every problem is reported at the
    first submit (the service's checks of the ID, birth date, sex and phone with the form's)."""
    valid = form.is_valid()
    values = {**{k: form.data.get(k, "") for k in APPLICANT_FIELDS.values()}, **form.cleaned_data}
    if not isinstance(values.get("birth_date"), dt.date):
        values["birth_date"] = None
    try:
        services.clean_applicant(_applicant_of(values))
    except DossierError as exc:
        detail = exc.detail if isinstance(exc.detail, dict) else {}
        for key, message in detail.get("applicant", {}).items():
            field = APPLICANT_FIELDS.get(key)
            if field and field in form.fields and not form.has_error(field):
                form.add_error(field, message)
        valid = False
    return valid


def _component_rows(components, post) -> list[dict]:
    """Each component with its tick and counts as the officer left them (the procedure's
    defaults on a new form), so that an error never loses what was typed."""
    rows = []
    for i, c in enumerate(components):
        counts = {}
        for key in ("originals", "certified_copies", "copies"):
            raw = post.get(f"{key}-{i}", "") if post is not None else ""
            counts[key] = int(raw) if is_number(raw, 2) else getattr(c, key)
        checked = c.name in post.getlist("component") if post is not None else c.requirement == "mandatory"
        rows.append({"c": c, "i": i, "checked": checked, **counts})
    return rows


def _checked_components(post, components) -> tuple[list[dict], list[str]]:
    """The ticked components with their counts, and the mandatory ones not ticked."""
    ticked = set(post.getlist("component"))
    chosen, missing = [], []
    for i, c in enumerate(components):
        if c.name not in ticked:
            if c.requirement == "mandatory":
                missing.append(c.name)
            continue
        counts = {}
        for key, default in (("originals", c.originals), ("certified_copies", c.certified_copies), ("copies", c.copies)):
            raw = post.get(f"{key}-{i}", "")
            counts[key] = int(raw) if is_number(raw, 2) else default
        chosen.append({"name": c.name, **counts})
    return chosen, missing


@login_required
@require_GET
def counter_procedures(request):
    _staff(request)
    agencies = _counter_agencies(request.user)
    agency = next((a for a in agencies if a.code == request.GET.get("agency")), agencies[0] if agencies else None)
    q = request.GET.get("q", "")[:100]
    return render(request, "dossiers/_procedure_matches.html", {"matches": _procedure_matches(q, agency), "q": q, "agency": agency})


@login_required
@require_POST
def counter_chip_card(request):
    """The chip ID card's QR code as the counter's scanner typed it: the applicant's fields, or
    the reason it is not a valid card (422)."""
    _staff(request)
    try:
        card = parse_chip_card(request.POST.get("text", "")[:1000], timezone.localdate())
    except IdentifierError as exc:
        return JsonResponse({"error": exc.message_vi, "error_en": exc.message_en}, status=422)
    return JsonResponse(
        {
            "id_number": card.id_number,
            "old_id": card.old_id,
            "name": card.name,
            "birth_date": card.birth_date.isoformat(),
            "sex": card.sex,
            "address": card.address,
            "issued": card.issued.isoformat(),
        }
    )


@login_required
@require_GET
def counter_applicant(request):
    """A returning applicant's details (from dossiers the officer may see) and the ID check."""
    _staff(request)
    raw = request.GET.get("id_number", "").strip()[:20]
    kind = request.GET.get("applicant_kind", "person")
    error, found = "", None
    if raw:
        try:
            number = validate_tax_code(raw) if kind == "business" else validate_citizen_id(raw, None)
            found = selectors.returning_applicant(request.user, number)
        except IdentifierError as exc:
            error = exc.message_vi
    return render(request, "dossiers/_applicant_hint.html", {"error": error, "found": found})
