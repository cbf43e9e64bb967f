"""A procedure version as plain data (the catalogue edits, imports and checks it before any row is written), and its time arithmetic."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal

from motcua.calendars.engine import Duration, Unit

from ..choices import (
    ApplicantType,
    CompetenceLevel,
    CrossBoundary,
    FeeKind,
    FeeUnit,
    OnlineLevel,
    ProcedureStatus,
    Requirement,
    ResultForm,
    StepUnit,
    TimeUnit,
)

PROCEDURE_CODE = re.compile(r"^\d\.\d{6}$")
# A working day counts as this many office hours when step quotas in hours and procedure
# times in days are compared (catalog quota check only; due times use the real office hours).
HOURS_PER_WORKING_DAY = Decimal(8)


@dataclass(frozen=True)
class LegalBasisSpec:
    number: str
    title: str
    issued_on: dt.date | None = None
    issuer: str = ""


@dataclass(frozen=True)
class FeeSpec:
    """A fee of the procedure: ``amount`` per ``unit`` (a dossier, a copy or a page); with
    ``first_units`` and ``next_amount``, the units after the first ones cost ``next_amount``;
    ``max_amount`` caps a copy (per-page fees); ``online_amount`` applies to an online submission.
    ``exemption`` names who is exempt or pays less (the officer applies it, with the ground)."""

    name: str
    amount: int
    kind: str = FeeKind.FEE
    exemption: str = ""
    unit: str = FeeUnit.DOSSIER
    first_units: int | None = None
    next_amount: int | None = None
    max_amount: int | None = None
    online_amount: int | None = None


@dataclass(frozen=True)
class ComponentSpec:
    name: str
    originals: int = 0
    certified_copies: int = 0
    copies: int = 0
    requirement: str = Requirement.MANDATORY
    condition: str = ""


@dataclass(frozen=True)
class ResultSpec:
    name: str
    form: str = ResultForm.PAPER


@dataclass(frozen=True)
class StepSpec:
    name: str
    kind: str
    role: str
    performer: str
    duration_value: Decimal
    duration_unit: str = StepUnit.WORKING_HOURS
    agency: str = ""
    parallel_group: int | None = None


@dataclass(frozen=True)
class RouteSpec:
    steps: tuple[StepSpec, ...]
    receiving_agency: str = ""


@dataclass(frozen=True)
class ProcedureSpec:
    code: str
    name: str
    field_code: str
    statutory_value: Decimal
    statutory_unit: str
    levels: tuple[str, ...] = (CompetenceLevel.COMMUNE,)
    applicant_types: tuple[str, ...] = (ApplicantType.CITIZEN,)
    competent_agencies: tuple[str, ...] = ()
    receiving_agencies: tuple[str, ...] = ()
    reduced_value: Decimal | None = None
    reduced_unit: str = ""
    same_day_cutoff: dt.time | None = None
    online_level: str = OnlineLevel.NONE
    postal_allowed: bool = False
    cross_boundary: str = CrossBoundary.NONE
    status: str = ProcedureStatus.PUBLISHED
    description: str = ""
    requirements: str = ""
    legal_basis: tuple[LegalBasisSpec, ...] = ()
    fees: tuple[FeeSpec, ...] = ()
    components: tuple[ComponentSpec, ...] = ()
    results: tuple[ResultSpec, ...] = ()
    routes: tuple[RouteSpec, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Issue:
    path: tuple[str | int, ...]
    message_vi: str
    message_en: str
    reference: bool = False  # names a field or agency that does not exist

    def __str__(self) -> str:
        return f"{'.'.join(map(str, self.path))}: {self.message_vi}"


def applicable_duration(spec) -> Duration:
    """The time a dossier gets: the local reduced time when there is one, else the statutory one.
    ``spec`` is a ProcedureSpec or a ProcedureVersion (same field names). Raises EngineError
    (or ValueError for an unknown unit) when the values are not a valid duration."""
    if spec.reduced_value is not None and spec.reduced_unit:
        value, unit = spec.reduced_value, spec.reduced_unit
    else:
        value, unit = spec.statutory_value, spec.statutory_unit
    cutoff = spec.same_day_cutoff if unit == TimeUnit.SAME_DAY else None
    return Duration(float(value), Unit(unit), cutoff)


def hours_equivalent(value: Decimal | float, unit: str, hours_per_day: Decimal = HOURS_PER_WORKING_DAY) -> Decimal:
    """Office hours a duration stands for, for comparing quotas with procedure times. Calendar
    days and months are counted at their minimum share of working days (5 in 7; 30 days a month)."""
    value = Decimal(str(value))
    if unit == TimeUnit.WORKING_HOURS:
        return value
    if unit == TimeUnit.WORKING_DAYS:
        return value * hours_per_day
    if unit == TimeUnit.SAME_DAY:
        return hours_per_day
    if unit == TimeUnit.CALENDAR_DAYS:
        return value * 5 / 7 * hours_per_day
    if unit == TimeUnit.MONTHS:
        return value * 30 * 5 / 7 * hours_per_day
    raise ValueError(unit)


def route_hours(route: RouteSpec, hours_per_day: Decimal = HOURS_PER_WORKING_DAY) -> Decimal:
    """Total quota of a route: sequential steps add up; a parallel group counts its longest step."""
    total = Decimal(0)
    groups: dict[int, Decimal] = {}
    for step in route.steps:
        hours = hours_equivalent(step.duration_value, step.duration_unit, hours_per_day)
        if step.parallel_group is None:
            total += hours
        else:
            groups[step.parallel_group] = max(groups.get(step.parallel_group, Decimal(0)), hours)
    return total + sum(groups.values(), Decimal(0))


def field_names(spec_class) -> tuple[str, ...]:
    """The fields of a part of the spec (a fee, a component...): one list for the rows that store
    it, the API that shows it and the workbook that carries it."""
    return tuple(f.name for f in dataclasses.fields(spec_class))
