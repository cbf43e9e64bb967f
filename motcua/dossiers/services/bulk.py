"""The same action on many dossiers at once (assign, forward), each checked as alone, all or nothing."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from ..errors import Conflict, Forbidden, Invalid, NotFound
from ..selectors import visible_dossiers
from .perform import perform

# --------------------------------------------------------------------------- bulk actions
BULK_ACTIONS = ("assign", "forward")
NOT_FOUND_VI = "Không tìm thấy hồ sơ."
BULK_LIMIT = 200


@dataclass
class BulkOutcome:
    applied: bool
    ok: list[tuple[int, str]] = field(default_factory=list)  # (id, code)
    conflicts: list[tuple[int, str, str]] = field(default_factory=list)  # (id, code, message)


class _Rollback(Exception):
    pass


def bulk_perform(items: list[tuple[int, int]], action: str, *, actor, dry_run: bool = False, **params) -> BulkOutcome:
    """Run ``action`` on every (dossier id, version seen by the officer) pair, all or nothing:
    if any dossier changed meanwhile or refuses the action, nothing is applied and every
    conflict is reported. ``dry_run`` checks everything and applies nothing (the preview)."""
    if action not in BULK_ACTIONS:
        raise Invalid("Chỉ phân công hoặc chuyển bước hàng loạt.", f"Bulk actions are {', '.join(BULK_ACTIONS)}.")
    if not items:
        raise Invalid("Chưa chọn hồ sơ nào.", "No dossier selected.")
    if len(items) > BULK_LIMIT:
        raise Invalid(f"Tối đa {BULK_LIMIT} hồ sơ mỗi lần.", f"At most {BULK_LIMIT} dossiers at once.")
    outcome = BulkOutcome(applied=False)
    # Scope first: a dossier outside the officer's agencies is "not found" like a missing one
    # (its code is not shown, its row is not locked, its state and version are not looked at).
    codes = dict(visible_dossiers(actor).filter(pk__in=[i for i, _ in items]).values_list("pk", "code"))
    try:
        with transaction.atomic():
            for pk, version in sorted(set(items)):  # one lock order for everyone: no deadlocks
                code = codes.get(pk) or str(pk)
                if pk not in codes:
                    outcome.conflicts.append((pk, code, NOT_FOUND_VI))
                    continue
                try:
                    d = perform(pk, action, actor=actor, expected_version=version, **params)
                    outcome.ok.append((pk, d.code or code))
                except (Invalid, Conflict, Forbidden, NotFound) as exc:
                    outcome.conflicts.append((pk, code, exc.message_vi))
            if outcome.conflicts or dry_run:
                raise _Rollback
            outcome.applied = True
    except _Rollback:
        pass
    return outcome
