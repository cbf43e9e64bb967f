"""The fee rules (docs/rules.md section 8), with amounts worked out by hand."""

import pytest

from motcua.fees.calculator import FeeError, FeeRule, Quantity, Reduction, due, line, total

BIRTH = FeeRule("Lệ phí hộ tịch", "fee", 15_000)
EXTRACT = FeeRule("Phí cấp bản sao trích lục", "charge", 8_000, unit="copy")
# Certifying copies: 2.000 đồng a page for the first two pages, 1.000 đồng from the third, at most 200.000 đồng a copy.
CERTIFY = FeeRule("Phí chứng thực bản sao", "charge", 2_000, unit="page", first_units=2, next_amount=1_000, max_amount=200_000)
BUSINESS = FeeRule("Lệ phí đăng ký hộ kinh doanh", "fee", 100_000, online_amount=0)


@pytest.mark.parametrize(
    ("rule", "quantity", "online", "expected"),
    [
        (BIRTH, Quantity(), False, 15_000),
        (BIRTH, Quantity(copies=4, pages=9), False, 15_000),  # per dossier: copies and pages do not count
        (EXTRACT, Quantity(copies=3), False, 24_000),
        (CERTIFY, Quantity(copies=1, pages=1), False, 2_000),
        (CERTIFY, Quantity(copies=1, pages=2), False, 4_000),
        (CERTIFY, Quantity(copies=1, pages=5), False, 7_000),  # 2 x 2.000 + 3 x 1.000
        (CERTIFY, Quantity(copies=2, pages=5), False, 14_000),
        (CERTIFY, Quantity(copies=1, pages=300), False, 200_000),  # 302.000 capped
        (CERTIFY, Quantity(copies=3, pages=300), False, 600_000),  # the cap is per copy
        (BUSINESS, Quantity(), False, 100_000),
        (BUSINESS, Quantity(), True, 0),  # free when filed online
        (EXTRACT, Quantity(copies=2), True, 16_000),  # no online amount: the same
    ],
)
def test_what_each_rule_charges(rule, quantity, online, expected):
    assert due(rule, quantity, online=online) == expected


def test_a_reduction_needs_its_ground_and_must_be_lower():
    reduced = line(FeeRule("Phí lý lịch tư pháp", "charge", 200_000), reduction=Reduction(100_000, "  Sinh viên  "))
    assert (reduced.due, reduced.amount, reduced.ground, reduced.reduced) == (200_000, 100_000, "Sinh viên", True)
    exempt = line(BIRTH, reduction=Reduction(0, "Hộ nghèo"))
    assert exempt.amount == 0 and exempt.reduced
    assert total([reduced, exempt, line(EXTRACT, Quantity(copies=2))]) == 116_000
    for bad in (Reduction(100_000, ""), Reduction(15_000, "Không giảm gì"), Reduction(-1, "Âm"), Reduction(1, "x" * 301)):
        with pytest.raises(FeeError):
            line(BIRTH if bad.amount < 100_000 else FeeRule("Phí", "charge", 200_000), reduction=bad)


@pytest.mark.parametrize("quantity", [Quantity(copies=0), Quantity(copies=1001), Quantity(pages=0), Quantity(pages=10_001)])
def test_quantities_out_of_range_are_refused(quantity):
    with pytest.raises(FeeError):
        due(CERTIFY, quantity)
