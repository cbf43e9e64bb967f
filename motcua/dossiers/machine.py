"""The dossier state machine (docs/rules.md sections 1-2): pure data, no ORM.

Every internal state maps to exactly one of the national portal's ten status codes. The
transitions are those the actions declare (``actions.ACTIONS``): the states each may start
from and the state it leads to (``None``: unchanged). The services module enforces this
table; nothing else changes a dossier's state.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import get_language

from . import actions as declared
from .choices import State

NATIONAL_CODE: dict[str, int] = {
    State.SUBMITTED: 1,
    State.GUIDED: 1,
    State.RECEIVED: 2,
    State.REFUSED: 3,
    State.PROCESSING: 4,
    State.SUPPLEMENT_REQUESTED: 5,
    State.AWAITING_PAYMENT: 6,
    State.WITHDRAWN: 7,
    State.STOPPED: 8,
    State.RESOLVED: 9,
    State.RETURNED: 10,
}
NATIONAL_LABEL = {
    1: "Mới đăng ký",
    2: "Được tiếp nhận",
    3: "Không được tiếp nhận",
    4: "Đang xử lý",
    5: "Yêu cầu bổ sung giấy tờ",
    6: "Yêu cầu thực hiện nghĩa vụ tài chính",
    7: "Công dân yêu cầu rút hồ sơ",
    8: "Dừng xử lý",
    9: "Đã xử lý xong",
    10: "Đã trả kết quả",
}
NATIONAL_LABEL_EN = {
    1: "Newly registered",
    2: "Received",
    3: "Not received",
    4: "Being processed",
    5: "Supplement requested",
    6: "Payment requested",
    7: "Withdrawn by the citizen",
    8: "Processing stopped",
    9: "Processed",
    10: "Result returned",
}


def national_screen_label(code: int) -> str:
    """The national status on a screen, in its language (the API and the portal keep the
    official Vietnamese label)."""
    return NATIONAL_LABEL_EN[code] if (get_language() or "").startswith("en") else NATIONAL_LABEL[code]


TERMINAL = frozenset({State.REFUSED, State.WITHDRAWN, State.STOPPED, State.RETURNED})
NOT_RECEIVED = frozenset({State.SUBMITTED, State.GUIDED, State.REFUSED})
IN_PROGRESS = declared.IN_PROGRESS
PAUSED = frozenset({State.SUPPLEMENT_REQUESTED, State.AWAITING_PAYMENT, State.STOPPED})
WORKING = declared.WORKING


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str]
    target: str | None  # None: the state does not change
    label_vi: str


TRANSITIONS: dict[str, Transition] = {a.name: Transition(a.name, a.sources, a.target, a.label_vi) for a in declared.ACTIONS.values()}
ACTIONS = tuple(TRANSITIONS)


def action_label(action: str) -> str:
    """The official name of an action (forms, the national portal)."""
    return declared.label(action)


def action_title(action: str) -> str:
    """The name of an action on a screen, in the screen's language."""
    return declared.screen_label(action)


class TransitionError(Exception):
    """The action is not allowed from the dossier's state."""

    def __init__(self, action: str, state: str, message_vi: str | None = None, message_en: str | None = None):
        self.action, self.state = action, state
        self.message_vi = (
            message_vi
            or f"Không thể «{TRANSITIONS[action].label_vi if action in TRANSITIONS else action}» khi hồ sơ đang ở trạng thái «{state}»."
        )
        self.message_en = message_en or f"Action {action!r} is not allowed in state {state!r}."
        super().__init__(self.message_vi)


def check(action: str, state: str) -> str:
    """The state after ``action`` from ``state``; raises TransitionError if not allowed."""
    if action not in TRANSITIONS:
        raise TransitionError(action, state, f"Thao tác «{action}» không tồn tại.", f"Unknown action {action!r}.")
    transition = TRANSITIONS[action]
    if state not in transition.sources:
        raise TransitionError(action, state)
    return transition.target or state


def allowed_actions(state: str) -> list[str]:
    return [a for a, t in TRANSITIONS.items() if state in t.sources]
