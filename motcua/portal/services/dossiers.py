"""The applicant's own dossier: supplement, withdrawal, the electronic result, rating; the actions offered to them."""

from __future__ import annotations

import contextlib

from django.db import transaction

from motcua.dossiers import machine
from motcua.dossiers import services as dossier_services
from motcua.dossiers.choices import Channel, State
from motcua.dossiers.errors import DossierError, Invalid, NotFound
from motcua.dossiers.models import Dossier, DossierFile

from ..models import RatingCriterion


# --------------------------------------------------------------------------- the applicant's dossier
def owned_dossier(user, ref) -> Dossier:
    """The dossier if ``user`` owns it; NotFound otherwise (never revealing that it exists)."""
    d = Dossier.objects.filter(public_id=ref, owner=user).first() if getattr(user, "is_authenticated", False) else None
    if d is None:
        raise NotFound("Không tìm thấy hồ sơ.", "Dossier not found.")
    return d


@transaction.atomic
def send_supplement(user, ref, *, uploads: list, note: str, expected_version: int | None = None) -> Dossier:
    """The applicant answers a supplement request (the clock resumes now) or completes a
    dossier guided at reception (it goes back to the reception queue)."""
    d = owned_dossier(user, ref)
    if d.state not in (State.SUPPLEMENT_REQUESTED, State.GUIDED):
        raise Invalid("Hồ sơ không ở trạng thái chờ bổ sung.", "The dossier is not waiting for a supplement.")
    if not uploads and not (note or "").strip():
        raise Invalid("Cần tải lên tệp bổ sung hoặc ghi nội dung bổ sung.", "Upload a file or write what is supplied.")
    for upload in uploads:
        d = dossier_services.attach_file(
            d,
            upload,
            actor=user,
            kind=DossierFile.Kind.COMPONENT,
            by_applicant=True,
            expected_version=expected_version,
            note=f"Người nộp bổ sung: {getattr(upload, 'name', '')}"[:1000],
        )
        expected_version = None
    action = "supplement_received" if d.state == State.SUPPLEMENT_REQUESTED else "resubmit"
    return dossier_services.perform(
        d,
        action,
        actor=user,
        by_applicant=True,
        expected_version=expected_version,
        note=(note or "Người nộp bổ sung hồ sơ trên cổng dịch vụ công")[:1000],
    )


@transaction.atomic
def withdraw(user, ref, *, reason: str) -> Dossier:
    d = owned_dossier(user, ref)
    return dossier_services.perform(
        d, "withdraw", actor=user, by_applicant=True, reason=reason or "Người nộp rút hồ sơ trên cổng dịch vụ công"
    )


def result_file(user, ref, file_id: int) -> DossierFile:
    """A file of the applicant's own dossier: their components at any time, the result once it
    is ready. Fetching an electronic result records its return online (national code 10)."""
    d = owned_dossier(user, ref)
    row = DossierFile.objects.filter(dossier=d, pk=file_id).exclude(kind=DossierFile.Kind.OTHER).first()
    if row is None or (row.kind == DossierFile.Kind.RESULT and d.state not in (State.RESOLVED, State.RETURNED)):
        raise NotFound("Không tìm thấy tệp.", "File not found.")
    if row.kind == DossierFile.Kind.RESULT and d.state == State.RESOLVED and d.result_channel == Channel.ONLINE:
        with contextlib.suppress(DossierError):  # returned meanwhile by another download: the file is still theirs
            dossier_services.perform(
                d, "return_result", actor=user, by_applicant=True, channel=Channel.ONLINE, note="Người nộp tải kết quả điện tử"
            )
    return row


def criteria() -> list[RatingCriterion]:
    return list(RatingCriterion.objects.filter(is_active=True))


@transaction.atomic
def rate(user, ref, *, scores: dict[str, int], comment: str = "") -> Dossier:
    """The satisfaction rating over the active criteria (each 1-5); the overall score is the
    'overall' criterion when it is rated, else the rounded mean."""
    d = owned_dossier(user, ref)
    active = {c.code for c in criteria()}
    clean = {k: v for k, v in scores.items() if k in active}
    if set(clean) != active or any(not isinstance(v, int) or not 1 <= v <= 5 for v in clean.values()):
        raise Invalid(
            "Hãy chấm từ 1 đến 5 điểm cho mỗi tiêu chí.", "Score every criterion from 1 to 5.", {"criteria": sorted(active - set(clean))}
        )
    overall = clean.get("overall") or round(sum(clean.values()) / len(clean))
    return dossier_services.perform(d, "rate", actor=user, by_applicant=True, score=overall, criteria=clean, comment=(comment or "")[:1000])


def applicant_actions(d: Dossier) -> list[str]:
    """What the owner may do now on the portal."""
    actions = []
    if d.state in (State.SUPPLEMENT_REQUESTED, State.GUIDED):
        actions.append("supplement")
    if "withdraw" in machine.allowed_actions(d.state) and d.state not in (State.RESOLVED,):
        actions.append("withdraw")
    if d.state == State.RETURNED and d.rated_at is None:
        actions.append("rate")
    return actions
