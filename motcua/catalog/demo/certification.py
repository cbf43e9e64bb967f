"""Chứng thực (certification) and hộ kinh doanh (household business), commune level."""

from __future__ import annotations

from ..choices import CrossBoundary, OnlineLevel
from ..spec import ComponentSpec, FeeSpec, ResultSpec
from .common import BOTH, GIAY_TO_TUY_THAN, ND_23, ND_168, PAPER, SD, WD, Builder


def add(b: Builder) -> None:
    commune = b.commune
    # Chứng thực (certification), commune level, mostly same day with a 15:00 cut-off
    commune(
        "2.000815",
        "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan, tổ chức có thẩm quyền của Việt Nam cấp hoặc chứng nhận",
        "CT",
        0,
        SD,
        [ComponentSpec("Bản chính giấy tờ, văn bản làm cơ sở chứng thực", originals=1), ComponentSpec("Bản sao cần chứng thực", copies=1)],
        [
            FeeSpec(
                "Phí chứng thực bản sao từ bản chính",
                2_000,
                "charge",
                "",
                unit="page",
                first_units=2,
                next_amount=1_000,
                max_amount=200_000,
            )
        ],
        [ResultSpec("Bản sao được chứng thực từ bản chính", PAPER)],
        [ND_23],
        online=OnlineLevel.PARTIAL,
        postal=False,
        scope=CrossBoundary.NATION,
        processing="Người thực hiện chứng thực đối chiếu bản chính, ký chứng thực",
    )
    commune(
        "2.000884",
        "Chứng thực chữ ký trong các giấy tờ, văn bản",
        "CT",
        0,
        SD,
        [ComponentSpec("Giấy tờ, văn bản cần chứng thực chữ ký", originals=1), GIAY_TO_TUY_THAN],
        [FeeSpec("Phí chứng thực chữ ký", 10_000, "charge", "Tính theo trường hợp")],
        [ResultSpec("Giấy tờ, văn bản được chứng thực chữ ký", PAPER)],
        [ND_23],
        online=OnlineLevel.NONE,
        postal=False,
        scope=CrossBoundary.NATION,
    )
    commune(
        "2.001035",
        "Chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản",
        "CT",
        2,
        WD,
        [
            ComponentSpec("Dự thảo hợp đồng, giao dịch", originals=1),
            ComponentSpec("Giấy tờ chứng minh quyền sở hữu động sản", certified_copies=1),
            GIAY_TO_TUY_THAN,
        ],
        [FeeSpec("Phí chứng thực hợp đồng, giao dịch", 50_000, "charge", "")],
        [ResultSpec("Hợp đồng, giao dịch được chứng thực", PAPER)],
        [ND_23],
        online=OnlineLevel.NONE,
        postal=False,
    )
    commune(
        "2.001019",
        "Chứng thực việc sửa đổi, bổ sung, hủy bỏ hợp đồng, giao dịch",
        "CT",
        2,
        WD,
        [
            ComponentSpec("Văn bản sửa đổi, bổ sung, hủy bỏ hợp đồng, giao dịch", originals=1),
            ComponentSpec("Hợp đồng, giao dịch đã được chứng thực", originals=1),
            GIAY_TO_TUY_THAN,
        ],
        [FeeSpec("Phí chứng thực việc sửa đổi, bổ sung hợp đồng", 30_000, "charge", "")],
        [ResultSpec("Văn bản sửa đổi, bổ sung, hủy bỏ được chứng thực", PAPER)],
        [ND_23],
        online=OnlineLevel.NONE,
        postal=False,
    )
    commune(
        "2.001016",
        "Chứng thực di chúc",
        "CT",
        2,
        WD,
        [
            ComponentSpec("Dự thảo di chúc", originals=1),
            ComponentSpec(
                "Giấy tờ chứng minh quyền sở hữu tài sản",
                certified_copies=1,
                requirement="conditional",
                condition="Di chúc liên quan đến tài sản phải đăng ký quyền sở hữu",
            ),
            GIAY_TO_TUY_THAN,
        ],
        [FeeSpec("Phí chứng thực di chúc", 50_000, "charge", "")],
        [ResultSpec("Di chúc được chứng thực", PAPER)],
        [ND_23],
        online=OnlineLevel.NONE,
        postal=False,
    )

    # Hộ kinh doanh (household business), commune level since 1/7/2025
    hkd_fee = FeeSpec("Lệ phí đăng ký hộ kinh doanh", 100_000, "fee", "", online_amount=0)
    commune(
        "1.001612",
        "Đăng ký thành lập hộ kinh doanh",
        "HKD",
        3,
        WD,
        [
            ComponentSpec("Giấy đề nghị đăng ký hộ kinh doanh", originals=1),
            ComponentSpec(
                "Biên bản họp thành viên hộ gia đình về việc thành lập hộ kinh doanh",
                copies=1,
                requirement="conditional",
                condition="Khi các thành viên hộ gia đình đăng ký hộ kinh doanh",
            ),
            ComponentSpec(
                "Văn bản ủy quyền của thành viên hộ gia đình cho một thành viên làm chủ hộ kinh doanh",
                copies=1,
                requirement="conditional",
                condition="Khi các thành viên hộ gia đình đăng ký hộ kinh doanh",
            ),
        ],
        [hkd_fee],
        [ResultSpec("Giấy chứng nhận đăng ký hộ kinh doanh", BOTH)],
        [ND_168],
        reduced=(2, WD),
        online=OnlineLevel.FULL,
        applicants=("citizen", "business"),
    )
    commune(
        "1.001266",
        "Đăng ký thay đổi nội dung đăng ký hộ kinh doanh",
        "HKD",
        3,
        WD,
        [
            ComponentSpec("Thông báo thay đổi nội dung đăng ký hộ kinh doanh", originals=1),
            ComponentSpec("Giấy chứng nhận đăng ký hộ kinh doanh đã cấp", originals=1),
        ],
        [hkd_fee],
        [ResultSpec("Giấy chứng nhận đăng ký hộ kinh doanh", BOTH)],
        [ND_168],
        reduced=(2, WD),
        online=OnlineLevel.FULL,
        applicants=("citizen", "business"),
    )
    commune(
        "1.001570",
        "Tạm ngừng kinh doanh, tiếp tục kinh doanh trước thời hạn đã thông báo của hộ kinh doanh",
        "HKD",
        3,
        WD,
        [ComponentSpec("Thông báo về việc tạm ngừng kinh doanh hoặc tiếp tục kinh doanh", originals=1)],
        [FeeSpec("Lệ phí", 0, "fee", "Không thu lệ phí")],
        [ResultSpec("Giấy xác nhận về việc hộ kinh doanh đăng ký tạm ngừng kinh doanh", BOTH)],
        [ND_168],
        online=OnlineLevel.FULL,
        applicants=("citizen", "business"),
    )
    commune(
        "1.001608",
        "Chấm dứt hoạt động hộ kinh doanh",
        "HKD",
        3,
        WD,
        [
            ComponentSpec("Thông báo chấm dứt hoạt động hộ kinh doanh", originals=1),
            ComponentSpec("Giấy chứng nhận đăng ký hộ kinh doanh", originals=1),
        ],
        [FeeSpec("Lệ phí", 0, "fee", "Không thu lệ phí")],
        [ResultSpec("Thông báo về việc chấm dứt hoạt động hộ kinh doanh", BOTH)],
        [ND_168],
        online=OnlineLevel.FULL,
        applicants=("citizen", "business"),
    )
