"""Portal views: thin wrappers over ``services`` and ``selectors``. Every page that shows a
dossier or a file checks ownership through ``services.owned_dossier``: a guessed URL of
someone else's dossier answers 404, exactly like one that does not exist."""

from .accounts import PortalLogin, home, logout, profile, register, verify
from .common import applicant_required
from .dossier import dossier, dossier_file, rate, supplement, withdraw
from .feedback import feedback_answer, feedback_detail, feedback_list, feedback_manage, feedback_new
from .kiosk import kiosk, kiosk_procedure, kiosk_procedures, kiosk_track
from .submission import draft, draft_file_delete, draft_reuse, mine, start

__all__ = [
    "PortalLogin",
    "applicant_required",
    "dossier",
    "dossier_file",
    "draft",
    "draft_file_delete",
    "draft_reuse",
    "feedback_answer",
    "feedback_detail",
    "feedback_list",
    "feedback_manage",
    "feedback_new",
    "home",
    "kiosk",
    "kiosk_procedure",
    "kiosk_procedures",
    "kiosk_track",
    "logout",
    "mine",
    "profile",
    "rate",
    "register",
    "start",
    "supplement",
    "verify",
    "withdraw",
]
