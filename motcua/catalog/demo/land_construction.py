"""Đất đai (land) with inter-agency steps at the province, and xây dựng (construction) permits."""

from __future__ import annotations

from ..choices import OnlineLevel
from ..spec import ComponentSpec, FeeSpec, ResultSpec, hours_equivalent
from .common import BOTH, CD, LUAT_DD, LUAT_XD, ND_101, ND_175, PAPER, SD, WD, Builder, inter_agency_route


def add(b: Builder) -> None:
    commune, province, dept = b.commune, b.province, b.dept
    # Đất đai (land): commune competence with inter-agency steps at the province
    land_partners = [
        ("Văn phòng đăng ký đất đai cập nhật hồ sơ địa chính, in Giấy chứng nhận", dept["nn_mt"]),
        ("Xác định nghĩa vụ tài chính về đất đai", dept["tai_chinh"]),
    ]
    commune(
        "1.012768",
        "Đăng ký đất đai, tài sản gắn liền với đất, cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất lần đầu",
        "DD",
        20,
        WD,
        [
            ComponentSpec("Đơn đăng ký đất đai, tài sản gắn liền với đất", originals=1),
            ComponentSpec(
                "Giấy tờ về quyền sử dụng đất",
                certified_copies=1,
                requirement="conditional",
                condition="Khi có giấy tờ về quyền sử dụng đất",
            ),
            ComponentSpec(
                "Chứng từ thực hiện nghĩa vụ tài chính",
                copies=1,
                requirement="conditional",
                condition="Khi được ghi nợ hoặc miễn, giảm nghĩa vụ tài chính",
            ),
        ],
        [
            FeeSpec("Lệ phí cấp Giấy chứng nhận", 100_000, "fee", "Miễn cho hộ nghèo"),
            FeeSpec("Phí thẩm định hồ sơ cấp Giấy chứng nhận", 500_000, "charge", ""),
        ],
        [ResultSpec("Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất", PAPER)],
        [LUAT_DD, ND_101],
        reduced=(15, WD),
        online=OnlineLevel.PARTIAL,
        route=inter_agency_route(hours_equivalent(15, WD), "Công chức địa chính kiểm tra hồ sơ, xác minh hiện trạng", land_partners),
    )
    province(
        "1.012769",
        "Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất do chuyển nhượng, tặng cho, thừa kế",
        "DD",
        10,
        WD,
        dept["nn_mt"],
        [
            ComponentSpec("Đơn đăng ký biến động đất đai, tài sản gắn liền với đất", originals=1),
            ComponentSpec("Hợp đồng, văn bản về chuyển quyền đã được công chứng, chứng thực", originals=1),
            ComponentSpec("Giấy chứng nhận đã cấp", originals=1),
        ],
        [FeeSpec("Lệ phí đăng ký biến động", 50_000, "fee", ""), FeeSpec("Phí thẩm định hồ sơ", 300_000, "charge", "")],
        [ResultSpec("Giấy chứng nhận quyền sử dụng đất (cấp mới hoặc xác nhận biến động)", PAPER)],
        [LUAT_DD, ND_101],
        reduced=(8, WD),
        online=OnlineLevel.PARTIAL,
        partners=[("Xác định nghĩa vụ tài chính", dept["tai_chinh"])],
    )
    province(
        "2.000889",
        "Đăng ký thế chấp quyền sử dụng đất, tài sản gắn liền với đất",
        "DD",
        0,
        SD,
        dept["nn_mt"],
        [
            ComponentSpec("Phiếu yêu cầu đăng ký thế chấp", originals=1),
            ComponentSpec("Hợp đồng thế chấp", originals=1),
            ComponentSpec("Giấy chứng nhận quyền sử dụng đất", originals=1),
        ],
        [
            FeeSpec(
                "Phí đăng ký giao dịch bảo đảm", 80_000, "charge", "Miễn cho cá nhân, hộ gia đình vay vốn phát triển nông nghiệp, nông thôn"
            )
        ],
        [ResultSpec("Giấy chứng nhận được chứng nhận nội dung đăng ký thế chấp", PAPER)],
        [LUAT_DD, ND_101],
        online=OnlineLevel.FULL,
        applicants=("citizen", "business"),
    )
    province(
        "2.000890",
        "Xóa đăng ký thế chấp quyền sử dụng đất, tài sản gắn liền với đất",
        "DD",
        0,
        SD,
        dept["nn_mt"],
        [ComponentSpec("Phiếu yêu cầu xóa đăng ký thế chấp", originals=1), ComponentSpec("Giấy chứng nhận quyền sử dụng đất", originals=1)],
        [FeeSpec("Phí xóa đăng ký thế chấp", 20_000, "charge", "")],
        [ResultSpec("Giấy chứng nhận được xác nhận xóa đăng ký thế chấp", PAPER)],
        [LUAT_DD, ND_101],
        online=OnlineLevel.FULL,
        applicants=("citizen", "business"),
    )
    province(
        "1.012775",
        "Cung cấp thông tin, dữ liệu đất đai",
        "DD",
        2,
        WD,
        dept["nn_mt"],
        [ComponentSpec("Phiếu yêu cầu cung cấp thông tin, dữ liệu đất đai", originals=1)],
        [FeeSpec("Phí khai thác, sử dụng tài liệu đất đai", 100_000, "charge", "Tính theo hồ sơ, tài liệu")],
        [ResultSpec("Thông tin, dữ liệu đất đai", BOTH)],
        [LUAT_DD],
        online=OnlineLevel.FULL,
        applicants=("citizen", "business"),
    )

    # Xây dựng (construction): building permits for individual houses, commune level
    gp_components = [
        ComponentSpec("Đơn đề nghị cấp giấy phép xây dựng", originals=1),
        ComponentSpec("Giấy tờ chứng minh quyền sử dụng đất", certified_copies=1),
        ComponentSpec("Hai bộ bản vẽ thiết kế xây dựng", originals=2),
    ]
    commune(
        "1.009994",
        "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ",
        "XD",
        15,
        CD,
        gp_components,
        [FeeSpec("Lệ phí cấp giấy phép xây dựng nhà ở riêng lẻ", 75_000, "fee", "")],
        [ResultSpec("Giấy phép xây dựng", BOTH)],
        [LUAT_XD, ND_175],
        reduced=(10, WD),
        online=OnlineLevel.FULL,
        processing="Công chức phụ trách xây dựng thẩm định hồ sơ, kiểm tra thực địa",
    )
    commune(
        "1.009995",
        "Cấp giấy phép xây dựng sửa chữa, cải tạo đối với nhà ở riêng lẻ",
        "XD",
        15,
        CD,
        gp_components,
        [FeeSpec("Lệ phí cấp giấy phép xây dựng", 75_000, "fee", "")],
        [ResultSpec("Giấy phép xây dựng sửa chữa, cải tạo", BOTH)],
        [LUAT_XD, ND_175],
        reduced=(10, WD),
        online=OnlineLevel.FULL,
    )
    commune(
        "1.009996",
        "Gia hạn giấy phép xây dựng đối với nhà ở riêng lẻ",
        "XD",
        5,
        CD,
        [
            ComponentSpec("Đơn đề nghị gia hạn giấy phép xây dựng", originals=1),
            ComponentSpec("Bản chính giấy phép xây dựng đã được cấp", originals=1),
        ],
        [FeeSpec("Lệ phí gia hạn giấy phép xây dựng", 15_000, "fee", "")],
        [ResultSpec("Giấy phép xây dựng được gia hạn", PAPER)],
        [LUAT_XD, ND_175],
        online=OnlineLevel.FULL,
    )
    commune(
        "1.009997",
        "Cấp lại giấy phép xây dựng đối với nhà ở riêng lẻ",
        "XD",
        5,
        CD,
        [
            ComponentSpec("Đơn đề nghị cấp lại giấy phép xây dựng", originals=1),
            ComponentSpec("Giấy phép xây dựng bị rách, nát", originals=1, requirement="conditional", condition="Trường hợp bị rách, nát"),
        ],
        [FeeSpec("Lệ phí cấp lại giấy phép xây dựng", 15_000, "fee", "")],
        [ResultSpec("Giấy phép xây dựng (cấp lại)", PAPER)],
        [LUAT_XD, ND_175],
        online=OnlineLevel.FULL,
    )
