import datetime as dt

import pytest

from documents import vietnamese as vn


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2024, 4, 5), "ngày 05 tháng 4 năm 2024"),
        (dt.date(2024, 4, 15), "ngày 15 tháng 4 năm 2024"),
        (dt.date(2026, 1, 5), "ngày 05 tháng 01 năm 2026"),
        (dt.date(2026, 2, 28), "ngày 28 tháng 02 năm 2026"),
        (dt.date(2025, 12, 1), "ngày 01 tháng 12 năm 2025"),
        ("2024-03-09", "ngày 09 tháng 3 năm 2024"),
    ],
)
def test_long_date_pads_day_and_first_two_months(day, expected) -> None:
    assert vn.long_date(day) == expected


def test_long_date_missing_prints_blanks() -> None:
    assert vn.long_date(None) == "ngày …… tháng …… năm ……"


def test_place_and_date() -> None:
    assert vn.place_and_date("Ba Tơ", dt.date(2024, 4, 15)) == "Ba Tơ, ngày 15 tháng 4 năm 2024"


def test_short_date() -> None:
    assert vn.short_date(dt.date(2023, 7, 27)) == "27/7/2023"
    assert vn.short_date(dt.date(2024, 2, 1)) == "01/02/2024"


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (2340000, "2.340.000 đồng"),
        (1404000, "1.404.000 đồng"),
        (500, "500 đồng"),
        (0, "0 đồng"),
        ("2530000", "2.530.000 đồng"),
    ],
)
def test_money_uses_dot_thousands(amount, text) -> None:
    assert vn.money(amount) == text


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (2340000, "Hai triệu ba trăm bốn mươi nghìn đồng"),
        (1404000, "Một triệu bốn trăm lẻ bốn nghìn đồng"),
        (21, "Hai mươi mốt đồng"),
    ],
)
def test_amount_in_words(amount, words) -> None:
    assert vn.amount_in_words(amount) == words


def test_document_number_zero_pads_below_ten() -> None:
    assert vn.document_number(5) == "05"
    assert vn.document_number(12) == "12"
    assert vn.document_number(123) == "123"


def test_roman() -> None:
    assert [vn.roman(n) for n in (1, 4, 5, 9, 14, 40)] == ["I", "IV", "V", "IX", "XIV", "XL"]
    with pytest.raises(ValueError):
        vn.roman(0)


def test_normalise_data_composes_letters() -> None:
    decomposed = "Vie\u0302\u0323t Nam"
    assert vn.normalise_data({"a": [decomposed]}) == {"a": ["Việt Nam"]}
