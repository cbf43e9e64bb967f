"""Writes of the reform domain: self-assessment (until submitted), the appraisal council's
adjustments (never without a reason), survey scores, and the criteria pre-filled from the
one-stop data. Every score change appends a ScoreEvent."""

from ..choices import COUNCIL_ROLES, UNIT_ROLES
from .assessment import appraise, enter_survey, prefill, self_score, send_back, submit
from .evidence import EVIDENCE_KINDS, evidence_items, parse_value, save_leaf, store_evidence
from .frameworks import NodeRow, copy_framework, import_framework, node_rows
from .inspections import (
    AREA_LABELS,
    AREAS,
    clean_team,
    create_plan,
    record_inspection,
    reinspect,
    report_remediation,
    schedule_inspection,
    schedule_reinspection,
)
from .permissions import ReformError, is_council, is_unit, may_edit_frameworks
from .reminders import send_reminders
from .rounds import assessed_units, complete_appraisal, import_survey, open_round, publish_round

__all__ = [
    "AREAS",
    "AREA_LABELS",
    "COUNCIL_ROLES",
    "EVIDENCE_KINDS",
    "NodeRow",
    "ReformError",
    "UNIT_ROLES",
    "appraise",
    "assessed_units",
    "clean_team",
    "complete_appraisal",
    "copy_framework",
    "create_plan",
    "enter_survey",
    "evidence_items",
    "import_framework",
    "import_survey",
    "is_council",
    "is_unit",
    "may_edit_frameworks",
    "node_rows",
    "open_round",
    "parse_value",
    "prefill",
    "publish_round",
    "record_inspection",
    "reinspect",
    "report_remediation",
    "save_leaf",
    "schedule_inspection",
    "schedule_reinspection",
    "self_score",
    "send_back",
    "send_reminders",
    "store_evidence",
    "submit",
]
