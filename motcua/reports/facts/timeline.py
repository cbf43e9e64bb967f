"""What one dossier adds to the report figures, day by day (pure; docs/rules.md section 6.1).

A dossier's *inputs* (``Inputs``: its times, state, channels and supplement/payment events) give
its *contributions*: ``{(date, measure): n}``.

- A **flow** measure counts something that happened on a local day (received, resolved early,
  withdrawn, refused, returned...): a period's figure is the sum over its days.
- A **snapshot** measure says whether the dossier is in some condition at a local midnight (open,
  paused, overdue...): the dossier adds +1 on the first day whose midnight finds it in the
  condition and -1 on the first day whose midnight no longer does, so the figure at the midnight
  that starts day ``d`` is the sum of every contribution dated ``d`` or before.

Each condition is written here with the very predicates of ``reports.settlement`` and
``dossiers.clock`` (a supplement requested before the due time pauses the clock; one requested
at or after it leaves the dossier overdue), so summing contributions gives the settlement
report's columns for any period; a property test holds the two to each other."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from motcua.dossiers.clock import LATE_766_SUPPLEMENTS

from ..periods import TZ

FLOWS = (
    "received",
    "received_online",
    "received_counter",
    "received_postal",
    "resolved_total",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "withdrawn",
    "stopped",
    "refused",
    "returned",
    "returned_postal",
    "results",  # result ready in the period (the service index's electronic results count against it)
    "strict_resolved",  # early or on time with at most one supplement request (Decision 766)
    "resolved_negative",  # resolved, and rated poorly or complained about
    # The service index's groups 1 and 4, on the day of reception (docs/rules.md section 6.2):
    "digitised",  # with a component on file
    "reused",  # with a component taken from the applicant's store
    "synced",  # a message about it reached the national portal
    "vneid",  # online, from an account identified with VNeID
    "component_files",  # its component files (a count)
    "files_from_store",  # those taken from the store (a count)
    "electronic_results",  # on the day of its result: a result signed by a leader
)
SNAPSHOTS = ("open", "paused", "held", "ran_out", "running_overdue", "running_not_due", "strict_held", "strict_running_not_due")
MEASURES = FLOWS + SNAPSHOTS

ENDED = ("withdrawn", "stopped")
REFUSED = "refused"
CHANNELS = ("online", "counter", "postal")
PAUSE_ACTIONS = ("request_supplement", "supplement_received", "request_payment", "payment_received")
PAUSING = ("request_supplement", "request_payment")  # the "paused" column: the last pause event asks for something
CLOCK_STOPPING = "request_supplement"  # only a supplement request stops the clock (dossiers.clock)


@dataclass(frozen=True)
class Inputs:
    """What a dossier's contributions depend on (``None``: not happened)."""

    state: str
    channel: str = ""
    result_channel: str = ""
    received_at: dt.datetime | None = None
    resolved_at: dt.datetime | None = None
    returned_at: dt.datetime | None = None
    closed_at: dt.datetime | None = None
    due_at: dt.datetime | None = None
    pauses: tuple[tuple[str, dt.datetime], ...] = field(default_factory=tuple)  # (action, at) in the order recorded
    supplement_count: int = 0
    negative: bool = False  # rated 2 stars or fewer, or a complaint about it
    digitised: bool = False
    reused: bool = False
    synced: bool = False
    vneid: bool = False
    component_files: int = 0
    files_from_store: int = 0
    electronic: bool = False

    @property
    def strict(self) -> bool:
        """Not late for the service index by its supplement requests alone."""
        return self.supplement_count <= LATE_766_SUPPLEMENTS

    @property
    def finish_at(self) -> dt.datetime | None:
        """Result ready, or returned when only the return is recorded."""
        return self.resolved_at or self.returned_at


def day(moment: dt.datetime) -> dt.date:
    return moment.astimezone(TZ).date()


def midnight(d: dt.date) -> dt.datetime:
    return dt.datetime.combine(d, dt.time(0), TZ)


