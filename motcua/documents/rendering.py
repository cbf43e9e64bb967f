"""The official forms of a dossier (docs/rules.md section 3) rendered to A4 PDFs.

Each form applies only when the dossier has the matching record: a receipt once received, a
supplement request after a guidance or a supplement request, a refusal after a refusal, an
apology after an apology, a stop notice after a stop, a control sheet once received. The
template row is chosen by the dossier's reception date (``selectors.template_for``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone

from motcua.calendars.selectors import engine_for
from motcua.core.pdf import Seal, render_pdf
from motcua.core.text import fold
from motcua.dossiers import selectors as dossier_selectors
from motcua.dossiers.actions import HANDOVERS
from motcua.dossiers.models import DossierStep

from .choices import FormKind
from .selectors import compiled, template_for

EVENT_OF_FORM = {
    FormKind.SUPPLEMENT_REQUEST: ("guide", "request_supplement"),
    FormKind.REFUSAL: ("refuse",),
    FormKind.APOLOGY: ("apologize",),
    FormKind.STOP_NOTICE: ("stop",),
}
HANDOVER_ACTIONS = HANDOVERS
ADMIN_PREFIXES = ("Thành phố ", "Tỉnh ", "Đặc khu ", "Phường ", "Xã ", "Thị trấn ")


class FormNotApplicable(Exception):
    def __init__(self, kind: str, message_vi: str, message_en: str):
        self.kind, self.message_vi, self.message_en = kind, message_vi, message_en
        super().__init__(message_vi)


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    filename: str


def place_name(agency) -> str:
    """'Lâm Đồng' for a unit named 'Tỉnh Lâm Đồng': the place line of a form."""
    name = agency.admin_unit.name if agency.admin_unit_id else ""
    for prefix in ADMIN_PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def track_url(d, request=None) -> str:
    path = reverse("dossiers:track") + "?" + urlencode({"code": d.code, "secret": d.lookup_secret})
    base = settings.PUBLIC_BASE_URL.rstrip("/")
    if base:
        return base + path
    return request.build_absolute_uri(path) if request is not None else path


def qr_data_uri(text: str) -> str:
    return segno.make(text, error="m").svg_data_uri(scale=3, border=2)


def applicable_forms(d, actions: set[str] | None = None) -> list[FormKind]:
    """The forms that apply to the dossier now (what the dossier page offers to print);
    ``actions``: the actions of its events, when the caller has them already."""
    if actions is None:
        actions = set(d.events.values_list("action", flat=True))
    out = []
    if d.code and d.received_at:
        out.append(FormKind.RECEIPT)
    for kind, names in EVENT_OF_FORM.items():
        if actions & set(names):
            out.append(kind)
    if d.received_at:
        out.append(FormKind.CONTROL_SHEET)
    return out


def issuer_context(agency) -> dict:
    """The issuing body of a document for its letterhead and place line."""
    parent = agency.parent
    return {
        "issuing_agency": agency,  # whose signature the document carries (docs/rules.md section 3.1)
        "issuer": agency.name,
        "issuer_parent": parent.name if parent else "",
        "place": place_name(agency),
        "issuer_phone": agency.phone,
    }


def _latest(d, actions):
    return d.events.filter(action__in=actions).select_related("actor", "agency").order_by("-seq").first()


def _component_rows(d, names: list[str]) -> list[dict]:
    """The components asked for, with the counts the procedure requires."""
    wanted = {fold(n): n for n in names}
    rows = []
    for c in d.procedure_version.components.all():
        if fold(c.name) in wanted:
            rows.append({"name": c.name, "originals": c.originals, "certified_copies": c.certified_copies, "copies": c.copies})
            wanted.pop(fold(c.name))
    rows += [{"name": n, "originals": None, "certified_copies": None, "copies": None} for n in wanted.values()]
    return rows


def handovers(d) -> list[dict]:
    """The control sheet's lines: one per hand-over, and one per branch when the dossier is sent
    to parallel steps (each agency receives its own)."""
    events = list(
        d.events.filter(action__in=HANDOVER_ACTIONS).select_related("agency", "from_agency", "to_agency", "to_user").order_by("seq")
    )
    branch_names = {code: agency.name for code, agency in dossier_selectors.branch_agencies(events).items()}
    rows = []
    for e in events:
        receiver = e.to_user.get_full_name() if e.to_user_id else ""
        if e.action == "receive":
            receiver = e.actor_label
        row = {
            "event": e,
            "giver": e.actor_label if e.action != "receive" else d.applicant_name,
            "giver_agency": (e.from_agency or e.agency).name if (e.from_agency_id or e.agency_id) else "",
            "receiver": receiver,
            "receiver_agency": e.to_agency.name if e.to_agency_id else "",
        }
        branches = (e.data or {}).get("branches")
        if branches:
            rows += [{**row, "receiver": "", "receiver_agency": branch_names.get(b["agency"], b["agency"])} for b in branches]
        else:
            rows.append(row)
    return rows


def _outcome(d) -> str:
    if d.resolved_at is None or d.due_at is None:
        return ""

    return str(engine_for(d.competent_agency).classify_finish(d.resolved_at, d.due_at))


def form_context(d, kind: str, *, request=None) -> dict:
    """What the form's template needs; raises FormNotApplicable."""
    label = FormKind(kind).label if kind in FormKind.values else kind
    if kind not in FormKind.values or kind == FormKind.REGISTER:
        raise FormNotApplicable(kind, f"Không có biểu mẫu «{kind}» cho một hồ sơ.", f"No dossier form {kind!r}.")
    ctx = {"d": d, "version": d.procedure_version, "printed_at": timezone.localtime(), **issuer_context(d.receiving_agency)}
    if kind == FormKind.RECEIPT:
        if not (d.code and d.received_at):
            raise FormNotApplicable(
                kind, "Hồ sơ chưa được tiếp nhận nên chưa có giấy tiếp nhận.", "The dossier has not been received: no receipt."
            )
        event = d.events.filter(action="receive").select_related("actor").order_by("seq").first()
        url = track_url(d, request)
        ctx.update(event=event, officer=event.actor_label if event else "", track_url=url, qr=qr_data_uri(url))
    elif kind == FormKind.CONTROL_SHEET:
        if not d.received_at:
            raise FormNotApplicable(
                kind, "Hồ sơ chưa được tiếp nhận nên chưa có phiếu kiểm soát.", "The dossier has not been received: no control sheet."
            )
        ctx.update(handovers=handovers(d), outcome=_outcome(d))
    else:
        event = _latest(d, EVENT_OF_FORM[FormKind(kind)])
        if event is None:
            raise FormNotApplicable(kind, f"Hồ sơ không có «{label}».", f"The form {kind!r} does not apply to this dossier.")
        ctx.update(event=event, officer=event.actor_label, note=event.note)
        if kind == FormKind.SUPPLEMENT_REQUEST:
            ctx.update(
                missing=_component_rows(d, event.data.get("missing") or []),
                form_number=event.data.get("form_number", ""),
                during_processing=event.action == "request_supplement",
            )
            ctx.update(issuer_context(event.agency or d.receiving_agency))
        elif kind == FormKind.APOLOGY:
            ctx.update(
                new_appointment=dt.datetime.fromisoformat(event.data["new_appointment"])
                if event.data.get("new_appointment")
                else d.appointment_at
            )
            ctx.update(issuer_context(event.agency or d.competent_agency))
        elif kind == FormKind.STOP_NOTICE:
            ctx.update(issuer_context(event.agency or d.competent_agency))
    return ctx


