"""Feedback (phản ánh, kiến nghị) with its own deadline, answered by the unit, published or not."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from motcua.accounts.selectors import in_scope
from motcua.calendars.engine import Duration, Unit
from motcua.calendars.selectors import engine_for
from motcua.core.choices import AuditCategory
from motcua.core.services import record_event
from motcua.dossiers import effects
from motcua.dossiers.choices import OPERATIONAL_ROLES
from motcua.dossiers.errors import Forbidden, Invalid
from motcua.notifications import services as notifications
from motcua.organisations.models import Agency

from ..choices import FeedbackState, Visibility
from ..models import Feedback, FeedbackCategory
from .dossiers import owned_dossier
from .identity import _clean_identifiers, new_reference


# --------------------------------------------------------------------------- feedback
@transaction.atomic
def file_feedback(
    *, author, category_code: str, name: str, email: str, phone: str, title: str, content: str, agency_code: str = "", dossier_ref=None
) -> Feedback:
    """Record a feedback or complaint, routed to the dossier's agency (or the one chosen), due
    after the category's working days on that agency's calendar."""
    category = FeedbackCategory.objects.filter(code=category_code, is_active=True).first()
    if category is None:
        raise Invalid("Chọn loại phản ánh, kiến nghị.", "Choose a feedback category.", {"category": "required"})
    name, title, content = " ".join((name or "").split()), " ".join((title or "").split()), (content or "").strip()
    if not name or len(name) > 150 or not title or len(title) > 200 or not content or len(content) > 5000:
        raise Invalid("Cần họ tên (≤150 ký tự), tiêu đề (≤200) và nội dung (≤5000).", "name, title and content are required.")
    email, phone = _clean_identifiers(email, phone)
    dossier = None
    agency: Agency | None
    if dossier_ref:
        dossier = owned_dossier(author, dossier_ref)
        agency = dossier.receiving_agency
    else:
        agency = Agency.objects.filter(code=agency_code or "", is_active=True).first()
        if agency is None:
            raise Invalid("Chọn cơ quan nhận phản ánh, kiến nghị.", "Choose the agency.", {"agency": "required"})
    now = timezone.now()
    due = engine_for(agency).compute_due(now, Duration(category.due_working_days, Unit.WORKING_DAYS), explain=False).due_at
    fb = Feedback.objects.create(
        reference=new_reference("PA"),
        category=category,
        author=author if getattr(author, "is_authenticated", False) else None,
        author_name=name,
        email=email,
        phone=phone,
        dossier=dossier,
        agency=agency,
        title=title,
        content=content,
        submitted_at=now,
        due_at=due,
    )
    record_event(actor=fb.author, category=AuditCategory.DOSSIER, action="feedback.filed", obj=fb, agency=agency, summary=fb.reference)
    if dossier is not None:
        effects.changed([dossier.pk])  # a complaint about a finished dossier counts against its satisfaction (the service index)
    return fb


@transaction.atomic
def answer_feedback(fb: Feedback, *, actor, answer: str, visibility: str) -> Feedback:
    fb = Feedback.objects.select_for_update().get(pk=fb.pk)
    if not in_scope(actor, fb.agency, OPERATIONAL_ROLES):
        raise Forbidden("Bạn không có quyền trả lời phản ánh này.", "You may not answer this feedback.")
    if fb.state == FeedbackState.ANSWERED:
        raise Invalid("Phản ánh đã được trả lời.", "Already answered.")
    answer = (answer or "").strip()
    if not answer or len(answer) > 5000 or visibility not in Visibility.values:
        raise Invalid("Cần nội dung trả lời (tối đa 5000 ký tự) và chế độ công khai.", "answer and visibility are required.")
    fb.answer, fb.visibility, fb.state, fb.answered_at, fb.answered_by = answer, visibility, FeedbackState.ANSWERED, timezone.now(), actor
    fb.save()
    record_event(actor=actor, category=AuditCategory.DOSSIER, action="feedback.answered", obj=fb, agency=fb.agency, summary=fb.reference)
    notifications.queue_both(
        key=f"feedback:{fb.pk}:answer",
        email=fb.email or (fb.author.email if fb.author else ""),
        phone=fb.phone,
        template_key="feedback.answered",
        context={
            "name": fb.author_name,
            "reference": fb.reference,
            "title": fb.title,
            "answer": answer,
            "agency": fb.agency.name,
            "agency_short": fb.agency.short_name or fb.agency.name,
            "portal_url": notifications.public_url("/portal/feedback/"),
        },
        user=fb.author,
    )
    return fb
