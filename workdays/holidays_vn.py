"""Vietnam's public holidays 2024–2027 as data (seeded by a data migration, editable in the admin).

Sources: Bộ luật Lao động 2019, Điều 112 (1/1; Tết Âm lịch 5 days; Giỗ Tổ Hùng Vương 10/3 lunar;
30/4; 1/5; 2/9 plus one adjacent day; a holiday on a weekly rest day is compensated on the next
working day) and the yearly announcements for civil servants (Bộ LĐ-TB&XH until 2025, Bộ Nội vụ
since), which bridge days and set make-up Saturdays. Lunar dates: Tết 10/02/2024, 29/01/2025,
17/02/2026, 06/02/2027; Giỗ Tổ 18/04/2024, 07/04/2025, 26/04/2026, 16/04/2027 (from the new
moons in Vietnam time).

Rows marked UNSURE are the team's best reading (2026 after the summer and all of 2027 had not
been announced when this was written): an administrator must check them against the year's
official announcement and correct them in the admin (workdays › Holiday).
"""

from __future__ import annotations

from datetime import date
from typing import Any

UNSURE = "Chưa đối chiếu thông báo chính thức — kiểm tra lại"

DAY_OFF = "day_off"
MAKE_UP = "make_up"

# (date, name, kind, note)
HOLIDAYS: list[tuple[date, str, str, str]] = [
    # 2024
    (date(2024, 1, 1), "Tết Dương lịch", DAY_OFF, ""),
    (date(2024, 2, 8), "Tết Nguyên đán (28 Tết)", DAY_OFF, ""),
    (date(2024, 2, 9), "Tết Nguyên đán (29 Tết)", DAY_OFF, ""),
    (date(2024, 2, 12), "Tết Nguyên đán (mùng 3)", DAY_OFF, ""),
    (date(2024, 2, 13), "Tết Nguyên đán (mùng 4)", DAY_OFF, ""),
    (date(2024, 2, 14), "Tết Nguyên đán (mùng 5)", DAY_OFF, ""),
    (date(2024, 4, 18), "Giỗ Tổ Hùng Vương (10/3 âm lịch)", DAY_OFF, ""),
    (date(2024, 4, 29), "Nghỉ hoán đổi dịp 30/4 - 1/5", DAY_OFF, "Làm bù thứ Bảy 04/5/2024"),
    (date(2024, 4, 30), "Ngày Chiến thắng", DAY_OFF, ""),
    (date(2024, 5, 1), "Ngày Quốc tế Lao động", DAY_OFF, ""),
    (date(2024, 5, 4), "Làm bù cho ngày 29/4/2024", MAKE_UP, ""),
    (date(2024, 9, 2), "Quốc khánh", DAY_OFF, ""),
    (date(2024, 9, 3), "Quốc khánh (ngày liền kề)", DAY_OFF, ""),
    # 2025
    (date(2025, 1, 1), "Tết Dương lịch", DAY_OFF, ""),
    (date(2025, 1, 27), "Tết Nguyên đán (28 Tết)", DAY_OFF, ""),
    (date(2025, 1, 28), "Tết Nguyên đán (29 Tết)", DAY_OFF, ""),
    (date(2025, 1, 29), "Tết Nguyên đán (mùng 1)", DAY_OFF, ""),
    (date(2025, 1, 30), "Tết Nguyên đán (mùng 2)", DAY_OFF, ""),
    (date(2025, 1, 31), "Tết Nguyên đán (mùng 3)", DAY_OFF, ""),
    (date(2025, 4, 7), "Giỗ Tổ Hùng Vương (10/3 âm lịch)", DAY_OFF, ""),
    (date(2025, 4, 26), "Làm bù cho ngày 02/5/2025", MAKE_UP, ""),
    (date(2025, 4, 30), "Ngày Chiến thắng", DAY_OFF, ""),
    (date(2025, 5, 1), "Ngày Quốc tế Lao động", DAY_OFF, ""),
    (date(2025, 5, 2), "Nghỉ hoán đổi dịp 30/4 - 1/5", DAY_OFF, "Làm bù thứ Bảy 26/4/2025"),
    (date(2025, 9, 1), "Quốc khánh (ngày liền kề)", DAY_OFF, ""),
    (date(2025, 9, 2), "Quốc khánh", DAY_OFF, ""),
    # 2026
    (date(2026, 1, 1), "Tết Dương lịch", DAY_OFF, ""),
    (date(2026, 1, 2), "Nghỉ hoán đổi dịp Tết Dương lịch", DAY_OFF, UNSURE),
    (date(2026, 1, 10), "Làm bù cho ngày 02/01/2026", MAKE_UP, UNSURE),
    (date(2026, 2, 16), "Tết Nguyên đán (29 Tết)", DAY_OFF, ""),
    (date(2026, 2, 17), "Tết Nguyên đán (mùng 1)", DAY_OFF, ""),
    (date(2026, 2, 18), "Tết Nguyên đán (mùng 2)", DAY_OFF, ""),
    (date(2026, 2, 19), "Tết Nguyên đán (mùng 3)", DAY_OFF, ""),
    (date(2026, 2, 20), "Tết Nguyên đán (mùng 4)", DAY_OFF, ""),
    (date(2026, 4, 27), "Giỗ Tổ Hùng Vương (nghỉ bù cho Chủ nhật 26/4)", DAY_OFF, ""),
    (date(2026, 4, 30), "Ngày Chiến thắng", DAY_OFF, ""),
    (date(2026, 5, 1), "Ngày Quốc tế Lao động", DAY_OFF, ""),
    (date(2026, 9, 1), "Quốc khánh (ngày liền kề)", DAY_OFF, UNSURE),
    (date(2026, 9, 2), "Quốc khánh", DAY_OFF, ""),
    # 2027 (not yet announced: every bridged/compensated day is a reading of Điều 112)
    (date(2027, 1, 1), "Tết Dương lịch", DAY_OFF, ""),
    (date(2027, 2, 4), "Tết Nguyên đán (28 Tết)", DAY_OFF, UNSURE),
    (date(2027, 2, 5), "Tết Nguyên đán (29 Tết)", DAY_OFF, UNSURE),
    (date(2027, 2, 8), "Tết Nguyên đán (mùng 3)", DAY_OFF, UNSURE),
    (date(2027, 2, 9), "Tết Nguyên đán (mùng 4)", DAY_OFF, UNSURE),
    (date(2027, 2, 10), "Tết Nguyên đán (mùng 5)", DAY_OFF, UNSURE),
    (date(2027, 4, 16), "Giỗ Tổ Hùng Vương (10/3 âm lịch)", DAY_OFF, UNSURE),
    (date(2027, 4, 30), "Ngày Chiến thắng", DAY_OFF, ""),
    (date(2027, 5, 3), "Ngày Quốc tế Lao động (nghỉ bù cho thứ Bảy 01/5)", DAY_OFF, ""),
    (date(2027, 9, 2), "Quốc khánh", DAY_OFF, ""),
    (date(2027, 9, 3), "Quốc khánh (ngày liền kề)", DAY_OFF, UNSURE),
]


def ensure_holidays(holiday_model: Any = None) -> None:
    """Create the national rows that are missing (idempotent; never overwrites an admin's edit)."""
    if holiday_model is None:
        from .models import Holiday

        holiday_model = Holiday
    for day, name, kind, note in HOLIDAYS:
        holiday_model.objects.get_or_create(
            authority=None, date=day, defaults={"name": name, "kind": kind, "note": note}
        )
