"""Hộ tịch (civil status), commune level."""

from __future__ import annotations

from ..choices import CrossBoundary, OnlineLevel
from ..spec import ComponentSpec, FeeSpec, ResultSpec
from .common import BOTH, GIAY_TO_TUY_THAN, LUAT_HO_TICH, ND_123, PAPER, SD, TO_KHAI, UY_QUYEN, WD, Builder, free, hotich_fee


def add(b: Builder) -> None:
    commune = b.commune
    # Hộ tịch (civil status), commune level
    commune(
        "1.001193",
        "Đăng ký khai sinh",
        "HT",
        0,
        SD,
        [
            ComponentSpec(f"{TO_KHAI} đăng ký khai sinh", originals=1),
            ComponentSpec("Giấy chứng sinh hoặc văn bản của người làm chứng xác nhận về việc sinh", originals=1),
            GIAY_TO_TUY_THAN,
            UY_QUYEN,
        ],
        [FeeSpec("Lệ phí đăng ký khai sinh", 0, "fee", "Miễn lệ phí đăng ký khai sinh đúng hạn")],
        [ResultSpec("Giấy khai sinh (bản chính)", BOTH)],
        [LUAT_HO_TICH, ND_123],
        online=OnlineLevel.FULL,
        processing="Công chức tư pháp - hộ tịch kiểm tra, ghi sổ hộ tịch",
        description="Người yêu cầu nộp hồ sơ tại bộ phận một cửa hoặc trên Cổng dịch vụ công. Ngay sau khi nhận đủ giấy tờ, nếu thông tin "
        "khai sinh đầy đủ và phù hợp, công chức tư pháp - hộ tịch ghi vào Sổ hộ tịch, trình Chủ tịch UBND cấp xã cấp Giấy khai sinh.",
    )
    commune(
        "1.000894",
        "Đăng ký kết hôn",
        "HT",
        0,
        SD,
        [
            ComponentSpec(f"{TO_KHAI} đăng ký kết hôn", originals=1),
            ComponentSpec(
                "Giấy xác nhận tình trạng hôn nhân (trường hợp đăng ký tại nơi không thường trú)",
                originals=1,
                requirement="conditional",
                condition="Khi một bên không thường trú tại xã nơi đăng ký",
            ),
            GIAY_TO_TUY_THAN,
        ],
        [FeeSpec("Lệ phí đăng ký kết hôn", 0, "fee", "Miễn lệ phí đăng ký kết hôn trong nước")],
        [ResultSpec("Giấy chứng nhận kết hôn", PAPER)],
        [LUAT_HO_TICH, ND_123],
        requirements="Hai bên nam, nữ có mặt khi đăng ký kết hôn. Nam từ đủ 20 tuổi, nữ từ đủ 18 tuổi.",
    )
    commune(
        "1.000656",
        "Đăng ký khai tử",
        "HT",
        0,
        SD,
        [
            ComponentSpec(f"{TO_KHAI} đăng ký khai tử", originals=1),
            ComponentSpec("Giấy báo tử hoặc giấy tờ thay giấy báo tử", originals=1),
            GIAY_TO_TUY_THAN,
        ],
        [free],
        [ResultSpec("Trích lục khai tử", BOTH)],
        [LUAT_HO_TICH, ND_123],
        online=OnlineLevel.FULL,
    )
    commune(
        "1.004873",
        "Cấp Giấy xác nhận tình trạng hôn nhân",
        "HT",
        3,
        WD,
        [
            ComponentSpec(f"{TO_KHAI} cấp Giấy xác nhận tình trạng hôn nhân", originals=1),
            ComponentSpec(
                "Bản án, quyết định ly hôn hoặc trích lục khai tử của vợ/chồng",
                copies=1,
                requirement="conditional",
                condition="Người đã có vợ/chồng nhưng đã ly hôn hoặc người kia đã chết",
            ),
            GIAY_TO_TUY_THAN,
        ],
        [hotich_fee],
        [ResultSpec("Giấy xác nhận tình trạng hôn nhân", BOTH)],
        [LUAT_HO_TICH, ND_123],
        reduced=(2, WD),
        online=OnlineLevel.FULL,
    )
    commune(
        "1.001022",
        "Đăng ký nhận cha, mẹ, con",
        "HT",
        3,
        WD,
        [
            ComponentSpec(f"{TO_KHAI} đăng ký nhận cha, mẹ, con", originals=1),
            ComponentSpec("Văn bản của cơ quan y tế, giám định xác nhận quan hệ cha, mẹ, con hoặc chứng cứ chứng minh", originals=1),
            GIAY_TO_TUY_THAN,
        ],
        [hotich_fee],
        [ResultSpec("Trích lục đăng ký nhận cha, mẹ, con", PAPER)],
        [LUAT_HO_TICH, ND_123],
    )
    commune(
        "1.004837",
        "Đăng ký giám hộ",
        "HT",
        3,
        WD,
        [
            ComponentSpec(f"{TO_KHAI} đăng ký giám hộ", originals=1),
            ComponentSpec("Văn bản cử người giám hộ", originals=1),
            GIAY_TO_TUY_THAN,
        ],
        [free],
        [ResultSpec("Trích lục đăng ký giám hộ", PAPER)],
        [LUAT_HO_TICH, ND_123],
    )
    commune(
        "1.004859",
        "Đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch",
        "HT",
        3,
        WD,
        [
            ComponentSpec(f"{TO_KHAI} đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch", originals=1),
            ComponentSpec("Giấy tờ làm căn cứ thay đổi, cải chính, bổ sung", certified_copies=1),
            GIAY_TO_TUY_THAN,
        ],
        [hotich_fee],
        [ResultSpec("Trích lục thay đổi, cải chính, bổ sung hộ tịch", PAPER)],
        [LUAT_HO_TICH, ND_123],
        reduced=(2, WD),
    )
    commune(
        "1.004884",
        "Đăng ký lại khai sinh",
        "HT",
        5,
        WD,
        [
            ComponentSpec(f"{TO_KHAI} đăng ký lại khai sinh", originals=1),
            ComponentSpec("Bản sao giấy khai sinh hoặc giấy tờ có thông tin khai sinh", copies=1),
            GIAY_TO_TUY_THAN,
        ],
        [free],
        [ResultSpec("Giấy khai sinh (đăng ký lại)", PAPER)],
        [LUAT_HO_TICH, ND_123],
    )
    commune(
        "1.000689",
        "Đăng ký khai sinh kết hợp nhận cha, mẹ, con",
        "HT",
        3,
        WD,
        [
            ComponentSpec(f"{TO_KHAI} đăng ký khai sinh và nhận cha, mẹ, con", originals=1),
            ComponentSpec("Giấy chứng sinh", originals=1),
            ComponentSpec("Chứng cứ chứng minh quan hệ cha, mẹ, con", originals=1),
            GIAY_TO_TUY_THAN,
        ],
        [hotich_fee],
        [ResultSpec("Giấy khai sinh", PAPER), ResultSpec("Trích lục đăng ký nhận cha, mẹ, con", PAPER)],
        [LUAT_HO_TICH, ND_123],
    )
    commune(
        "2.000635",
        "Cấp bản sao trích lục hộ tịch",
        "HT",
        0,
        SD,
        [ComponentSpec(f"{TO_KHAI} cấp bản sao trích lục hộ tịch", originals=1), GIAY_TO_TUY_THAN],
        [FeeSpec("Phí cấp bản sao trích lục hộ tịch", 8_000, "charge", "", unit="copy")],
        [ResultSpec("Bản sao trích lục hộ tịch", BOTH)],
        [LUAT_HO_TICH, ND_123],
        online=OnlineLevel.FULL,
        scope=CrossBoundary.PROVINCE,
    )
