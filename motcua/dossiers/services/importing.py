"""Dossiers brought in from a former system: each replayed through the same actions, all or nothing."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from ..choices import Channel
from ..errors import Conflict, Forbidden, Invalid, NotFound
from ..models import Dossier
from .intake import receive_at_counter
from .perform import perform


# --------------------------------------------------------------------------- import
@dataclass
class ImportOutcome:
    code: str
    status: str  # created | exists | rejected
    message: str = ""
    message_en: str = ""
    dossier: Dossier | None = None
    event_index: int | None = None  # the event of the timeline that was refused (from 0)


def import_dossier(data: dict, *, actor) -> ImportOutcome:
    """Replay a legacy dossier's timeline through the same actions at the given times.
    Idempotent on the code; a timeline that breaks a rule keeps nothing."""
    code = str(data.get("code") or "").strip()
    if not code or len(code) > 40:
        return ImportOutcome(code, "rejected", "Thiếu mã hồ sơ (tối đa 40 ký tự).", "code is required (at most 40 characters).")
    if Dossier.objects.filter(code=code).exists():
        return ImportOutcome(code, "exists", "Hồ sơ đã được chuyển đổi trước đó.", "Already imported.", Dossier.objects.get(code=code))
    failed_at: int | None = None
    try:
        with transaction.atomic():
            d = receive_at_counter(
                actor=actor,
                procedure_code=str(data.get("procedure") or ""),
                receiving_agency_code=str(data.get("receiving_agency") or ""),
                applicant=data["applicant"],
                channel=data.get("channel") or Channel.COUNTER,
                components=data.get("components"),
                competent_agency_code=str(data.get("competent_agency") or ""),
                at=data["received_at"],
                imported=True,
                code=code,
            )
            for i, event in enumerate(data.get("events") or []):
                params = {k: v for k, v in event.items() if k not in ("action", "at")}
                try:
                    d = perform(d, event["action"], actor=actor, at=event["at"], imported=True, **params)
                except (Invalid, Conflict, Forbidden) as exc:
                    failed_at = i
                    raise Invalid(
                        f"Sự kiện thứ {i + 1} ({event['action']}): {exc.message_vi}",
                        f"Event {i + 1} ({event['action']}): {exc.message_en}",
                        exc.detail,
                    ) from None
    except (Invalid, Conflict, Forbidden, NotFound) as exc:
        return ImportOutcome(code, "rejected", exc.message_vi, exc.message_en, event_index=failed_at)
    return ImportOutcome(code, "created", "Đã chuyển đổi.", "Imported.", d)


def import_many(items: list[dict], *, actor) -> tuple[list[ImportOutcome], bool]:
    """Several legacy dossiers, all or nothing: when any timeline is refused nothing is kept.
    Returns every dossier's outcome and whether the whole set was kept."""
    with transaction.atomic():
        outcomes = [import_dossier(item, actor=actor) for item in items]
        kept = all(o.status != "rejected" for o in outcomes)
        if not kept:
            transaction.set_rollback(True)
    return outcomes, kept
