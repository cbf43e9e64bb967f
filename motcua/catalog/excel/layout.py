"""The catalogue workbook's sheets and columns (the same layout is exported and imported)."""

from __future__ import annotations

import re

MAX_ROWS = 50_000

SHEETS: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "fields": ("Lĩnh vực", [("code", "Mã lĩnh vực"), ("name", "Tên lĩnh vực")]),
    "procedures": (
        "Thủ tục",
        [
            ("code", "Mã thủ tục"),
            ("name", "Tên thủ tục"),
            ("field_code", "Mã lĩnh vực"),
            ("status", "Trạng thái"),
            ("levels", "Cấp thẩm quyền"),
            ("applicant_types", "Đối tượng"),
            ("competent_agencies", "Cơ quan có thẩm quyền"),
            ("receiving_agencies", "Nơi tiếp nhận"),
            ("statutory_value", "Thời hạn"),
            ("statutory_unit", "Đơn vị thời hạn"),
            ("reduced_value", "Thời hạn cắt giảm"),
            ("reduced_unit", "Đơn vị cắt giảm"),
            ("same_day_cutoff", "Giờ chốt"),
            ("online_level", "Mức độ DVCTT"),
            ("postal_allowed", "Qua bưu chính"),
            ("cross_boundary", "Phi địa giới"),
            ("description", "Trình tự thực hiện"),
            ("requirements", "Yêu cầu, điều kiện"),
        ],
    ),
    "legal_basis": (
        "Căn cứ pháp lý",
        [
            ("procedure", "Mã thủ tục"),
            ("number", "Số, ký hiệu"),
            ("title", "Trích yếu"),
            ("issued_on", "Ngày ban hành"),
            ("issuer", "Cơ quan ban hành"),
        ],
    ),
    "fees": (
        "Phí, lệ phí",
        [
            ("procedure", "Mã thủ tục"),
            ("name", "Tên phí, lệ phí"),
            ("kind", "Loại"),
            ("amount", "Mức thu (đồng)"),
            ("exemption", "Miễn, giảm"),
            ("unit", "Tính theo (dossier/copy/page)"),
            ("first_units", "Số đơn vị đầu"),
            ("next_amount", "Mức thu tiếp theo (đồng)"),
            ("max_amount", "Tối đa mỗi bản (đồng)"),
            ("online_amount", "Mức thu trực tuyến (đồng)"),
        ],
    ),
    "components": (
        "Thành phần hồ sơ",
        [
            ("procedure", "Mã thủ tục"),
            ("name", "Tên giấy tờ"),
            ("originals", "Bản chính"),
            ("certified_copies", "Bản sao chứng thực"),
            ("copies", "Bản sao"),
            ("requirement", "Bắt buộc"),
            ("condition", "Trường hợp"),
        ],
    ),
    "results": ("Kết quả", [("procedure", "Mã thủ tục"), ("name", "Tên kết quả"), ("form", "Hình thức")]),
    "steps": (
        "Quy trình",
        [
            ("procedure", "Mã thủ tục"),
            ("receiving_agency", "Nơi tiếp nhận (trống: chung)"),
            ("position", "Bước"),
            ("name", "Tên bước"),
            ("kind", "Loại bước"),
            ("role", "Vai trò"),
            ("performer", "Đơn vị thực hiện"),
            ("agency", "Mã cơ quan"),
            ("duration_value", "Định mức"),
            ("duration_unit", "Đơn vị định mức"),
            ("parallel_group", "Nhóm song song"),
        ],
    ),
}
HEADER = re.compile(r"\[([a-z_]+)\]\s*$")
# Sheets whose later columns may be absent (files made before they existed): the columns required.
REQUIRED = {"fees": ("procedure", "name", "kind", "amount", "exemption")}
SPEC_TO_SHEET = {"legal_basis": "legal_basis", "fees": "fees", "components": "components", "results": "results", "routes": "steps"}
