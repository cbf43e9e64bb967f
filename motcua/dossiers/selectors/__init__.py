"""Reads of dossiers, always scoped: officers see the dossiers of their agencies (receiving,
competent, holding, or having handled a step); the public lookup needs the secret."""

from __future__ import annotations

import datetime as dt
import functools
import hmac
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.accounts.choices import Role
from motcua.accounts.selectors import scoped_agencies
from motcua.calendars.engine import EngineError, Pause
from motcua.calendars.selectors import engine_for
from motcua.catalog.models import Procedure
from motcua.catalog.spec import applicable_duration
from motcua.core.text import fold, is_number
from motcua.organisations.models import Agency

from .. import clock, machine
from ..choices import COUNTER_ROLES, OPERATIONAL_ROLES, State
from ..identifiers import initials
from ..models import Dossier, DossierAccess, DossierStep

LEADING_ROLES = (Role.LEADER, Role.ADMIN)  # who reviews the accesses outside work of their units


def visible_dossiers(user) -> QuerySet[Dossier]:
    agencies = scoped_agencies(user)
    handled = DossierStep.objects.filter(dossier=OuterRef("pk"), agency__in=agencies)
    return Dossier.objects.filter(
        Q(receiving_agency__in=agencies) | Q(competent_agency__in=agencies) | Q(current_agency__in=agencies) | Exists(handled)
    )


def search(user, *, status: str = "", agency: str = "", due_before: dt.datetime | None = None, q: str = "") -> QuerySet[Dossier]:
    qs = visible_dossiers(user).select_related("procedure", "receiving_agency", "competent_agency", "current_agency")
    if status:
        qs = qs.filter(national_status=int(status)) if is_number(status, 2) else qs.filter(state=status)
    if agency:
        qs = qs.filter(Q(receiving_agency__code=agency) | Q(competent_agency__code=agency) | Q(current_agency__code=agency))
    if due_before is not None:
        qs = qs.filter(due_at__lt=due_before)
    if q.strip():
        qs = qs.filter(text_filter(q))
    return qs.order_by("-received_at", "-id")


def text_filter(q: str) -> Q:
    """What an officer types to find a dossier: its code (ours or the national portal's), the applicant's ID or name, or words
    of the procedure (diacritics optional)."""
    text = " ".join(q.split())[:100]
    return (
        Q(code__iexact=text)
        | Q(national_code=text)
        | Q(applicant_id_number=text)
        | Q(applicant_name__icontains=text)
        | Q(procedure__search_text__contains=fold(text))
    )


def _by_ref(qs: QuerySet[Dossier], ref: str) -> QuerySet[Dossier]:
    """A dossier by its code, or by its submission id while it has no code yet."""
    try:
        return qs.filter(public_id=uuid.UUID(ref))
    except (ValueError, TypeError, AttributeError):
        return qs.filter(code=ref)


def dossier_for(user, code: str) -> Dossier | None:
    qs = visible_dossiers(user).select_related(
        "procedure", "procedure_version", "receiving_agency", "competent_agency", "current_agency", "current_assignee"
    )
    return _by_ref(qs, code).first()


@dataclass(frozen=True)
class PublicStep:
    name: str
    agency: str
    started_at: dt.datetime | None
    ended_at: dt.datetime | None


@dataclass(frozen=True)
class PublicStatus:
    """What anyone holding a dossier's code and lookup secret may see: no personal data beyond
    the applicant's initials (the name itself never leaves this function)."""

    code: str
    procedure: str
    applicant_initials: str
    receiving_agency: str
    state: str
    national_status: int
    received_at: dt.datetime | None
    due_at: dt.datetime | None
    appointment_at: dt.datetime | None
    resolved_at: dt.datetime | None
    returned_at: dt.datetime | None
    steps: tuple[PublicStep, ...]

    @property
    def appointment(self) -> dt.datetime | None:
        return self.appointment_at or self.due_at

    @property
    def national_status_label(self) -> str:
        return machine.NATIONAL_LABEL[self.national_status]


