"""The indicators of the real-time service index shipped with motcua (Decision 766/QĐ-TTg);
the points and thresholds not fixed by the decision are assumptions an administrator edits."""

from decimal import Decimal

from .models import IndexIndicator

INDICATORS = [
    # code, group, group name, name, formula, max points, threshold %
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
    ("ket-qua-dien-tu", 4, "Mức độ số hóa hồ sơ", "Hồ sơ có kết quả điện tử", "electronic_results", 11, 100),
    ("so-hoa", 4, "Mức độ số hóa hồ sơ", "Hồ sơ được số hóa thành phần", "digitised", 11, 80),
    ("hai-long", 5, "Mức độ hài lòng", "Mức độ hài lòng trong tiếp nhận, giải quyết thủ tục", "satisfaction", 6, 90),
]


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
