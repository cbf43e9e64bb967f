"""The indicators of the real-time service index shipped with motcua (Decision 766/QĐ-TTg);
the points and thresholds not fixed by the decision are assumptions an administrator edits
(groups 1 and 4 split their 18 and 22 points over the indicators our data computes)."""

from decimal import Decimal

from .models import IndexIndicator

PUBLICITY = "Công khai, minh bạch"
DIGITISATION = "Mức độ số hóa hồ sơ"
INDICATORS = [
    # code, group, group name, name, formula, max points, threshold %
    ("cong-bo-dung-han", 1, PUBLICITY, "Thủ tục hành chính được công bố, công khai đúng hạn", "published_on_time", 6, 100),
    ("cong-khai-day-du", 1, PUBLICITY, "Thủ tục hành chính được công khai đầy đủ các bộ phận", "published_complete", 6, 100),
    ("dong-bo-dvcqg", 1, PUBLICITY, "Hồ sơ được đồng bộ lên Cổng Dịch vụ công quốc gia", "synced_national", 6, 100),
    (
        "tien-do",
        2,
        "Tiến độ, kết quả giải quyết",
        "Hồ sơ giải quyết đúng hạn (hồ sơ yêu cầu bổ sung quá 1 lần tính là trễ hạn)",
        "on_time_766",
        20,
        100,
    ),
    (
        "tthc-truc-tuyen",
        3,
        "Cung cấp dịch vụ trực tuyến",
        "Thủ tục hành chính cung cấp dịch vụ công trực tuyến",
        "procedures_online",
        6,
        80,
    ),
    (
        "tthc-phat-sinh",
        3,
        "Cung cấp dịch vụ trực tuyến",
        "Thủ tục trực tuyến có phát sinh hồ sơ trực tuyến",
        "procedures_online_used",
        6,
        100,
    ),
    ("ho-so-truc-tuyen", 3, "Cung cấp dịch vụ trực tuyến", "Hồ sơ nộp trực tuyến", "online_share", 10, 50),
    ("ket-qua-dien-tu", 4, DIGITISATION, "Hồ sơ có kết quả điện tử (ký số)", "electronic_results", 6, 100),
    ("so-hoa", 4, DIGITISATION, "Hồ sơ được số hóa thành phần", "digitised", 6, 80),
    ("tai-su-dung", 4, DIGITISATION, "Hồ sơ khai thác, sử dụng lại dữ liệu đã số hóa", "reused", 4, 30),
    ("kho-du-lieu", 4, DIGITISATION, "Giấy tờ lấy từ kho dữ liệu của người nộp", "from_store", 3, 30),
    ("vneid", 4, DIGITISATION, "Hồ sơ trực tuyến nộp bằng tài khoản định danh điện tử (VNeID)", "vneid", 3, 80),
    ("hai-long", 5, "Mức độ hài lòng", "Mức độ hài lòng trong tiếp nhận, giải quyết thủ tục", "satisfaction", 6, 90),
]


# Indicators whose shipped points changed, with the points they shipped with before: an
# installation that still has those gets the new ones, an administrator's own value stays.
REWEIGHTED = {"ket-qua-dien-tu": 11, "so-hoa": 11}


def install(apps=None) -> None:
    model = apps.get_model("reports", "IndexIndicator") if apps else IndexIndicator
    for position, (code, group, group_name, name, formula, max_points, threshold) in enumerate(INDICATORS):
        model.objects.get_or_create(
            code=code,
            defaults={
                "group": group,
                "group_name": group_name,
                "name": name,
                "formula": formula,
                "max_points": Decimal(max_points),
                "threshold": Decimal(threshold),
                "position": position,
            },
        )


def reweight(apps=None) -> None:
    model = apps.get_model("reports", "IndexIndicator") if apps else IndexIndicator
    shipped = {code: max_points for code, _g, _gn, _n, _f, max_points, _t in INDICATORS}
    for code, before in REWEIGHTED.items():
        model.objects.filter(code=code, max_points=Decimal(before)).update(max_points=Decimal(shipped[code]))
