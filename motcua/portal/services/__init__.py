"""Writes of the public portal: applicant accounts and verification, drafts and submissions,
the applicant's own actions on a dossier (supplement, withdraw, receive the result, rate),
and feedback. Every dossier change still goes through ``dossiers.services``; this module only
checks that the applicant owns what they act on."""

from .dossiers import applicant_actions, criteria, owned_dossier, rate, result_file, send_supplement, withdraw
from .feedback import answer_feedback, file_feedback
from .identity import (
    PUBLIC_EVENTS,
    REFERENCE_ALPHABET,
    find_account,
    new_reference,
    oidc_account,
    register,
    send_code,
    update_profile,
    verify,
)
from .submissions import DraftOutcome, discard, offered, remove_file, reuse_stored, save_draft, send, start_submission

__all__ = [
    "DraftOutcome",
    "PUBLIC_EVENTS",
    "REFERENCE_ALPHABET",
    "answer_feedback",
    "applicant_actions",
    "criteria",
    "discard",
    "file_feedback",
    "find_account",
    "new_reference",
    "offered",
    "oidc_account",
    "owned_dossier",
    "rate",
    "register",
    "remove_file",
    "reuse_stored",
    "result_file",
    "save_draft",
    "send",
    "send_code",
    "send_supplement",
    "start_submission",
    "update_profile",
    "verify",
    "withdraw",
]