def flows(f: Inputs) -> dict[tuple[dt.date, str], int]:
    out: dict[tuple[dt.date, str], int] = {}

    def add(moment: dt.datetime, *measures: str) -> None:
        for m in measures:
            key = (day(moment), m)
            out[key] = out.get(key, 0) + 1

    if f.received_at is not None:
        add(f.received_at, "received", *([f"received_{f.channel}"] if f.channel in CHANNELS else []))
        _digital(f, f.received_at, out)
        finish = f.finish_at
        if finish is not None:
            kind = _finish_class(finish, f.due_at)
            strict = ["strict_resolved"] if f.strict and kind in (("resolved_early",), ("resolved_on_time",)) else []
            add(finish, "resolved_total", *kind, *strict, *(["resolved_negative"] if f.negative else []))
        elif f.state in ENDED and f.closed_at is not None:
            add(f.closed_at, f.state)
    if f.state == REFUSED and f.closed_at is not None:
        add(f.closed_at, "refused")
    if f.returned_at is not None:
        add(f.returned_at, "returned", *(["returned_postal"] if f.result_channel == "postal" else []))
    if f.resolved_at is not None:
        add(f.resolved_at, "results", *(["electronic_results"] if f.electronic else []))
    return out


def _digital(f: Inputs, received_at: dt.datetime, out: dict[tuple[dt.date, str], int]) -> None:
    """The service index's counts of a received dossier, on the day of reception."""
    d = day(received_at)
    for m in ("digitised", "reused", "synced", "vneid"):
        if getattr(f, m):
            out[(d, m)] = out.get((d, m), 0) + 1
    for m in ("component_files", "files_from_store"):
        if getattr(f, m):
            out[(d, m)] = out.get((d, m), 0) + getattr(f, m)


def _finish_class(finish: dt.datetime, due: dt.datetime | None) -> tuple[str, ...]:
    """early: a calendar day before the due day; on time: the due day, by the due time; late: after it."""
    if due is None:
        return ()
    if day(finish) < day(due):
        return ("resolved_early",)
    if finish > due:
        return ("resolved_late",)
    return ("resolved_on_time",)


def is_open(f: Inputs, at: dt.datetime) -> bool:
    """Received before ``at`` and neither finished nor ended before it (the report's cohort)."""
    if f.received_at is None or f.received_at >= at:
        return False
    finish = f.finish_at
    if finish is not None and finish < at:
        return False
    return f.state not in ENDED or (f.closed_at is not None and f.closed_at >= at)


def conditions(f: Inputs, at: dt.datetime) -> tuple[int, ...]:
    """Each snapshot measure (1 or 0) at the moment ``at``, pauses read as of just before it."""
    if not is_open(f, at):
        return (0,) * len(SNAPSHOTS)
    last = None
    for action, moment in f.pauses:
        if moment < at:
            last = action, moment
    paused = last is not None and last[0] in PAUSING
    stopped_at = last[1] if last is not None and last[0] == CLOCK_STOPPING else None
    due = f.due_at
    if due is None:
        return (1, int(paused), 0, 0, 0, 0, 0, 0)
    if stopped_at is not None:
        held = int(stopped_at < due)
        return (1, int(paused), held, int(stopped_at >= due), 0, 0, held * f.strict, 0)
    not_due = int(due >= at)
    return (1, int(paused), 0, 0, int(due < at), not_due, 0, not_due * f.strict)


def snapshots(f: Inputs) -> dict[tuple[dt.date, str], int]:
    """+1/-1 on the days whose midnight changes a condition (only the moments of ``f`` can)."""
    moments: Iterable[dt.datetime | None] = (f.received_at, f.finish_at, f.closed_at, f.due_at, *(m for _a, m in f.pauses))
    days = sorted({day(m) + dt.timedelta(days=1) for m in moments if m is not None})
    out: dict[tuple[dt.date, str], int] = {}
    before = (0,) * len(SNAPSHOTS)
    for d in days:
        now = conditions(f, midnight(d))
        for name, old, new in zip(SNAPSHOTS, before, now, strict=True):
            if new != old:
                out[(d, name)] = new - old
        before = now
    return out


def contributions(f: Inputs) -> dict[tuple[dt.date, str], int]:
    return {**flows(f), **snapshots(f)}
