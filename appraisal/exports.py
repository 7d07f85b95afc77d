"""Excel exports of the appraisal desk (openpyxl, write-only: rows stream into the file)."""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font

from nominations.models import Dossier

from .selectors import DueWindow

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A text starting with one of these is a formula to a spreadsheet program.
FORMULA_STARTS = ("=", "+", "-", "@")


def text_cell(sheet, value: Any, **style: Any) -> WriteOnlyCell:
    """A cell holding `value`; text is stored as text, never as a formula (a unit name or a
    letter number typed "=HYPERLINK(…)" must not run when the file is opened)."""
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
        cell.quotePrefix = True
    for name, attr in style.items():
        setattr(cell, name, attr)
    return cell


def _workbook(title: str, headers: list[str], rows: Iterable[list[Any]], widths: list[int]):
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31])
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    sheet.append([text_cell(sheet, h, font=bold, alignment=wrap) for h in headers])
    for row in rows:
        sheet.append([text_cell(sheet, v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def inbox_workbook(dossiers: QuerySet[Dossier], *, window: DueWindow) -> bytes:
    """The filtered inbox, every page of it: one row per dossier, Vietnamese headers (a constant
    number of queries; rows read in chunks)."""
    headers = [
        _("STT"),
        _("Số đến"),
        _("Số tờ trình"),
        _("Ngày tờ trình"),
        _("Đơn vị"),
        _("Loại đơn vị"),
        _("Kế hoạch"),
        _("Số tập thể, cá nhân"),
        _("Gửi lúc"),
        _("Hạn xử lý"),
        _("Tình trạng hạn"),
        _("Trạng thái"),
        _("Số lần trả lại"),
    ]
    due_labels = {"overdue": _("Quá hạn"), "soon": _("Sắp đến hạn"), "": ""}
    qs = dossiers.select_related("unit__kind", "campaign")

    def rows():
        for number, d in enumerate(qs.iterator(chunk_size=1000), start=1):
            submitted = timezone.localtime(d.submitted_at) if d.submitted_at else None
            yield [
                number,
                d.incoming_number,
                d.letter_number,
                d.letter_date.strftime("%d/%m/%Y") if d.letter_date else "",
                d.unit.name,
                d.unit.kind.name if d.unit.kind_id else "",
                d.campaign.title,
                d.nominee_count,
                submitted.strftime("%d/%m/%Y %H:%M") if submitted else "",
                d.due_date.strftime("%d/%m/%Y") if d.due_date else "",
                due_labels.get(window.state(d), ""),
                d.get_status_display(),
                d.return_count,
            ]

    return _workbook(
        _("Hồ sơ đến"), headers, rows(), [6, 12, 16, 12, 36, 18, 48, 10, 16, 12, 14, 20, 8]
    )
