"""The form sets shipped with motcua. Each row's body only extends the standard layout of its
form (``templates/documents/forms/<kind>.html``); an administrator overrides blocks or writes a
whole body in the admin. Which set a dossier's forms use is decided by its reception date."""

from __future__ import annotations

import datetime as dt

from .choices import FormKind as K

FORM_SETS: list[tuple[str, dt.date, list[tuple[str, str, str]]]] = [
    (
        "Thông tư 01/2018/TT-VPCP",
        dt.date(2019, 1, 8),
        [
            (K.RECEIPT, "Mẫu số 01", "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"),
            (K.SUPPLEMENT_REQUEST, "Mẫu số 02", "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"),
            (K.REFUSAL, "Mẫu số 03", "Phiếu từ chối tiếp nhận giải quyết hồ sơ"),
            (K.APOLOGY, "Mẫu số 04", "Phiếu xin lỗi và hẹn lại ngày trả kết quả"),
            (K.CONTROL_SHEET, "Mẫu số 05", "Phiếu kiểm soát quá trình giải quyết hồ sơ"),
            (K.REGISTER, "Mẫu số 06", "Sổ theo dõi hồ sơ"),
        ],
    ),
    # The 2025 circular keeps the ideas and renumbers (docs/rules.md section 3); its exact wording is
    # not confirmed, which is why these are rows an administrator can edit.
    (
        "Thông tư 03/2025/TT-VPCP",
        dt.date(2025, 7, 1),
        [
            (K.RECEIPT, "Mẫu số 01", "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"),
            (K.SUPPLEMENT_REQUEST, "Mẫu số 02", "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"),
            (K.REFUSAL, "Mẫu số 03", "Phiếu từ chối tiếp nhận giải quyết hồ sơ"),
            (K.APOLOGY, "Mẫu số 04", "Phiếu xin lỗi và hẹn lại ngày trả kết quả"),
            (K.STOP_NOTICE, "Mẫu số 05", "Thông báo về việc dừng giải quyết hồ sơ"),
            (K.CONTROL_SHEET, "Mẫu số 06", "Phiếu kiểm soát quá trình giải quyết hồ sơ"),
            (K.REGISTER, "Mẫu số 07", "Sổ theo dõi hồ sơ"),
        ],
    ),
]


def default_body(kind: str) -> str:
    return '{% extends "documents/forms/' + kind + '.html" %}'


def install(model) -> int:
    """Create the shipped rows that are missing (idempotent; edited rows are kept)."""
    created = 0
    for form_set, effective_from, forms in FORM_SETS:
        for kind, number, title in forms:
            _, made = model.objects.get_or_create(
                kind=kind,
                effective_from=effective_from,
                defaults={"number": number, "title": title, "form_set": form_set, "body": default_body(kind)},
            )
            created += made
    return created
