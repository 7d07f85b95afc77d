from __future__ import annotations

import datetime as dt

import pytest

from tests.factories import AuthorityFactory
from workdays.models import Holiday, HolidayKind
from workdays.services import add_working_days, is_working_day, working_days_between

pytestmark = pytest.mark.django_db


def test_holidays_seeded_by_migration_include_lunar_days() -> None:
    names = dict(Holiday.objects.filter(authority=None).values_list("date", "name"))
    assert names[dt.date(2025, 1, 29)] == "Tết Nguyên đán (mùng 1)"
    assert names[dt.date(2026, 2, 17)] == "Tết Nguyên đán (mùng 1)"
    assert names[dt.date(2025, 4, 7)] == "Giỗ Tổ Hùng Vương (10/3 âm lịch)"
    assert Holiday.objects.filter(date__year=2027, authority=None).count() >= 9


def test_add_working_days_skips_weekend() -> None:
    # Friday 7 March 2025 + 1 working day = Monday 10 March.
    assert add_working_days(dt.date(2025, 3, 7), 1) == dt.date(2025, 3, 10)
    assert add_working_days(dt.date(2025, 3, 7), 0) == dt.date(2025, 3, 7)


def test_add_working_days_across_tet_2026() -> None:
    # Friday 13/2/2026; Tết days off Mon 16 – Fri 20 Feb; first working day Mon 23 Feb.
    assert add_working_days(dt.date(2026, 2, 13), 1) == dt.date(2026, 2, 23)
    # 20 working days from Tuesday 10/2/2026: Wed–Fri (3), then 23/2–13/3 (15), 16 and 17/3.
    assert add_working_days(dt.date(2026, 2, 10), 20) == dt.date(2026, 3, 17)


def test_add_working_days_counts_make_up_saturday() -> None:
    # 2024: 29/4 bridged, 30/4 and 1/5 holidays, Saturday 4/5 worked in exchange.
    assert add_working_days(dt.date(2024, 4, 26), 1) == dt.date(2024, 5, 2)
    assert add_working_days(dt.date(2024, 5, 2), 2) == dt.date(2024, 5, 4)
    assert is_working_day(dt.date(2024, 5, 4))
    assert not is_working_day(dt.date(2024, 4, 29))


def test_working_days_between_across_tet_2025() -> None:
    # (24/1/2025, 3/2/2025]: 27–31 Jan are Tết, so only Monday 3 Feb counts.
    assert working_days_between(dt.date(2025, 1, 24), dt.date(2025, 2, 3)) == 1
    assert working_days_between(dt.date(2025, 2, 3), dt.date(2025, 1, 24)) == -1
    assert working_days_between(dt.date(2025, 3, 3), dt.date(2025, 3, 3)) == 0


def test_authority_holiday_applies_only_to_that_authority() -> None:
    authority = AuthorityFactory()
    other = AuthorityFactory()
    Holiday.objects.create(authority=authority, date=dt.date(2025, 3, 10), name="Lễ hội địa phương")
    assert add_working_days(dt.date(2025, 3, 7), 1, authority) == dt.date(2025, 3, 11)
    assert add_working_days(dt.date(2025, 3, 7), 1, other) == dt.date(2025, 3, 10)
    # An authority can also work a national day off (its own row overrides).
    Holiday.objects.create(
        authority=other, date=dt.date(2025, 9, 1), name="Trực", kind=HolidayKind.MAKE_UP
    )
    assert is_working_day(dt.date(2025, 9, 1), other)
    assert not is_working_day(dt.date(2025, 9, 1), authority)