def _aware(value):
    """A timestamp from a raw read: SQLite gives naive UTC, PostgreSQL aware values."""
    if value is None or isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value.replace(tzinfo=dt.UTC)


@functools.cache
def _public_sql() -> str:
    """One statement: the dossier's public columns with its steps (a LEFT JOIN, one row per
    step), table names from the models. Built once per process."""
    d, p, a, s = Dossier._meta.db_table, Procedure._meta.db_table, Agency._meta.db_table, DossierStep._meta.db_table
    return (
        # table names from the models; the code is a parameter
        "SELECT d.lookup_secret, d.code, p.name, ra.name, d.applicant_name, d.state, d.national_status, d.received_at, d.due_at, "  # noqa: S608
        "d.appointment_at, "
        f"d.resolved_at, d.returned_at, s.name, sa.name, s.started_at, s.ended_at "
        f"FROM {d} d JOIN {p} p ON p.id = d.procedure_id JOIN {a} ra ON ra.id = d.receiving_agency_id "
        f"LEFT JOIN {s} s ON s.dossier_id = d.id LEFT JOIN {a} sa ON sa.id = s.agency_id "
        f"WHERE d.code = %s ORDER BY s.started_at, s.id"
    )


def public_lookup(code: str, secret: str) -> PublicStatus | None:
    """The public status if the secret matches; None for a wrong secret and an unknown code
    alike (the same comparison runs either way). This is the busiest read of the product (every
    receipt's QR code, the kiosk, the portal), so it is one indexed statement of only the public
    columns, without the ORM's query compilation."""
    rows = []
    if code:
        with connection.cursor() as cursor:
            cursor.execute(_public_sql(), [code])
            rows = cursor.fetchall()
    expected = rows[0][0] if rows else "X" * 8
    if not hmac.compare_digest(expected.encode(), (secret or "").strip().upper().encode()) or not rows:
        return None

    r = rows[0]
    steps = tuple(PublicStep(row[12], row[13], _aware(row[14]), _aware(row[15])) for row in rows if row[12] is not None)
    return PublicStatus(
        r[1], r[2], initials(r[4]), r[3], r[5], r[6], _aware(r[7]), _aware(r[8]), _aware(r[9]), _aware(r[10]), _aware(r[11]), steps=steps
    )


# --------------------------------------------------------------------------- work queues
QUEUES = ("to_receive", "mine", "unit", "at_risk", "nearly_due", "overdue", "paused", "to_return")
QUEUE_STATES = (State.SUBMITTED, *clock.OPEN_STATES)  # every state a queue but "to return" lists
QUEUE_LABELS = {
    "to_receive": _("Chờ tiếp nhận"),
    "mine": _("Giao cho tôi"),
    "unit": _("Chờ đơn vị xử lý"),
    "at_risk": _("Có nguy cơ trễ hạn"),
    "nearly_due": _("Sắp đến hạn"),
    "overdue": _("Quá hạn"),
    "paused": _("Tạm dừng"),
    "to_return": _("Chờ trả kết quả"),
}
SORTS = {
    "due": ("due_at", "id"),
    "-due": ("-due_at", "-id"),
    "received": ("received_at", "id"),
    "-received": ("-received_at", "-id"),
    "code": ("code", "id"),
}


@dataclass(frozen=True)
class WorkScope:
    user_id: int
    counter: tuple[int, ...]  # agencies where the user works the desk
    work: tuple[int, ...]  # agencies where the user handles dossiers
    now: dt.datetime
    nearly_due_before: dt.datetime


def work_scope(user, now: dt.datetime | None = None) -> WorkScope:
    """The agencies behind a user's queues, read once per request (kept on the user object)."""
    cached = user.__dict__.get("_motcua_work_scope")
    if cached is not None and (now is None or cached.now == now):
        return cached
    now = now or timezone.now()
    counter = tuple(scoped_agencies(user, COUNTER_ROLES).values_list("pk", flat=True))
    work = tuple(scoped_agencies(user, OPERATIONAL_ROLES).values_list("pk", flat=True))
    scope = WorkScope(user.pk, counter, work, now, clock.nearly_due_before(now))
    user.__dict__["_motcua_work_scope"] = scope
    return scope


