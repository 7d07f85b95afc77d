"""Prize money by the law, as pure functions (no database): NĐ 152/2025/NĐ-CP Điều 49–54.

amount = coefficient × the base salary (mức lương cơ sở) in force on the decision's signing date,
rounded up to the next 10,000 đồng; a person with several awards for the same achievement gets
only the highest prize. The rows (coefficients, base salaries) are data, read by the caller and
passed in; these functions only compute, so they are tested by hand-computed cases.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_CEILING, Decimal
from typing import Protocol

ROUNDING_STEP = 10_000  # "làm tròn số lên hàng chục nghìn đồng"


class Dated(Protocol):
    effective_from: dt.date


class MissingRate(LookupError):
    """No base salary or coefficient is in force on the day asked."""


def in_force(rows: Iterable[Dated], day: dt.date) -> Dated:
    """The row in force on `day`: the latest `effective_from` on or before it (a row may also
    carry `effective_to`, the last day it applies)."""
    found = None
    for row in rows:
        end = getattr(row, "effective_to", None)
        applies = row.effective_from <= day and (end is None or day <= end)
        if applies and (found is None or row.effective_from > found.effective_from):
            found = row
    if found is None:
        raise MissingRate(day)
    return found


def round_up(amount: Decimal | int, step: int = ROUNDING_STEP) -> int:
    """Round up to the next multiple of `step` (an exact multiple stays as it is)."""
    value = Decimal(amount)
    if value <= 0:
        return 0
    return int((value / step).to_integral_value(rounding=ROUND_CEILING)) * step


def prize_amount(*, coefficient: Decimal | str, base_salary: int) -> int:
    """coefficient × base salary, rounded up to the next 10,000 đồng."""
    return round_up(Decimal(str(coefficient)) * Decimal(base_salary))


@dataclass(frozen=True)
class Prize:
    """One award's money: who (the person's key), for which achievement, how much, and whether it
    is paid (False: the person gets a higher prize for the same achievement elsewhere)."""

    ref: Hashable  # the line / nominee it belongs to
    person: Hashable  # the same person across nominees (folded name + birth date)
    achievement: Hashable  # the same achievement (the campaign)
    amount: int
    paid: bool = True


def highest_only(prizes: Sequence[Prize]) -> tuple[list[Prize], list[Prize]]:
    """Keep, for each person and achievement, only the highest prize (the first one on a tie).
    Returns every prize (the others marked unpaid) and the unpaid ones, for the warning."""
    best: dict[tuple[Hashable, Hashable], Prize] = {}
    for prize in prizes:
        key = (prize.person, prize.achievement)
        if key not in best or prize.amount > best[key].amount:
            best[key] = prize
    kept_refs = {p.ref for p in best.values()}
    result = [p if p.ref in kept_refs else replace(p, paid=False) for p in prizes]
    return result, [p for p in result if not p.paid]


def total(prizes: Iterable[Prize]) -> int:
    return sum(p.amount for p in prizes if p.paid)


# --- Amounts in words ------------------------------------------------------------------------

_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_GROUPS = ("", "nghìn", "triệu")


def _triple(n: int, *, full: bool) -> list[str]:
    """Words of 0–999; `full` when a higher group precedes it ("không trăm linh năm")."""
    hundreds, tens, units = n // 100, n // 10 % 10, n % 10
    words: list[str] = []
    if full or hundreds:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            if words:
                words.append("linh")
            words.append(_DIGITS[units])
    elif tens == 1:
        words.append("mười")
        if units == 5:
            words.append("lăm")
        elif units:
            words.append(_DIGITS[units])
    else:
        words += [_DIGITS[tens], "mươi"]
        if units == 1:
            words.append("mốt")
        elif units == 4:
            words.append("tư")
        elif units == 5:
            words.append("lăm")
        elif units:
            words.append(_DIGITS[units])
    return words


def _below_billion(n: int, *, full: bool) -> list[str]:
    groups = [n // 1_000_000 % 1000, n // 1000 % 1000, n % 1000]
    words: list[str] = []
    for value, name in zip(groups, reversed(_GROUPS), strict=True):
        if value:
            words += _triple(value, full=full or bool(words))
            if name:
                words.append(name)
    return words


def number_in_words(n: int) -> str:
    """1_410_000 → 'một triệu bốn trăm mười nghìn'; 1_050_000 → 'một triệu không trăm năm mươi
    nghìn' (as Vietnamese accounting writes it)."""
    if n < 0:
        return "âm " + number_in_words(-n)
    if n == 0:
        return _DIGITS[0]
    billions, rest = divmod(n, 1_000_000_000)
    words: list[str] = []
    if billions:
        words += [*number_in_words(billions).split(), "tỷ"]
    if rest:
        words += _below_billion(rest, full=bool(billions))
    return " ".join(words)


def amount_in_words(amount: int) -> str:
    """'Một triệu bốn trăm mười nghìn đồng' (first letter capital)."""
    words = number_in_words(int(amount))
    return f"{words[:1].upper()}{words[1:]} đồng"