def reference_date(d) -> dt.date:
    return timezone.localtime(d.received_at or d.submitted_at).date()


def render_form(d, kind: str, *, request=None) -> Rendered:
    ctx = form_context(d, kind, request=request)
    row = template_for(kind, reference_date(d))
    if row is None:
        raise FormNotApplicable(kind, "Chưa có mẫu biểu cho loại phiếu này.", "No template is configured for this form.")
    ctx["form"] = row
    label = str(FormKind(kind).label) if kind in FormKind.values else kind
    sealed = Seal(agency=ctx["issuing_agency"], kind=kind, title=label, dossier_code=d.code or "")
    pdf = render_pdf(compiled(row), ctx, request=request, sealed=sealed)
    return Rendered(pdf, f"{kind}-{d.code or d.public_id}.pdf")


# --------------------------------------------------------------------------- register (06)
def register_queryset(dossiers, start: dt.date, end: dt.date):
    """Dossiers received from ``start`` to ``end`` (local dates, inclusive), register order,
    with the moment each was handed over from the desk."""
    tz = timezone.get_current_timezone()
    lo = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    hi = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    handed = (
        DossierStep.objects.filter(dossier=OuterRef("pk"), position=1, ended_at__isnull=False).order_by("ended_at").values("ended_at")[:1]
    )
    return (
        dossiers.filter(received_at__gte=lo, received_at__lt=hi)
        .select_related("procedure_version", "competent_agency")
        .only(  # the register's columns only: the versions' long texts stay in the database
            "pk",
            "code",
            "register_number",
            "applicant_name",
            "applicant_address",
            "applicant_phone",
            "received_at",
            "due_at",
            "appointment_at",
            "resolved_at",
            "returned_at",
            "state",
            "procedure_version__name",
            "competent_agency__name",
        )
        .annotate(handed_over_at=Subquery(handed))
        .order_by("receiving_agency__code", "received_at", "id")
    )


def render_register(dossiers, start: dt.date, end: dt.date, agency, *, request=None) -> Rendered:
    row = template_for(FormKind.REGISTER, start)
    if row is None:
        raise FormNotApplicable(FormKind.REGISTER, "Chưa có mẫu sổ theo dõi hồ sơ.", "No register template is configured.")
    ctx = {
        "form": row,
        "rows": list(register_queryset(dossiers, start, end)),
        "start": start,
        "end": end,
        "printed_at": timezone.localtime(),
        **issuer_context(agency),
    }
    sealed = Seal(agency=agency, kind=FormKind.REGISTER, title=str(FormKind.REGISTER.label))
    return Rendered(render_pdf(compiled(row), ctx, request=request, sealed=sealed), f"so-theo-doi-{start:%Y%m%d}-{end:%Y%m%d}.pdf")
