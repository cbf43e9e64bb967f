"""Reform screens: the rounds, a unit's scorecard (self-assessment with evidence, the council's
appraisal on the same page), the council's appraisal queue, rankings with a chart and their
exports, frameworks (Excel import and export), inspection plans, visits and their report, and
the status of every remediation task. Every write goes through ``services``; a refused one
answers its 4xx with the page and the reason."""

from .common import XLSX
from .frameworks import framework_detail, frameworks
from .inspections import inspection, plan, remediation
from .rankings import rankings
from .rounds import index, queue, round_detail
from .scorecards import assessment, evidence

__all__ = [
    "XLSX",
    "assessment",
    "evidence",
    "framework_detail",
    "frameworks",
    "index",
    "inspection",
    "plan",
    "queue",
    "rankings",
    "remediation",
    "round_detail",
]