def _at_branch(**step_filters) -> Q:
    """Dossiers with an open parallel step matching ``step_filters`` (docs/rules.md section 1.3):
    read from the open branches' own index, never from the closed steps."""
    return Q(pk__in=DossierStep.objects.filter(ended_at__isnull=True, parallel_group__isnull=False, **step_filters).values("dossier_id"))


def held_by(agencies: tuple[int, ...]) -> Q:
    """Dossiers an agency among ``agencies`` (ids) holds: as the holding agency, or at one of its
    open parallel steps."""
    return Q(current_agency_id__in_ids=agencies) | _at_branch(agency_id__in_ids=agencies)


def held_under(path: str) -> Q:
    """Dossiers held by an agency at or under ``path`` (the unit a leader leads), as ``held_by``:
    the agencies are read first, so a count reads the queues' index alone, never joining them."""
    return held_by(tuple(Agency.objects.filter(path__startswith=path).values_list("pk", flat=True)))


def assigned_to(user) -> Q:
    """Dossiers the officer works: assigned to them, or one of their open parallel steps."""
    return Q(current_assignee=user) | _at_branch(assignee=user)


def queue_filter(name: str, scope: WorkScope) -> Q:
    """Each work queue as a filter. A dossier at parallel steps is in the queues of every agency
    running one of its steps (and of the officer each assigned) and stays in the lists of the
    agency that sent it there, which follows it."""
    if name == "to_receive":
        return Q(receiving_agency_id__in_ids=scope.counter, state=State.SUBMITTED)
    if name == "mine":
        return Q(state__in=machine.WORKING) & (Q(current_assignee_id=scope.user_id) | _at_branch(assignee_id=scope.user_id))
    if name == "unit":
        return Q(state__in=machine.WORKING) & (
            Q(current_agency_id__in_ids=scope.work, current_assignee__isnull=True, branches_open=0)
            | _at_branch(agency_id__in_ids=scope.work, assignee__isnull=True)
        )
    if name == "at_risk":
        return held_by(scope.work) & clock.at_risk_filter(scope.now)
    if name in ("nearly_due", "overdue"):
        time_class = clock.open_filters(scope.now, scope.nearly_due_before)[clock.OpenClass(name)]
        return held_by(scope.work) & Q(state__in=clock.OPEN_STATES) & time_class
    if name == "paused":
        return held_by(scope.work) & Q(state__in=clock.PAUSED_LIST_STATES)
    if name == "to_return":
        return Q(receiving_agency_id__in_ids=scope.counter, state=State.RESOLVED)
    raise ValueError(name)


def queue_counts(user, scope: WorkScope | None = None, names: tuple[str, ...] = QUEUES) -> dict[str, int]:
    """The sizes of the queues ``names`` (all of them by default) in one query, kept for the
    rest of the request: a later call for some of them reuses it."""
    scope = scope or work_scope(user)
    cached = user.__dict__.setdefault("_motcua_queue_counts", [])
    for kept_scope, kept in cached:
        if kept_scope is scope and set(names) <= set(kept):
            return {name: kept[name] for name in names}
    filters = {name: queue_filter(name, scope) for name in names}
    # Every queue but "to return" lists open or submitted dossiers: the state index keeps the count
    # off the finished ones; the results waiting to be returned are counted from their own index.
    to_return = filters.pop("to_return", None)
    counts: dict[str, int] = {}
    if filters:
        counts = Dossier.objects.filter(state__in=QUEUE_STATES).aggregate(**{name: Count("pk", filter=f) for name, f in filters.items()})
    if to_return is not None:
        counts["to_return"] = Dossier.objects.filter(to_return).count()
    counts = {name: counts[name] for name in names}
    cached.append((scope, counts))
    return counts


