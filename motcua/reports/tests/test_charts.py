"""The dashboard's chart data (pure): the figures given are the figures drawn."""

from dataclasses import dataclass, field
from decimal import Decimal

from motcua.reports import charts


@dataclass
class Line:
    label: str
    target: Decimal | None
    points: list = field(default_factory=list)


@dataclass
class Unit:
    name: str
    short_name: str = ""


@dataclass
class Values:
    values: dict


def test_trends_draw_each_month_and_the_target_dashed():
    lines = [
        Line("Đúng hạn", Decimal(95), [(1, Decimal("90.50")), (2, None), (3, Decimal(100))]),
        Line("Trực tuyến", None, [(1, Decimal(20)), (2, Decimal(25)), (3, Decimal(30))]),
        Line("Không có số liệu", Decimal(50)),  # no month: no line, no target
    ]
    config = charts.trends(lines)
    assert config["type"] == "line" and config["data"]["labels"] == ["T1", "T2", "T3"]
    on_time, target, online = config["data"]["datasets"]
    assert on_time["label"] == "Đúng hạn" and on_time["data"] == [90.5, None, 100.0]
    assert target["data"] == [95.0, 95.0, 95.0] and target["borderDash"] and target["borderColor"] == on_time["borderColor"]
    assert online["data"] == [20.0, 25.0, 30.0] and online["borderColor"] != on_time["borderColor"]
    assert charts.trends([Line("x", None)]) is None


def test_units_are_compared_highest_first_without_the_ones_with_no_figure():
    rows = [
        (Unit("UBND xã A", "Xã A"), Values({"on_time_rate": Decimal("80.00")})),
        (Unit("UBND xã B"), Values({"on_time_rate": None})),
        (Unit("UBND xã C", "Xã C"), Values({"on_time_rate": Decimal("99.10")})),
    ]
    config = charts.units(rows)
    assert config["data"]["labels"] == ["Xã C", "Xã A"] and config["data"]["datasets"][0]["data"] == [99.1, 80.0]
    assert config["options"]["indexAxis"] == "y"
    assert charts.units([(Unit("UBND xã B"), Values({"on_time_rate": None}))]) is None
