"""Reads of the public portal. An applicant reads only what they own; officers read the
feedback of the agencies in their scope."""

from __future__ import annotations

from django.db.models import QuerySet

from motcua.accounts.selectors import scope_by_agency
from motcua.dossiers.choices import OPERATIONAL_ROLES
from motcua.dossiers.models import Dossier
from motcua.records import selectors as records
from motcua.records.models import StoredDocument

from .choices import FeedbackState, SubmissionState, Visibility
from .models import Feedback, Submission


def is_applicant(user) -> bool:
    return getattr(user, "is_authenticated", False) and hasattr(user, "applicant")


def my_dossiers(user) -> QuerySet[Dossier]:
    return Dossier.objects.filter(owner=user).select_related("procedure", "receiving_agency").order_by("-submitted_at", "-id")


def my_drafts(user) -> QuerySet[Submission]:
    return Submission.objects.filter(owner=user, state=SubmissionState.DRAFT).select_related("procedure").order_by("-updated_at")


def my_draft(user, pk: int) -> Submission | None:
    return Submission.objects.filter(owner=user, pk=pk, state=SubmissionState.DRAFT).select_related("procedure", "receiving_agency").first()


def proven_id_number(user) -> str:
    """The ID number the applicant's identity provider (VNeID) vouched for; "" for an account
    whose number is only typed in (docs/rules.md section 1.2: the store opens to the owner only)."""
    profile = getattr(user, "applicant", None)
    return profile.id_number if profile is not None and profile.oidc_subject and profile.id_number else ""


def reuse_offers(user, row: Submission, components) -> dict[str, StoredDocument]:
    """The stored copies offered on a draft, by folded component name: components without a
    file yet, from the store of the account's proven ID number, when the draft is for that
    same applicant (or names none yet)."""
    owner = proven_id_number(user)
    if not owner or (row.applicant or {}).get("id_number", "") not in ("", owner):
        return {}
    given = {f.component for f in row.files.all()}
    return records.latest_for(owner, [c.name for c in components if c.name not in given])


def public_answers() -> QuerySet[Feedback]:
    return (
        Feedback.objects.filter(state=FeedbackState.ANSWERED, visibility=Visibility.PUBLIC)
        .select_related("agency", "category")
        .order_by("-answered_at")
    )


def my_feedback(user) -> QuerySet[Feedback]:
    return Feedback.objects.filter(author=user).select_related("agency", "category").order_by("-submitted_at")


def feedback_for_staff(user, *, state: str = "") -> QuerySet[Feedback]:
    qs = scope_by_agency(Feedback.objects.select_related("agency", "category", "dossier"), user, field="agency", roles=OPERATIONAL_ROLES)
    if state in FeedbackState.values:
        qs = qs.filter(state=state)
    return qs.order_by("state", "due_at")
