"""The dossier state machine (docs/rules.md sections 1-2): pure data, no ORM.

Every internal state maps to exactly one of the national portal's ten status codes. Each
action lists the states it may start from and the state it leads to (``None``: unchanged).
The services module enforces this table; nothing else changes a dossier's state.
"""

from __future__ import annotations

from dataclasses import dataclass

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
    1: "Mới đăng ký", 2: "Được tiếp nhận", 3: "Không được tiếp nhận", 4: "Đang xử lý", 5: "Yêu cầu bổ sung giấy tờ",
    6: "Yêu cầu thực hiện nghĩa vụ tài chính", 7: "Công dân yêu cầu rút hồ sơ", 8: "Dừng xử lý", 9: "Đã xử lý xong", 10: "Đã trả kết quả",
}
TERMINAL = frozenset({State.REFUSED, State.WITHDRAWN, State.STOPPED, State.RETURNED})
NOT_RECEIVED = frozenset({State.SUBMITTED, State.GUIDED, State.REFUSED})
IN_PROGRESS = frozenset({State.RECEIVED, State.PROCESSING, State.SUPPLEMENT_REQUESTED, State.AWAITING_PAYMENT})
PAUSED = frozenset({State.SUPPLEMENT_REQUESTED, State.AWAITING_PAYMENT, State.STOPPED})
WORKING = frozenset({State.RECEIVED, State.PROCESSING})


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str]
    target: str | None  # None: the state does not change
    label_vi: str


def _t(action: str, sources, target, label: str) -> Transition:
    return Transition(action, frozenset(sources), target, label)


TRANSITIONS: dict[str, Transition] = {t.action: t for t in (
    _t("submit", (), State.SUBMITTED, "Nộp hồ sơ"),
    _t("receive", {State.SUBMITTED, State.GUIDED}, State.RECEIVED, "Tiếp nhận hồ sơ"),
    _t("guide", {State.SUBMITTED, State.GUIDED}, State.GUIDED, "Hướng dẫn bổ sung, hoàn thiện hồ sơ"),
    _t("refuse", {State.SUBMITTED, State.GUIDED}, State.REFUSED, "Từ chối tiếp nhận"),
    _t("resubmit", {State.GUIDED}, State.SUBMITTED, "Nộp lại hồ sơ đã hoàn thiện"),
    _t("assign", WORKING, State.PROCESSING, "Phân công xử lý"),
    _t("forward", WORKING, State.PROCESSING, "Chuyển bước tiếp theo"),
    _t("send_back", {State.PROCESSING}, State.PROCESSING, "Trả lại bước trước"),
    _t("transfer_out", WORKING, State.PROCESSING, "Chuyển liên thông"),
    _t("transfer_in", {State.PROCESSING}, State.PROCESSING, "Nhận lại hồ sơ liên thông"),
    _t("request_supplement", WORKING, State.SUPPLEMENT_REQUESTED, "Yêu cầu bổ sung hồ sơ"),
    _t("supplement_received", {State.SUPPLEMENT_REQUESTED}, State.PROCESSING, "Nhận hồ sơ bổ sung"),
    _t("request_payment", WORKING, State.AWAITING_PAYMENT, "Yêu cầu thực hiện nghĩa vụ tài chính"),
    _t("payment_received", {State.AWAITING_PAYMENT}, State.PROCESSING, "Đã thực hiện nghĩa vụ tài chính"),
    _t("stop", {State.RECEIVED, State.PROCESSING, State.SUPPLEMENT_REQUESTED, State.AWAITING_PAYMENT}, State.STOPPED, "Dừng xử lý"),
    _t("withdraw", {State.SUBMITTED, State.GUIDED, State.RECEIVED, State.PROCESSING, State.SUPPLEMENT_REQUESTED, State.AWAITING_PAYMENT}, State.WITHDRAWN, "Rút hồ sơ"),
    _t("apologize", IN_PROGRESS, None, "Xin lỗi và hẹn lại ngày trả kết quả"),
    _t("resolve", WORKING, State.RESOLVED, "Có kết quả giải quyết"),
    _t("return_result", {State.RESOLVED}, State.RETURNED, "Trả kết quả"),
    _t("rate", {State.RETURNED}, None, "Đánh giá mức độ hài lòng"),
)}
ACTIONS = tuple(TRANSITIONS)
# Events that are not state changes.
EVENT_LABELS = {"due_recomputed": "Tính lại hạn do thay đổi lịch làm việc", "attach": "Đính kèm tệp", "postal": "Bưu chính công ích"}


def action_label(action: str) -> str:
    t = TRANSITIONS.get(action)
    return t.label_vi if t else EVENT_LABELS.get(action, action)


class TransitionError(Exception):
    """The action is not allowed from the dossier's state."""

    def __init__(self, action: str, state: str, message_vi: str | None = None, message_en: str | None = None):
        self.action, self.state = action, state
        self.message_vi = message_vi or f"Không thể «{TRANSITIONS[action].label_vi if action in TRANSITIONS else action}» khi hồ sơ đang ở trạng thái «{state}»."
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
