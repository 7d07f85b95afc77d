"""Fill the downloaded template the way a clerk would (shared by the Excel and browser tests)."""

from __future__ import annotations

import io
from datetime import date

from openpyxl import load_workbook

from nominations.excel import COLUMNS, DATA_SHEET

GOOD_ROWS = [
    {
        "kind": "Cá nhân",
        "full_name": "Đinh Văn Pó",
        "gender": "Nam",
        "birth_date": "12/03/1979",
        "ethnicity": "Hrê",
        "position": "Trưởng thôn",
        "workplace": "Thôn Làng Teng",
        "staff_category": "Người lao động trực tiếp, cơ sở",
    },
    {
        "kind": "Cá nhân",
        "full_name": "Phạm Thị Nhung",
        "gender": "Nữ",
        "birth_date": date(1988, 7, 1),
        "ethnicity": "Hrê",
        "position": "Chi hội trưởng phụ nữ",
        "workplace": "Thôn Làng Ré",
        "staff_category": "Người lao động trực tiếp, cơ sở",
    },
    {
        "kind": "Cá nhân",
        "full_name": "Nguyễn Văn Bình",
        "gender": "Nam",
        "birth_date": "01/01/1975",
        "ethnicity": "Kinh",
        "position": "Công chức Địa chính",
        "workplace": "UBND xã",
        "staff_category": "Cán bộ lãnh đạo, quản lý",
    },
    {
        "kind": "Cá nhân",
        "full_name": "Đinh Thị Lúa",
        "gender": "Nữ",
        "birth_date": "20/10/1990",
        "ethnicity": "Xơ-đăng",
        "position": "Y tá thôn",
        "workplace": "Thôn Nước Lang",
        "staff_category": "Người lao động trực tiếp, cơ sở",
    },
    {
        "kind": "Tập thể",
        "full_name": "Thôn Làng Ré, xã Ba Cung",
        "parent_unit_name": "UBND xã Ba Cung",
        "member_count": 96,
        "women_share": 52,
    },
]


def filled_template(template: bytes, rows: list[dict]) -> bytes:
    wb = load_workbook(io.BytesIO(template))
    ws = wb[DATA_SHEET]
    index = {c.key: i for i, c in enumerate(COLUMNS, start=1)}
    for r, row in enumerate(rows, start=2):
        values = {
            "achievement_summary": "Đã có thành tích xuất sắc trong phong trào thi đua.",
            "report_text": "Vận động đồng bào phát triển kinh tế, giữ gìn bản sắc văn hóa.",
            **row,
        }
        for key, value in values.items():
            ws.cell(row=r, column=index[key], value=value)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
