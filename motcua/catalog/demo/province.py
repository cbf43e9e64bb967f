"""Tư pháp (judicial records), bảo trợ xã hội (social protection) and lao động (labour)."""

from __future__ import annotations

from ..choices import CrossBoundary, OnlineLevel
from ..spec import ComponentSpec, FeeSpec, ResultSpec
from .common import BLLD, BOTH, GIAY_TO_TUY_THAN, LUAT_LLTP, ND_20, ND_219, PAPER, UY_QUYEN, WD, Builder


def add(b: Builder) -> None:
    commune, province, dept = b.commune, b.province, b.dept
    # Tư pháp (judicial records), province level, inter-agency with the provincial police
    province(
        "2.000488",
        "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại Việt Nam",
        "LLTP",
        10,
        WD,
        dept["tu_phap"],
        [ComponentSpec("Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp", originals=1), GIAY_TO_TUY_THAN, UY_QUYEN],
        [
            FeeSpec(
                "Phí cung cấp thông tin lý lịch tư pháp",
                200_000,
                "charge",
                "Sinh viên, người có công với cách mạng: 100.000 đồng; trẻ em, người cao tuổi, người khuyết tật, hộ nghèo: miễn",
            )
        ],
        [ResultSpec("Phiếu lý lịch tư pháp", BOTH)],
        [LUAT_LLTP],
        reduced=(7, WD),
        online=OnlineLevel.FULL,
        partners=[("Công an tỉnh tra cứu, xác minh thông tin án tích", dept["cong_an"])],
    )

    # Bảo trợ xã hội (social protection), commune level
    commune(
        "1.001776",
        "Thực hiện, điều chỉnh, thôi hưởng trợ cấp xã hội hàng tháng, hỗ trợ kinh phí chăm sóc, nuôi dưỡng hàng tháng",
        "BTXH",
        15,
        WD,
        [
            ComponentSpec("Tờ khai đề nghị trợ giúp xã hội", originals=1),
            ComponentSpec("Giấy xác nhận khuyết tật", copies=1, requirement="conditional", condition="Đối tượng là người khuyết tật"),
        ],
        [FeeSpec("Lệ phí", 0, "fee", "Không thu")],
        [ResultSpec("Quyết định trợ cấp xã hội hàng tháng", PAPER)],
        [ND_20],
        reduced=(12, WD),
        online=OnlineLevel.PARTIAL,
    )
    commune(
        "1.001731",
        "Hỗ trợ chi phí mai táng cho đối tượng bảo trợ xã hội",
        "BTXH",
        5,
        WD,
        [
            ComponentSpec("Tờ khai đề nghị hỗ trợ chi phí mai táng", originals=1),
            ComponentSpec("Giấy báo tử hoặc trích lục khai tử", copies=1),
        ],
        [FeeSpec("Lệ phí", 0, "fee", "Không thu")],
        [ResultSpec("Quyết định hỗ trợ chi phí mai táng", PAPER)],
        [ND_20],
        online=OnlineLevel.PARTIAL,
    )
    commune(
        "1.001699",
        "Xác định, xác định lại mức độ khuyết tật và cấp Giấy xác nhận khuyết tật",
        "BTXH",
        25,
        WD,
        [
            ComponentSpec("Đơn đề nghị xác định, xác định lại mức độ khuyết tật", originals=1),
            ComponentSpec(
                "Bản sao các giấy tờ liên quan đến khuyết tật (nếu có)",
                copies=1,
                requirement="conditional",
                condition="Khi có kết luận của hội đồng giám định y khoa",
            ),
        ],
        [FeeSpec("Lệ phí", 0, "fee", "Không thu")],
        [ResultSpec("Giấy xác nhận khuyết tật", PAPER)],
        [ND_20],
        online=OnlineLevel.PARTIAL,
    )

    # Lao động (labour), province level: Sở Nội vụ since 3/2025
    province(
        "1.000459",
        "Đăng ký nội quy lao động của doanh nghiệp",
        "LD",
        7,
        WD,
        dept["noi_vu"],
        [
            ComponentSpec("Văn bản đề nghị đăng ký nội quy lao động", originals=1),
            ComponentSpec("Nội quy lao động", originals=1),
            ComponentSpec("Văn bản góp ý của tổ chức đại diện người lao động", copies=1),
        ],
        [FeeSpec("Lệ phí", 0, "fee", "Không thu")],
        [ResultSpec("Thông báo về việc đăng ký nội quy lao động", BOTH)],
        [BLLD],
        online=OnlineLevel.FULL,
        applicants=("business",),
        scope=CrossBoundary.NONE,
    )
    province(
        "1.000105",
        "Cấp giấy phép lao động cho người lao động nước ngoài làm việc tại Việt Nam",
        "LD",
        10,
        WD,
        dept["noi_vu"],
        [
            ComponentSpec("Văn bản đề nghị cấp giấy phép lao động", originals=1),
            ComponentSpec("Giấy chứng nhận sức khỏe", originals=1),
            ComponentSpec("Phiếu lý lịch tư pháp hoặc văn bản xác nhận không phải là người đang chấp hành hình phạt", originals=1),
            ComponentSpec("Văn bản chứng minh chuyên gia, nhà quản lý, lao động kỹ thuật", certified_copies=1),
            ComponentSpec("Hai ảnh màu 4 x 6 cm", originals=2),
        ],
        [FeeSpec("Lệ phí cấp giấy phép lao động", 600_000, "fee", "")],
        [ResultSpec("Giấy phép lao động", BOTH)],
        [BLLD, ND_219],
        reduced=(5, WD),
        online=OnlineLevel.FULL,
        applicants=("business",),
        scope=CrossBoundary.NONE,
    )
