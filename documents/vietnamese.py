"""Vietnamese formatting for official documents (Nghị định 30/2020/NĐ-CP, Phụ lục I)."""

from __future__ import annotations

import datetime as dt
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

from num2words import num2words


def as_date(value: dt.date | str | None) -> dt.date | None:
    """Accept a date or an ISO string (document data is stored as JSON)."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def pad_day(day: int) -> str:
    """Days below 10 are written with a leading zero: 05."""
    return f"{day:02d}"


def pad_month(month: int) -> str:
    """Only January and February take a leading zero (01, 02), so that they cannot be misread."""
    return f"{month:02d}" if month in (1, 2) else str(month)


def long_date(value: dt.date | str | None, *, blank: str = "……") -> str:
    """'ngày 05 tháng 4 năm 2024'. A missing date prints blanks to be filled by hand."""
    day = as_date(value)
    if day is None:
        return f"ngày {blank} tháng {blank} năm {blank}"
    return f"ngày {pad_day(day.day)} tháng {pad_month(day.month)} năm {day.year}"


def place_and_date(place: str, value: dt.date | str | None) -> str:
    """'Ba Tơ, ngày 05 tháng 4 năm 2024'."""
    return f"{place}, {long_date(value)}"


def short_date(value: dt.date | str | None) -> str:
    """'05/4/2024' as used in running text (Căn cứ …ngày 27/7/2023)."""
    day = as_date(value)
    if day is None:
        return ""
    return f"{pad_day(day.day)}/{pad_month(day.month)}/{day.year}"


def document_number(number: int | None) -> str:
    """Numbers below 10 are zero-padded (Số: 05/QĐ-UBND); no number prints a blank."""
    if number is None:
        return "\u2002\u2002\u2002"
    return f"{number:02d}"


def group_thousands(value: int | Decimal | str) -> str:
    """2340000 → '2.340.000' (dot as thousands separator, comma for decimals)."""
    number = Decimal(str(value))
    sign = "-" if number < 0 else ""
    number = abs(number)
    integral = int(number)
    fraction = number - integral
    text = f"{integral:,}".replace(",", ".")
    if fraction:
        digits = str(fraction.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))[2:].rstrip("0")
        text = f"{text},{digits}"
    return sign + text


def money(value: int | Decimal | str) -> str:
    """'2.340.000 đồng'."""
    return f"{group_thousands(value)} đồng"


def amount_in_words(value: int | Decimal | str) -> str:
    """'Hai triệu ba trăm bốn mươi nghìn đồng' (num2words, Vietnamese), first letter capital."""
    words = num2words(int(Decimal(str(value))), lang="vi").strip()
    words = " ".join(words.split())
    return f"{words[:1].upper()}{words[1:]} đồng"


ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


def roman(number: int) -> str:
    if number <= 0:
        raise ValueError("Roman numerals start at 1")
    out = []
    for value, letters in ROMAN:
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)


def nfc(text: str) -> str:
    """Normalise to precomposed letters: one glyph per letter in the PDF font."""
    return unicodedata.normalize("NFC", text)


def normalise_data(value):
    """NFC-normalise every string of JSON-like document data."""
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, list):
        return [normalise_data(v) for v in value]
    if isinstance(value, dict):
        return {k: normalise_data(v) for k, v in value.items()}
    return value
