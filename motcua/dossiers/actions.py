"""Every dossier action, declared once (docs/rules.md section 2): where it may start, where it
leads, who may perform it, its parameters, the applicant's notice, whether the national portal
receives the whole dossier again, whether the applicant sees it. Pure data, no ORM.

Derived from these declarations, never written again: the state machine (``machine``), the
permission check (``services.may``), the handlers' registry (``services``, checked at import),
the API's request schema of each action (``api``), the dialog forms (``forms``), the notices
(``notifications``), the portal sync (``integrations``) and the applicant's timeline
(``portal``)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import get_language, gettext_noop

from .choices import COUNTER_ROLES, DECISION_ROLES, OPERATIONAL_ROLES, State

S = State
WORKING = frozenset({S.RECEIVED, S.PROCESSING})
IN_PROGRESS = frozenset({S.RECEIVED, S.PROCESSING, S.SUPPLEMENT_REQUESTED, S.AWAITING_PAYMENT})
NOT_RECEIVED = frozenset({S.SUBMITTED, S.GUIDED})


@dataclass(frozen=True)
class Param:
    """One parameter of an action. ``kind`` says what it is (and so its API type and its form
    field): text, note (free text), user (an officer, by id or username), agency (an agency
    code), missing (names of components), amount (VND), datetime, channel, score (1-5), scores
    (criterion -> 1-5), step (the position of an open parallel step)."""

    name: str
    kind: str
    label_vi: str
    required: bool = False
    max_length: int = 1000


@dataclass(frozen=True)
class Action:
    name: str
    label_vi: str
    label_en: str
    sources: frozenset[str]
    target: str | None  # None: the state does not change
    agencies: tuple[str, ...] = ()  # the dossier's agencies whose members may act (none: only the system or the applicant)
    roles: tuple[str, ...] = ()
    params: tuple[Param, ...] = ()
    notice: str = ""  # the applicant's notice (a notification template key)
    syncs_dossier: bool = False  # a change of state: the whole dossier goes to the national portal again
    public: bool = True  # the applicant sees it on their dossier page (hand-overs show as steps instead)
    transfer: str = (
        ""  # where an inter-agency hand-over must stand: "none" (not with a partner), "pending" (not yet accepted), "accepted"; "": any
    )
    branches: str = ""  # parallel steps: "none" (no branch open), "open" (branches open); "": either
    handover: bool = True  # a line of the control sheet (form 05): everything from reception to the end


NOTE = Param("note", "note", gettext_noop("Ghi chú"))
BRANCH = Param("step", "step", gettext_noop("Bước song song"))


def _reason(label: str) -> Param:
    return Param("reason", "note", label, required=True)


_DECLARED = (
    Action("submit", "Nộp hồ sơ", "Submit", frozenset(), S.SUBMITTED, notice="dossier.submitted", syncs_dossier=True, handover=False),
    Action(
        "receive",
        "Tiếp nhận hồ sơ",
        "Receive",
        NOT_RECEIVED,
        S.RECEIVED,
        ("receiving_agency",),
        COUNTER_ROLES,
        (Param("result_channel", "channel", gettext_noop("Nhận kết quả tại")),),
        notice="dossier.received",
        syncs_dossier=True,
    ),
    Action(
        "guide",
        "Hướng dẫn bổ sung, hoàn thiện hồ sơ",
        "Guide (form 02)",
        NOT_RECEIVED,
        S.GUIDED,
        ("receiving_agency",),
        COUNTER_ROLES,
        (
            Param("missing", "missing", gettext_noop("Giấy tờ cần bổ sung, hoàn thiện")),
            Param("note", "note", gettext_noop("Nội dung hướng dẫn")),
        ),
        notice="dossier.guided",
        syncs_dossier=True,
        handover=False,
    ),
    Action(
        "refuse",
        "Từ chối tiếp nhận",
        "Refuse (form 03)",
        NOT_RECEIVED,
        S.REFUSED,
        ("receiving_agency",),
        COUNTER_ROLES,
        (_reason(gettext_noop("Lý do từ chối")),),
        notice="dossier.refused",
        syncs_dossier=True,
        handover=False,
    ),
    Action(
        "resubmit",
        "Nộp lại hồ sơ đã hoàn thiện",
        "Resubmit",
        frozenset({S.GUIDED}),
        S.SUBMITTED,
        ("receiving_agency",),
        COUNTER_ROLES,
        (NOTE,),
        syncs_dossier=True,
        handover=False,
    ),
    Action(
        "assign",
        "Phân công xử lý",
        "Assign",
        WORKING,
        S.PROCESSING,
        ("current_agency",),
        OPERATIONAL_ROLES,
        (Param("to_user", "user", gettext_noop("Giao cho"), required=True), NOTE),
        public=False,
        branches="none",
    ),
    Action(
        "forward",
        "Chuyển bước tiếp theo",
        "Forward to the next step",
        WORKING,
        S.PROCESSING,
        ("current_agency",),
        OPERATIONAL_ROLES,
        (Param("to_user", "user", gettext_noop("Chuyển cho cán bộ (không bắt buộc)")), NOTE),
        public=False,
        transfer="none",
        branches="none",
    ),
    Action(
        "send_back",
        "Trả lại bước trước",
        "Send back",
        frozenset({S.PROCESSING}),
        S.PROCESSING,
        ("current_agency",),
        OPERATIONAL_ROLES,
        (Param("note", "note", gettext_noop("Lý do trả lại"), required=True),),
        public=False,
        transfer="none",
        branches="none",
    ),
    Action(
        "transfer_out",
        "Chuyển liên thông",
        "Transfer to a partner agency",
        WORKING,
        S.PROCESSING,
        ("current_agency",),
        OPERATIONAL_ROLES,
        (Param("to_agency", "agency", gettext_noop("Chuyển liên thông đến"), required=True, max_length=20), NOTE),
        public=False,
        transfer="none",
        branches="none",
    ),
    Action(
        "transfer_accept",
        "Tiếp nhận hồ sơ liên thông",
        "Accept the inter-agency dossier",
        frozenset({S.PROCESSING}),
        S.PROCESSING,
        ("current_agency",),
        OPERATIONAL_ROLES,
        (NOTE,),
        public=False,
        transfer="pending",
    ),
    Action(
        "transfer_recall",
        "Thu hồi hồ sơ liên thông chưa được tiếp nhận",
        "Recall before the partner accepts",
        frozenset({S.PROCESSING}),
        S.PROCESSING,
        ("transfer_origin",),
        OPERATIONAL_ROLES,
        (_reason(gettext_noop("Lý do thu hồi")),),
        public=False,
        transfer="pending",
    ),
    Action(
        "transfer_in",
        "Trả hồ sơ liên thông kèm kết quả",
        "Return to the sending agency with the partner's result",
        frozenset({S.PROCESSING}),
        S.PROCESSING,
        ("current_agency",),
        OPERATIONAL_ROLES,
        (Param("result", "text", gettext_noop("Kết quả phần việc liên thông"), max_length=500), NOTE),
        public=False,
        transfer="accepted",
    ),
    Action(
        "branch_accept",
        "Tiếp nhận bước xử lý song song",
        "Accept a parallel step",
        frozenset({S.PROCESSING}),
        S.PROCESSING,
        ("branch_agency",),
        OPERATIONAL_ROLES,
        (BRANCH, Param("to_user", "user", gettext_noop("Giao cho cán bộ (không bắt buộc)")), NOTE),
        public=False,
        branches="open",
    ),
    Action(
        "branch_done",
        "Hoàn thành bước xử lý song song",
        "Finish a parallel step",
        frozenset({S.PROCESSING}),
        S.PROCESSING,
        ("branch_agency",),
        OPERATIONAL_ROLES,
        (BRANCH, Param("result", "text", gettext_noop("Kết quả phần việc"), max_length=500), NOTE),
        public=False,
        branches="open",
    ),
    Action(
        "request_supplement",
        "Yêu cầu bổ sung hồ sơ",
        "Request a supplement",
        WORKING,
        S.SUPPLEMENT_REQUESTED,
        ("current_agency",),
        OPERATIONAL_ROLES,
        (
            Param("missing", "missing", gettext_noop("Giấy tờ cần bổ sung")),
            Param("note", "note", gettext_noop("Nội dung, lý do cần bổ sung")),
        ),
        notice="dossier.supplement_requested",
        syncs_dossier=True,
    ),
    Action(
        "supplement_received",
        "Nhận hồ sơ bổ sung",
        "Supplement received",
        frozenset({S.SUPPLEMENT_REQUESTED}),
        S.PROCESSING,
        ("receiving_agency", "current_agency"),
        OPERATIONAL_ROLES,
        (NOTE,),
        syncs_dossier=True,
    ),
    Action(
        "request_payment",
        "Yêu cầu thực hiện nghĩa vụ tài chính",
        "Request payment",
        WORKING,
        S.AWAITING_PAYMENT,
        ("current_agency",),
        OPERATIONAL_ROLES,
        (Param("amount", "amount", gettext_noop("Số tiền (đồng)"), required=True), NOTE),
        notice="dossier.payment_requested",
        syncs_dossier=True,
    ),
    Action(
        "payment_received",
        "Đã thực hiện nghĩa vụ tài chính",
        "Payment received",
        frozenset({S.AWAITING_PAYMENT}),
        S.PROCESSING,
        ("receiving_agency", "current_agency"),
        OPERATIONAL_ROLES,
        (Param("receipt", "text", gettext_noop("Số biên lai"), max_length=100), NOTE),
        syncs_dossier=True,
    ),
    Action(
        "stop",
        "Dừng xử lý",
        "Stop processing",
        IN_PROGRESS,
        S.STOPPED,
        ("current_agency", "competent_agency"),
        DECISION_ROLES,
        (_reason(gettext_noop("Lý do dừng xử lý")),),
        notice="dossier.stopped",
        syncs_dossier=True,
    ),
    Action(
        "withdraw",
        "Rút hồ sơ",
        "Withdraw",
        NOT_RECEIVED | IN_PROGRESS,
        S.WITHDRAWN,
        ("receiving_agency", "current_agency"),
        OPERATIONAL_ROLES,
        (Param("reason", "note", gettext_noop("Lý do rút hồ sơ")),),
        syncs_dossier=True,
    ),
    Action(
        "apologize",
        "Xin lỗi và hẹn lại ngày trả kết quả",
        "Apologise with a new appointment (form 04)",
        IN_PROGRESS,
        None,
        ("current_agency", "competent_agency"),
        DECISION_ROLES,
        (_reason(gettext_noop("Lý do chậm trễ")), Param("new_appointment", "datetime", gettext_noop("Hẹn lại vào"), required=True)),
        notice="dossier.apologized",
        syncs_dossier=True,
    ),
    Action(
        "resolve",
        "Có kết quả giải quyết",
        "Resolve (result ready)",
        WORKING,
        S.RESOLVED,
        ("current_agency",),
        DECISION_ROLES,
        (Param("result", "text", gettext_noop("Kết quả giải quyết"), max_length=500), NOTE),
        notice="dossier.resolved",
        syncs_dossier=True,
        transfer="none",
        branches="none",
    ),
    Action(
        "return_result",
        "Trả kết quả",
        "Return the result",
        frozenset({S.RESOLVED}),
        S.RETURNED,
        ("receiving_agency",),
        COUNTER_ROLES,
        (
            Param("channel", "channel", gettext_noop("Hình thức trả")),
            Param("collector", "text", gettext_noop("Người nhận kết quả"), max_length=200),
            Param("collector_id", "text", gettext_noop("Số định danh (CCCD) người nhận"), max_length=20),
            NOTE,
        ),
        syncs_dossier=True,
    ),
    Action(
        "rate",
        "Đánh giá mức độ hài lòng",
        "Rate the service",
        frozenset({S.RETURNED}),
        None,
        ("receiving_agency",),
        COUNTER_ROLES,
        (
            Param("score", "score", gettext_noop("Mức độ hài lòng"), required=True),
            Param("criteria", "scores", gettext_noop("Tiêu chí")),
            Param("comment", "note", gettext_noop("Nhận xét")),
        ),
        handover=False,
    ),
)
ACTIONS: dict[str, Action] = {a.name: a for a in _DECLARED}


@dataclass(frozen=True)
class Event:
    """An event of the dossier's timeline that is not an action of the state machine."""

    name: str
    label_vi: str
    public: bool
    label_en: str = ""
    notice: str = ""  # the applicant's notice (sent unless the event says ``notify: False``)
    syncs_dossier: bool = False  # the whole dossier goes to the national portal again


