"""Reads of the public portal. An applicant reads only what they own; officers read the
feedback of the agencies in their scope."""

from __future__ import annotations

from django.db.models import QuerySet

from motcua.accounts.selectors import scope_by_agency
from motcua.dossiers.choices import OPERATIONAL_ROLES
from motcua.dossiers.models import Dossier

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
