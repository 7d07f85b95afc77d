"""Working-day arithmetic for the processing clock: weekends and the holiday calendar skipped."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Q

from .models import Holiday, HolidayKind


class Calendar:
    """The days off and make-up days of one authority over a date range (one query)."""

    def __init__(self, start: date, end: date, authority=None) -> None:
        self.start, self.end = start, end
        scope = Q(authority__isnull=True)
        authority_id = getattr(authority, "pk", authority)
        if authority_id:
            scope |= Q(authority_id=authority_id)
        self.days_off: set[date] = set()
        self.make_up: set[date] = set()
        # National rows first, the authority's own rows override them.
        rows = (
            Holiday.objects.filter(scope, date__gte=start, date__lte=end)
            .order_by("authority_id", "date")
            .values_list("date", "kind", "authority_id")
        )
        for day, kind, _owner in sorted(rows, key=lambda r: r[2] is not None):
            if kind == HolidayKind.MAKE_UP:
                self.make_up.add(day)
                self.days_off.discard(day)
            else:
                self.days_off.add(day)
                self.make_up.discard(day)

    def is_working_day(self, day: date) -> bool:
        if day in self.make_up:
            return True
        return day.weekday() < 5 and day not in self.days_off


def add_working_days(start: date, n: int, authority=None) -> date:
    """The n-th working day after `start` (start itself is not counted). n = 0 returns start."""
    if n <= 0:
        return start
    span = n * 2 + 30
    while True:
        calendar = Calendar(start, start + timedelta(days=span), authority)
        day, left = start, n
        while day < calendar.end:
            day += timedelta(days=1)
            if calendar.is_working_day(day):
                left -= 1
                if left == 0:
                    return day
        span *= 2  # a very long run of holidays: widen the window


def working_days_between(start: date, end: date, authority=None) -> int:
    """Working days in (start, end]; negative when end is before start."""
    if end == start:
        return 0
    if end < start:
        return -working_days_between(end, start, authority)
    calendar = Calendar(start, end, authority)
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        if calendar.is_working_day(day):
            count += 1
    return count


def is_working_day(day: date, authority=None) -> bool:
    return Calendar(day, day, authority).is_working_day(day)