EVENTS: dict[str, Event] = {
    e.name: e
    for e in (
        Event("due_recomputed", "Tính lại hạn do thay đổi lịch làm việc", False, "Due time recomputed after a calendar change"),
        Event("attach", "Đính kèm tệp", True, "File attached"),
        Event("postal", "Bưu chính công ích", False, "Public postal service"),
        Event("fee_collected", "Thu phí, lệ phí", True, "Fees collected"),
        Event(
            "version_moved",
            "Áp dụng phiên bản mới của thủ tục",
            True,
            "New version of the procedure applied",
            notice="dossier.version_moved",
            syncs_dossier=True,
        ),
        Event("digitise", "Số hóa thành phần hồ sơ", True, "Component digitised"),
        Event("reuse", "Dùng lại giấy tờ đã số hóa", True, "Digitised document reused"),
        Event("result_signed", "Ký số kết quả giải quyết", True, "Result signed", syncs_dossier=True),
        Event("version_kept", "Giữ quy định của phiên bản đã tiếp nhận", False, "Rules of the version received kept"),
    )
}

NOTICES = {**{a.name: a.notice for a in ACTIONS.values() if a.notice}, **{e.name: e.notice for e in EVENTS.values() if e.notice}}
SYNCS_DOSSIER = frozenset({*(a.name for a in ACTIONS.values() if a.syncs_dossier), *(e.name for e in EVENTS.values() if e.syncs_dossier)})
HANDOVERS = tuple(a.name for a in ACTIONS.values() if a.handover)
PUBLIC = frozenset({*(a.name for a in ACTIONS.values() if a.public), *(e.name for e in EVENTS.values() if e.public)})


def label(name: str) -> str:
    """The official (Vietnamese) name of an action or event: forms, the national portal."""
    if name in ACTIONS:
        return ACTIONS[name].label_vi
    return EVENTS[name].label_vi if name in EVENTS else name


def screen_label(name: str) -> str:
    """The name of an action or event on a screen, in the screen's language."""
    if not (get_language() or "").startswith("en"):
        return label(name)
    declared = ACTIONS.get(name) or EVENTS.get(name)
    return (declared.label_en or declared.label_vi) if declared else name
