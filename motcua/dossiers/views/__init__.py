"""The counter and back-office screens: reception, work queues, the dossier page with its
action dialogs (htmx), printable forms, files and the register. Thin: the services decide."""

from .accesses import accesses, recent_outside_work
from .common import STAFF_ROLES
from .counter import APPLICANT_FIELDS, counter, counter_applicant, counter_chip_card, counter_procedures
from .detail import action, actions_for, digitise, dossier_detail, file_download, sign_result, upload
from .legacy import LEGACY_MAX_MB, legacy_import
from .queues import bulk, work
from .track import lookup_context, track
from .versions import version_moves, versions

__all__ = [
    "accesses",
    "recent_outside_work",
    "APPLICANT_FIELDS",
    "LEGACY_MAX_MB",
    "STAFF_ROLES",
    "action",
    "actions_for",
    "bulk",
    "counter",
    "counter_applicant",
    "counter_chip_card",
    "counter_procedures",
    "digitise",
    "dossier_detail",
    "file_download",
    "legacy_import",
    "lookup_context",
    "sign_result",
    "track",
    "upload",
    "version_moves",
    "versions",
    "work",
]
