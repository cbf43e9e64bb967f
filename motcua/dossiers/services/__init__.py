"""Dossier actions: the only way a dossier changes.

Every action runs in one transaction: it locks the dossier row, checks the caller's version
(stale: 409), the state machine (not allowed: 409) and the caller's permission (403), applies
the change, appends one event to the control sheet and schedules side effects after commit.
Anything that fails rolls back everything, so no dossier is ever half-written."""

from .access import PLACES, clean_reason, reason_label, record_access, working_on
from .bulk import BULK_ACTIONS, BULK_LIMIT, NOT_FOUND_VI, BulkOutcome, bulk_perform
from .digitise import MAX_PAGES, digitise_component, digitised_name, reuse_document
from .events import apply_recomputed_due, lock_for_event, record_event, record_postal
from .files import attach_file, sign_result, store_file
from .importing import ImportOutcome, import_dossier, import_many
from .inputs import FUTURE_TOLERANCE, OPERATIONAL, SECRET_ALPHABET, Applicant, Ctx, VersionFacts, clean_applicant, clean_components, facts
from .intake import decline_at_counter, receive_at_counter, submit
from .numbering import CODE_ATTEMPTS, REGISTER_SERIES, guidance_number, new_secret, next_code, next_number, register_number
from .perform import HANDLERS, perform
from .permissions import BRANCH_REFUSALS, PERMISSIONS, TRANSFER_REFUSALS, available, may, open_branches, stage_refusal, transfer_stage
from .steps import group_span, next_steps, proposed_appointment, recompute_risks
from .versions import MOVABLE, MovePreview, keep_version, move_to_version, preview_move

__all__ = [
    "MAX_PAGES",
    "MOVABLE",
    "MovePreview",
    "keep_version",
    "move_to_version",
    "preview_move",
    "PLACES",
    "clean_reason",
    "reason_label",
    "record_access",
    "working_on",
    "Applicant",
    "BRANCH_REFUSALS",
    "BULK_ACTIONS",
    "BULK_LIMIT",
    "BulkOutcome",
    "CODE_ATTEMPTS",
    "Ctx",
    "FUTURE_TOLERANCE",
    "HANDLERS",
    "ImportOutcome",
    "NOT_FOUND_VI",
    "OPERATIONAL",
    "PERMISSIONS",
    "REGISTER_SERIES",
    "SECRET_ALPHABET",
    "TRANSFER_REFUSALS",
    "VersionFacts",
    "apply_recomputed_due",
    "attach_file",
    "available",
    "bulk_perform",
    "clean_applicant",
    "clean_components",
    "decline_at_counter",
    "digitise_component",
    "digitised_name",
    "facts",
    "group_span",
    "guidance_number",
    "import_dossier",
    "import_many",
    "lock_for_event",
    "may",
    "new_secret",
    "next_code",
    "next_number",
    "next_steps",
    "open_branches",
    "perform",
    "proposed_appointment",
    "recompute_risks",
    "receive_at_counter",
    "record_event",
    "record_postal",
    "reuse_document",
    "register_number",
    "stage_refusal",
    "sign_result",
    "store_file",
    "submit",
    "transfer_stage",
]
