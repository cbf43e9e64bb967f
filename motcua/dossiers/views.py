"""The counter and back-office screens: reception, work queues, the dossier page with its
action dialogs (htmx), printable forms, files and the register. Thin: the services decide."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from motcua.accounts.choices import Role
from motcua.accounts.selectors import has_role, scoped_agencies, scoped_staff
from motcua.catalog.excel import CellError, ImportFileError
from motcua.catalog.selectors import public_procedures, version_for_reception
from motcua.core.files import download
from motcua.core.text import fold, is_number, search_terms
from motcua.organisations.models import Agency

from . import clock, legacy, machine, panels, selectors, services
from .api import LookupThrottle
from .choices import COUNTER_ROLES, OPERATIONAL_ROLES
from .errors import DossierError
from .forms import ActionForm, FileForm, QueueFilterForm, ReceptionForm
from .identifiers import IdentifierError, parse_chip_card, validate_citizen_id, validate_tax_code
from .models import DossierFile

STAFF_ROLES = OPERATIONAL_ROLES


def _staff(request) -> None:
    if not has_role(request.user, *STAFF_ROLES):
        raise PermissionDenied


def _dossier(request, ref: str):
    d = selectors.dossier_for(request.user, ref[:60])
    if d is None:
        raise Http404
    return d


def _counter_agencies(user):
    return list(scoped_agencies(user, COUNTER_ROLES).filter(is_active=True).exclude(kind="department").order_by("path"))


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
                    d = services.receive_at_counter(actor=request.user, procedure_code=code, receiving_agency_code=c["receiving_agency"], applicant=applicant,
                                                    components=chosen or None, result_channel=c["result_channel"], sets=c["sets"])
                    return redirect(_after_action(d, "receive"))
                if outcome in ("guide", "refuse"):
                    d = services.decline_at_counter(actor=request.user, outcome=outcome, procedure_code=code, receiving_agency_code=c["receiving_agency"],
                                                    applicant=applicant, components=chosen or None, missing=missing, note=c["note"])
                    return redirect(_after_action(d, outcome))
                error, status = _("Thao tác không hợp lệ."), 400
            except DossierError as exc:
                error, status = exc.message_vi, exc.status
        else:
            error, status = _("Hãy sửa các ô được đánh dấu."), 422
    return render(request, "dossiers/counter.html", {
        "form": form, "version": version, "components": _component_rows(components, request.POST if data else None), "agency": agency,
        "agencies": agencies, "error": error,
        "matches": _procedure_matches(request.GET.get("q", ""), agency) if not version else [], "q": request.GET.get("q", "")[:100],
    }, status=status)


APPLICANT_FIELDS = {"kind": "applicant_kind", "name": "name", "id_number": "id_number", "birth_date": "birth_date", "sex": "sex", "phone": "phone",
                    "email": "email", "address": "address"}


def _applicant_of(values: dict) -> services.Applicant:
    return services.Applicant(kind=values.get("applicant_kind") or "person", name=values.get("name") or "", id_number=values.get("id_number") or "",
                              birth_date=values.get("birth_date"), sex=values.get("sex") or "", phone=values.get("phone") or "",
                              email=values.get("email") or "", address=values.get("address") or "")


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
    return JsonResponse({"id_number": card.id_number, "old_id": card.old_id, "name": card.name, "birth_date": card.birth_date.isoformat(),
                         "sex": card.sex, "address": card.address, "issued": card.issued.isoformat()})


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


# --------------------------------------------------------------------------- queues
@login_required
def work(request, queue: str = ""):
    _staff(request)
    scope = selectors.work_scope(request.user)
    counts = selectors.queue_counts(request.user, scope)
    if not queue:
        queue = next((q for q in ("mine", "to_receive", "unit", "to_return") if counts[q]), "mine")
        return redirect("dossiers:queue", queue=queue)
    if queue not in selectors.QUEUES:
        raise Http404
    form = QueueFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.queue(request.user, queue, q=filters.get("q", ""), channel=filters.get("channel", ""), sort=filters.get("sort") or "due", scope=scope)
    paginator = Paginator(qs, _page_size())
    if not (filters.get("q") or filters.get("channel")):
        paginator.count = counts[queue]  # already counted for the tabs: no second COUNT
    page = paginator.get_page(request.GET.get("page"))
    rows = [{"d": d, "flag": _flag(d, scope)} for d in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    tabs = [{"name": n, "label": selectors.QUEUE_LABELS[n], "count": counts[n], "active": n == queue} for n in selectors.QUEUES]
    template = "dossiers/_queue_table.html" if request.htmx and request.htmx.target == "queue-table" else "dossiers/work.html"
    return render(request, template, {
        "queue": queue, "label": selectors.QUEUE_LABELS[queue], "tabs": tabs, "page": page, "rows": rows, "form": form, "query": query.urlencode(),
        "sort": filters.get("sort") or "due", "bulk": queue in ("mine", "unit", "nearly_due", "overdue"),
        "staff_choices": list(scoped_staff(request.user).only("pk", "full_name", "username")[:300]) if rows else [],
    })


def _page_size() -> int:
    return settings.WORK_QUEUE_PAGE_SIZE


def _flag(d, scope) -> str:
    time_class = clock.classify_open(d, scope.now, scope.nearly_due_before)
    return str(time_class) if time_class in (clock.OpenClass.OVERDUE, clock.OpenClass.NEARLY_DUE) else ""


@login_required
@require_POST
def bulk(request):
    """Bulk assign / forward: first a preview listing conflicts, then all or nothing."""
    _staff(request)
    action = request.POST.get("action", "")
    items = []
    for raw in request.POST.getlist("item")[: services.BULK_LIMIT + 1]:
        pk, _sep, version = raw.partition(":")
        if is_number(pk) and is_number(version, 9):
            items.append((int(pk), int(version)))
    params = {}
    to_user = request.POST.get("to_user", "")
    if to_user:
        if not is_number(to_user):
            return render(request, "dossiers/_bulk.html", {"error": _("Cán bộ không hợp lệ.")}, status=422)
        params["to_user"] = int(to_user)
    confirm = request.POST.get("confirm") == "1"
    try:
        outcome = services.bulk_perform(items, action, actor=request.user, dry_run=not confirm, **params)
    except DossierError as exc:
        return render(request, "dossiers/_bulk.html", {"error": exc.message_vi}, status=exc.status)
    status = 409 if outcome.conflicts else 200
    by_pk = dict(items)
    return render(request, "dossiers/_bulk.html", {
        "outcome": outcome, "action": action, "action_label": machine.action_title(action), "to_user": to_user, "confirm": confirm,
        "ok_items": [f"{pk}:{by_pk[pk]}" for pk, _code in outcome.ok], "back": _safe_back(request),
    }, status=status)


def _safe_back(request) -> str:
    back = request.POST.get("back", "")
    return back if back.startswith("/") and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}) else reverse("dossiers:work")


# --------------------------------------------------------------------------- dossier page
def actions_for(user, d) -> list[dict]:
    return [{"name": a, "label": machine.action_title(a)} for a in machine.allowed_actions(d.state) if services.available(user, d, a)]


def _name_branches(events) -> None:
    """The agencies a hand-over to parallel steps went to, by name, on each such event."""
    codes = {b["agency"] for e in events for b in (e.data or {}).get("branches", [])}
    names = {code: short or name for code, short, name in Agency.objects.filter(code__in=codes).values_list("code", "short_name", "name")} if codes else {}
    for e in events:
        e.branch_agencies = [names.get(b["agency"]) or b["agency"] for b in (e.data or {}).get("branches", [])]


@login_required
def dossier_detail(request, ref: str):
    _staff(request)
    return _detail(request, _dossier(request, ref))


def _detail(request, d, *, status: int = 200, upload_error: str = ""):
    """The dossier page (also with the reason an upload was refused, in place)."""
    events = list(d.events.select_related("agency", "from_agency", "to_agency", "to_user").order_by("seq"))
    _name_branches(events)
    return render(request, "dossiers/detail.html", {
        "d": d, "steps": selectors.timeline(d), "events": events, "explanation": selectors.due_explanation(d), "branches": services.open_branches(d),
        "panels": panels.render(request, d, "detail"),
        "actions": actions_for(request.user, d), "action_panels": panels.render(request, d, "actions"),
        "files": list(d.files.select_related("uploaded_by")), "file_form": FileForm(initial={"version": d.version}),
        "can_attach": d.state not in machine.TERMINAL, "national_label": machine.national_screen_label(d.national_status), "upload_error": upload_error,
    }, status=status)


@login_required
def action(request, ref: str, name: str):
    _staff(request)
    d = _dossier(request, ref)
    if name not in services.PERMISSIONS:
        raise Http404
    form = ActionForm(request.POST or None, dossier=d, action=name, user=request.user, initial={"version": d.version})
    status, error = 200, ""
    if request.method == "POST":
        if form.is_valid():
            try:
                d = services.perform(d, name, actor=request.user, expected_version=form.cleaned_data["version"], **form.params())
            except DossierError as exc:
                error, status = exc.message_vi, exc.status
            else:
                target = _after_action(d, name)
                messages.success(request, _("Đã thực hiện: %(action)s.") % {"action": machine.action_title(name)})
                if request.htmx:
                    response = HttpResponse(status=204)
                    response["HX-Redirect"] = target
                    return response
                return redirect(target)
        else:
            status, error = 422, _("Hãy sửa các ô được đánh dấu.")
    elif name not in machine.allowed_actions(d.state):
        error, status = _("Thao tác này không áp dụng ở trạng thái hiện tại của hồ sơ."), 409
    elif not services.may(request.user, d, name):
        error, status = _("Bạn không có quyền thực hiện thao tác này trên hồ sơ."), 403
    elif (refusal := services.stage_refusal(d, name)) is not None:
        error, status = refusal[0], 409
    template = "dossiers/_action.html" if request.htmx else "dossiers/action.html"
    return render(request, template, {"d": d, "form": form, "name": name, "label": machine.action_title(name), "error": error}, status=status)


def _after_action(d, name: str) -> str:
    """Where the officer goes next: the form the action issues, ready to print, else the dossier."""
    return panels.next_page(d, name) or reverse("dossiers:detail", kwargs={"ref": d.code or str(d.public_id)})


# --------------------------------------------------------------------------- files
@login_required
@require_POST
def upload(request, ref: str):
    _staff(request)
    d = _dossier(request, ref)
    form = FileForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Cần chọn tệp và loại tệp."))
        return redirect("dossiers:detail", ref=ref)
    try:
        services.attach_file(d, form.cleaned_data["file"], actor=request.user, kind=form.cleaned_data["kind"], expected_version=form.cleaned_data["version"])
    except DossierError as exc:  # stay on the dossier page, the reason beside the upload
        return _detail(request, _dossier(request, ref), status=exc.status, upload_error=exc.message_vi)
    messages.success(request, _("Đã đính kèm tệp."))
    return redirect("dossiers:detail", ref=ref)


@login_required
def file_download(request, ref: str, pk: int):
    _staff(request)
    d = _dossier(request, ref)
    row = DossierFile.objects.filter(dossier=d, pk=pk).first()
    if row is None:
        raise Http404
    return download(row.file, name=row.name, content_type=row.content_type)


# --------------------------------------------------------------------------- legacy import
LEGACY_MAX_MB = 20


@login_required
def legacy_import(request):
    """Administrators bring a former system's dossiers in from a spreadsheet (Excel, or CSV
    files), all or nothing; every problem is listed by sheet, row and column."""
    if not has_role(request.user, Role.ADMIN):
        raise PermissionDenied
    if request.method == "GET" and request.GET.get("template"):
        response = HttpResponse(legacy.template(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = 'attachment; filename="mau-chuyen-doi-ho-so.xlsx"'
        return response
    context: dict = {}
    status = 200
    if request.method == "POST":
        upload, events = request.FILES.get("file"), request.FILES.get("events")
        too_big = any(f is not None and f.size > LEGACY_MAX_MB * 1024 * 1024 for f in (upload, events))
        if upload is None or too_big:
            context["errors"] = [CellError("-", 0, "-", _("Cần chọn một tệp Excel (.xlsx) hoặc CSV, tối đa %(mb)d MB.") % {"mb": LEGACY_MAX_MB}, "A file is required.")]
            status = 422
        else:
            try:
                parsed = legacy.read(upload.read(), name=upload.name or "", events=events.read() if events else None)
            except ImportFileError as exc:
                context["errors"], status = exc.errors, 422
            else:
                outcomes, kept = services.import_many(parsed.dossiers, actor=request.user)
                if kept:
                    context["created"] = sum(o.status == "created" for o in outcomes)
                    context["existing"] = sum(o.status == "exists" for o in outcomes)
                else:
                    context["errors"] = [legacy.locate(parsed, o.code, o.event_index, o.message, o.message_en) for o in outcomes if o.status == "rejected"]
                    status = 422
    return render(request, "dossiers/legacy_import.html", context, status=status)


# --------------------------------------------------------------------------- public status
def lookup_context(request) -> tuple[dict, int]:
    """The public lookup by code and lookup secret (the receipt's QR code carries both), rate
    limited per client address; shared by the status page and the kiosk."""
    code, secret = request.GET.get("code", "").strip()[:40], request.GET.get("secret", "").strip()[:32]
    d, status, error = None, 200, ""
    if code or secret:
        if not LookupThrottle().allow_request(request):
            error, status = _("Bạn tra cứu quá nhiều lần; hãy thử lại sau ít phút."), 429
        else:
            d = selectors.public_lookup(code, secret)
            if d is None:
                error, status = _("Không tìm thấy hồ sơ với mã hồ sơ và mã tra cứu này."), 404
    return {
        "d": d, "steps": d.steps if d else (), "code": code, "error": error, "initials": d.applicant_initials if d else "",
        "national_label": machine.national_screen_label(d.national_status) if d else "",
    }, status


@require_GET
def track(request):
    """The status page the receipt's QR code opens (code and lookup secret)."""
    context, status = lookup_context(request)
    return render(request, "dossiers/track.html", context, status=status)
