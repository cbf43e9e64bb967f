"""The two checks every part of a procedure version uses: a value among its choices, and a text
present and not too long."""

from __future__ import annotations

from .model import Issue


def _choice(value: str, choices, path, label_vi: str, label_en: str, out: list[Issue]) -> None:
    if value not in choices.values:
        allowed = ", ".join(choices.values)
        out.append(
            Issue(
                path,
                f"{label_vi} không hợp lệ: «{value}» (chọn một trong: {allowed}).",
                f"Invalid {label_en} {value!r}; use one of: {allowed}.",
            )
        )


def _text(value: str, path, label_vi: str, label_en: str, out: list[Issue], max_length: int = 500, required: bool = True) -> None:
    if required and not (value or "").strip():
        out.append(Issue(path, f"Thiếu {label_vi}.", f"{label_en} is required."))
    elif len(value or "") > max_length:
        out.append(Issue(path, f"{label_vi} dài quá {max_length} ký tự.", f"{label_en} is longer than {max_length} characters."))
