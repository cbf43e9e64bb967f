"""The dossier API's answers: a dossier for staff (with its steps and events) and the public
lookup's view of it."""

import datetime as dt
from typing import Any

from ninja import Schema
from pydantic import Field as F

from motcua.core.schemas import IsoDateTime


class EventOut(Schema):
    seq: int
    action: str
    at: IsoDateTime
    actor: str
    agency: str | None
    from_state: str
    to_state: str
    from_step: int | None
    to_step: int | None
    from_agency: str | None
    to_agency: str | None
    note: str
    data: dict[str, Any]


class DossierStepOut(Schema):
    position: int
    name: str
    kind: str
    agency: str
    assignee: str | None
    started_at: dt.datetime
    ended_at: dt.datetime | None
    quota_minutes: int | None
    used_minutes: int | None
    status: str
    parallel_group: int | None = F(None, description="The route's parallel group: steps of one group run at once, each at its agency.")
    accepted_at: dt.datetime | None = F(None, description="When the agency of a parallel step accepted it.")


class DossierOut(Schema):
    code: str | None
    national_code: str | None = F(None, description="The national portal's code of a dossier submitted there (docs/rules.md section 7.1)")
    public_id: str
    lookup_secret: str
    status: str
    national_status: int
    national_status_label: str
    procedure: str
    procedure_version: int
    receiving_agency: str
    competent_agency: str
    current_agency: str
    current_step: int
    current_assignee: str | None
    channel: str
    applicant_name: str
    applicant_id_number: str
    submitted_at: dt.datetime
    received_at: dt.datetime | None
    due_at: dt.datetime | None
    appointment_at: dt.datetime | None
    resolved_at: dt.datetime | None
    returned_at: dt.datetime | None
    result_channel: str
    supplement_count: int
    apology_count: int
    version: int
    allowed_actions: list[str]
    time_class: str | None = F(
        None,
        description="early | on_time | late once finished; not_due | nearly_due | overdue | paused while open; "
        "null before reception or when ended without a result (the rule: docs/rules.md section 5.3).",
    )
    at_risk: bool = F(
        False,
        description="Open, not overdue, and the work its route still needs by the steps' quotas no longer fits "
        "in the office time left (docs/rules.md section 5.3).",
    )
    risk_step: str | None = F(None, description="When at risk: the step that does not fit.")


class DossierDetail(DossierOut):
    components: list[dict[str, Any]]
    steps: list[DossierStepOut]
    events: list[EventOut]


class PublicStep(Schema):
    name: str
    agency: str
    started_at: dt.datetime
    ended_at: dt.datetime | None


class PublicAccessOut(Schema):
    at: dt.datetime
    agency: str
    what: str = F(..., description="What was opened: the dossier, one of its files, a form, the dossier through the API")


class PublicDossier(Schema):
    code: str
    procedure: str
    applicant_initials: str
    receiving_agency: str
    status: str
    national_status: int
    national_status_label: str
    received_at: dt.datetime | None
    due_at: dt.datetime | None
    appointment_at: dt.datetime | None
    resolved_at: dt.datetime | None
    returned_at: dt.datetime | None
    steps: list[PublicStep]
    accesses: list[PublicAccessOut] = F(..., description="Each time the staff opened the dossier, newest first (docs/rules.md §10)")
