"""Prize money, hand-computed (NĐ 152/2025 Điều 49–54: coefficient × the base salary in force on
the signing date, rounded up to the next 10,000 đồng; the highest prize only)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest

from decisions import money


@dataclass
class Row:
    amount: int
    effective_from: dt.date
    effective_to: dt.date | None = None


SALARIES = [
    Row(1_800_000, dt.date(2023, 7, 1)),
    Row(2_340_000, dt.date(2024, 7, 1)),
    Row(2_530_000, dt.date(2026, 7, 1)),
]


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2024, 6, 30), 1_800_000),
        (dt.date(2024, 7, 1), 2_340_000),
        (dt.date(2026, 6, 30), 2_340_000),  # the day before the change
        (dt.date(2026, 7, 1), 2_530_000),  # the day of the change
    ],
)
def test_money_base_salary_in_force_on_the_signing_date(day, expected) -> None:
    assert money.in_force(SALARIES, day).amount == expected


def test_money_no_base_salary_before_the_first_row_is_refused() -> None:
    with pytest.raises(money.MissingRate):
        money.in_force(SALARIES, dt.date(2020, 1, 1))


def test_money_a_row_with_an_end_date_stops_applying_after_it() -> None:
    rows = [Row(1, dt.date(2024, 1, 1), dt.date(2025, 6, 30)), Row(2, dt.date(2025, 7, 1))]
    assert money.in_force(rows, dt.date(2025, 6, 30)).amount == 1
    assert money.in_force(rows, dt.date(2025, 7, 1)).amount == 2


@pytest.mark.parametrize(
    ("coefficient", "base", "expected"),
    [
        # 0.3 × 2,340,000 = 702,000 → 710,000; 0.6 × 2,340,000 = 1,404,000 → 1,410,000
        ("0.3", 2_340_000, 710_000),
        ("0.6", 2_340_000, 1_410_000),
        # 0.3 × 2,530,000 = 759,000 → 760,000; 0.6 × 2,530,000 = 1,518,000 → 1,520,000
        ("0.3", 2_530_000, 760_000),
        ("0.6", 2_530_000, 1_520_000),
        # 1.0 × 2,340,000 = 2,340,000 is already a multiple: unchanged
        ("1.0", 2_340_000, 2_340_000),
        # 1.5 × 2,530,000 = 3,795,000 → 3,800,000; household 0.45 × 2,340,000 = 1,053,000 → 1,060,000
        ("1.5", 2_530_000, 3_800_000),
        ("0.45", 2_340_000, 1_060_000),
        # 0.8 × 1,800,000 = 1,440,000 (exact)
        ("0.8", 1_800_000, 1_440_000),
    ],
)
def test_money_prize_is_coefficient_times_base_rounded_up_to_ten_thousand(
    coefficient, base, expected
) -> None:
    assert money.prize_amount(coefficient=Decimal(coefficient), base_salary=base) == expected


def test_money_rounding_up_only_moves_what_is_not_a_multiple() -> None:
    assert money.round_up(1) == 10_000
    assert money.round_up(10_000) == 10_000
    assert money.round_up(10_001) == 20_000
    assert money.round_up(0) == 0


def test_money_signed_the_day_before_and_the_day_of_the_change() -> None:
    def prize(day, coefficient):
        base = money.in_force(SALARIES, day).amount
        return money.prize_amount(coefficient=Decimal(coefficient), base_salary=base)

    # Two collectives (0.6) and three individuals (0.3) of Giấy khen.
    before = 2 * prize(dt.date(2026, 6, 30), "0.6") + 3 * prize(dt.date(2026, 6, 30), "0.3")
    on_day = 2 * prize(dt.date(2026, 7, 1), "0.6") + 3 * prize(dt.date(2026, 7, 1), "0.3")
    assert before == 2 * 1_410_000 + 3 * 710_000 == 4_950_000
    assert on_day == 2 * 1_520_000 + 3 * 760_000 == 5_320_000
    assert money.amount_in_words(before) == "Bốn triệu chín trăm năm mươi nghìn đồng"
    assert money.amount_in_words(on_day) == "Năm triệu ba trăm hai mươi nghìn đồng"


def test_money_highest_prize_only_for_the_same_person_and_achievement() -> None:
    prizes = [
        money.Prize(ref=1, person="a", achievement=7, amount=710_000),
        money.Prize(ref=2, person="a", achievement=7, amount=2_340_000),
        money.Prize(ref=3, person="b", achievement=7, amount=710_000),
        money.Prize(ref=4, person="a", achievement=8, amount=710_000),  # another achievement
    ]
    decided, unpaid = money.highest_only(prizes)
    assert [(p.ref, p.paid) for p in decided] == [(1, False), (2, True), (3, True), (4, True)]
    assert [p.ref for p in unpaid] == [1]
    assert money.total(decided) == 2_340_000 + 710_000 + 710_000


def test_money_highest_prize_tie_keeps_the_first() -> None:
    prizes = [
        money.Prize(ref=1, person="a", achievement=7, amount=710_000),
        money.Prize(ref=2, person="a", achievement=7, amount=710_000),
    ]
    decided, _unpaid = money.highest_only(prizes)
    assert [(p.ref, p.paid) for p in decided] == [(1, True), (2, False)]


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (710_000, "Bảy trăm mười nghìn đồng"),
        (1_410_000, "Một triệu bốn trăm mười nghìn đồng"),
        (1_050_000, "Một triệu không trăm năm mươi nghìn đồng"),
        (2_340_000, "Hai triệu ba trăm bốn mươi nghìn đồng"),
        (3_800_000, "Ba triệu tám trăm nghìn đồng"),
        (15_210_000, "Mười lăm triệu hai trăm mười nghìn đồng"),
        (21_000_000, "Hai mươi mốt triệu đồng"),
        (104_000_000, "Một trăm linh bốn triệu đồng"),
        (1_234_000_000, "Một tỷ hai trăm ba mươi tư triệu đồng"),
        (2_000_010_000, "Hai tỷ không trăm mười nghìn đồng"),
        (0, "Không đồng"),
    ],
)
def test_money_amount_in_words(amount, words) -> None:
    assert money.amount_in_words(amount) == words