def queue(user, name: str, *, q: str = "", channel: str = "", sort: str = "due", scope: WorkScope | None = None) -> QuerySet[Dossier]:
    scope = scope or work_scope(user)
    qs = Dossier.objects.filter(queue_filter(name, scope))
    if channel:
        qs = qs.filter(channel=channel)
    if q.strip():
        qs = qs.filter(text_filter(q))
    order = SORTS.get(sort, SORTS["due"])
    if name == "to_receive" and sort == "due":
        order = ("submitted_at", "id")
    return (
        qs.select_related("procedure", "current_agency", "current_assignee")
        .only(
            "pk",
            "public_id",
            "code",
            "version",
            "state",
            "national_status",
            "channel",
            "applicant_name",
            "applicant_id_number",
            "submitted_at",
            "received_at",
            "due_at",
            "appointment_at",
            "clock_paused_at",
            "risk_from",
            "risk_step",
            "procedure__code",
            "procedure__name",
            "current_agency__name",
            "current_agency__short_name",
            "current_assignee__full_name",
            "current_assignee__username",
        )
        .order_by(*order)
    )


def returning_applicant(user, id_number: str) -> Dossier | None:
    """The latest dossier of this applicant that the officer may see: their details prefill the
    reception form (never from outside the officer's scope)."""
    if not id_number or len(id_number) > 20:
        return None
    return visible_dossiers(user).filter(applicant_id_number=id_number).order_by("-submitted_at", "-id").first()


def working_minutes(engine, start: dt.datetime, end: dt.datetime, pauses) -> int:
    """Office minutes from ``start`` to ``end`` on the engine's calendar, less the pauses
    (an open pause runs to ``end``)."""
    used = engine.office_minutes_between(start, end)
    for p in pauses:
        lo, hi = max(p.start, start), min(p.end or end, end)
        if hi > lo:
            used -= engine.office_minutes_between(lo, hi)
    return max(round(used), 0)


STEP_FIELDS = (
    "position",
    "name",
    "kind",
    "started_at",
    "ended_at",
    "quota_minutes",
    "used_minutes",
    "status",
    "parallel_group",
    "accepted_at",
)
EVENT_FIELDS = ("seq", "action", "at", "from_state", "to_state", "from_step", "to_step", "note", "data")


def _code(agency) -> str | None:
    return agency.code if agency is not None else None


def as_utc(value):
    """A time as the database gives it back (in UTC), whatever zone it was computed in; any
    other value unchanged."""
    return value.astimezone(dt.UTC) if isinstance(value, dt.datetime) else value


def timeline_rows(d: Dossier) -> tuple[list[dict], list[dict]]:
    """The dossier's steps and events as plain rows (agency codes, the assignee's username, the
    actor's label). A dossier just received carries them (``fresh_timeline``, valid while its
    version has not moved); any other is read with two narrow queries (wide joins cost more to
    compile than to run)."""
    fresh = getattr(d, "fresh_timeline", None)
    if fresh is not None and fresh[0] == d.version:
        steps = [
            {
                **{f: as_utc(getattr(s, f)) for f in STEP_FIELDS},
                "agency": _code(s.agency),
                "assignee": s.assignee.username if s.assignee_id else None,
            }
            for s in sorted(fresh[1], key=lambda s: (s.started_at, s.pk))
        ]
        events = [
            {
                **{f: as_utc(getattr(e, f)) for f in EVENT_FIELDS},
                "actor": e.actor_label,
                "agency": _code(e.agency),
                "from_agency": _code(e.from_agency),
                "to_agency": _code(e.to_agency),
            }
            for e in sorted(fresh[2], key=lambda e: e.seq)
        ]
        return steps, events
    steps = list(
        d.steps.order_by("started_at", "id").values(*STEP_FIELDS, agency_code=F("agency__code"), assignee_username=F("assignee__username"))
    )
    for s in steps:
        s["agency"], s["assignee"] = s.pop("agency_code"), s.pop("assignee_username")
    events = list(
        d.events.order_by("seq").values(
            *EVENT_FIELDS,
            "actor_label",
            agency_code=F("agency__code"),
            from_agency_code=F("from_agency__code"),
            to_agency_code=F("to_agency__code"),
        )
    )
    for e in events:
        e["actor"], e["agency"], e["from_agency"], e["to_agency"] = (
            e.pop("actor_label"),
            e.pop("agency_code"),
            e.pop("from_agency_code"),
            e.pop("to_agency_code"),
        )
    return steps, events


def timeline(d: Dossier, now: dt.datetime | None = None) -> list[dict]:
    """The steps with the working time each took against its quota (the open step up to now,
    pauses excluded)."""
    now = now or timezone.now()
    engine = engine_for(d.competent_agency)
    pauses = list(d.pauses.all())
    rows = []
    for s in d.steps.select_related("agency", "assignee").order_by("started_at", "id"):
        running = s.ended_at is None and d.state not in machine.TERMINAL
        used = working_minutes(engine, s.started_at, now, pauses) if running else s.used_minutes
        overrun = max((used or 0) - s.quota_minutes, 0) if s.quota_minutes is not None and used is not None else 0
        rows.append({"step": s, "used": used, "running": running, "overrun": overrun})
    return rows


def compute_due(d: Dossier, version=None, *, explain: bool = False):
    """The deadline engine's result for the dossier: its procedure version's time from reception,
    moved by the closed pauses. Raises EngineError (or ValueError) on a broken duration."""
    if d.received_at is None:
        raise ValueError("a dossier not received has no due time")
    pauses = [Pause(p.start, p.end, p.reason or "Tạm dừng để bổ sung hồ sơ") for p in d.pauses.all() if p.end is not None] if d.pk else []
    return engine_for(d.competent_agency).compute_due(
        d.received_at, applicable_duration(version or d.procedure_version), pauses, explain=explain
    )


def due_explanation(d: Dossier):
    """The day-by-day explanation of the dossier's due time (None before reception)."""
    if d.received_at is None:
        return None
    try:
        return compute_due(d, explain=True)
    except (EngineError, ValueError):
        return None


@dataclass(frozen=True)
class PublicAccess:
    """One time the staff opened the dossier, as its applicant sees it (docs/rules.md §10)."""

    at: dt.datetime
    agency: str
    role: str
    what: str
    officer: str


def public_accesses(dossier_id: int | None = None, *, code: str = "", limit: int = 200) -> list[PublicAccess]:
    """Who opened the dossier, newest first: the agency and role, what was opened, and the
    officer's name only where the province's setting says so. Call it only for a caller who
    holds the dossier (its applicant, or the code with the lookup secret)."""
    rows = DossierAccess.objects.filter(dossier_id=dossier_id) if dossier_id else DossierAccess.objects.filter(dossier__code=code)
    rows = rows.select_related("agency", "user").order_by("-at", "-id")[:limit]
    names = settings.ACCESS_LOG_SHOWS_OFFICER
    return [
        PublicAccess(
            at=row.at,
            agency=(row.agency.short_name or row.agency.name) if row.agency else "",
            role=str(Role(row.role).label) if row.role in Role.values else "",
            what=row.get_what_display(),
            officer=row.user.get_full_name() if names else "",
        )
        for row in rows
    ]


def accesses_outside_work(user, *, since: dt.datetime | None = None):
    """The accesses outside any current work on the dossier by the staff of the units the user
    leads (or administers), newest first: what a unit leader reviews (docs/rules.md §10)."""
    rows = DossierAccess.objects.filter(in_work=False, agency__in=scoped_agencies(user, LEADING_ROLES))
    if since is not None:
        rows = rows.filter(at__gte=since)
    return rows.select_related("dossier", "user", "agency").order_by("-at", "-id")


def branch_agencies(events) -> dict[str, Agency]:
    """The agencies that hand-overs to parallel steps went to, by code, for the events given
    (the control sheet and the dossier page name them)."""
    codes = {b["agency"] for e in events for b in (e.data or {}).get("branches", [])}
    return {a.code: a for a in Agency.objects.filter(code__in=codes)} if codes else {}


from .versions import AWAITING, Backlog, awaiting_decision, version_backlog  # noqa: E402, F401 - re-exported; they read through the functions above
