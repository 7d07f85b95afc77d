"""Excel (.xlsx) files written by the app (openpyxl, write-only: rows stream into the file).

One writer for every export (the appraisal desk's inbox, the monitoring lists): Vietnamese
headers, typed cells (dates as dates, money as numbers with a thousands format), an optional
title block (the authority's name, the export time) above the table, and text that is never a
formula."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A text starting with one of these is a formula to a spreadsheet program.
FORMULA_STARTS = ("=", "+", "-", "@")
DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"
MONEY_FORMAT = "#,##0"


def text_cell(sheet, value: Any, **style: Any) -> WriteOnlyCell:
    """A cell holding `value`; text is stored as text, never as a formula (a unit name or a
    letter number typed "=HYPERLINK(…)" must not run when the file is opened). Dates and
    times are typed (a time is written in local time: Excel has no time zones)."""
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value).replace(tzinfo=None)
        style.setdefault("number_format", DATETIME_FORMAT)
    elif isinstance(value, dt.date):
        style.setdefault("number_format", DATE_FORMAT)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
        cell.quotePrefix = True
    for name, attr in style.items():
        setattr(cell, name, attr)
    return cell


@dataclass(frozen=True)
class Column:
    header: str
    width: int = 14
    money: bool = False


def workbook(
    title: str,
    columns: Sequence[Column],
    rows: Iterable[Sequence[Any]],
    *,
    preamble: Sequence[str] = (),
    progress: Callable[[int], None] | None = None,
    progress_every: int = 1000,
) -> bytes:
    """The file's bytes: the preamble lines (bold), an empty line, the header row, the rows.
    `progress(n)` is called every `progress_every` rows (a background export's progress bar)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31])
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    header_row = len(preamble) + (2 if preamble else 1)
    sheet.freeze_panes = f"A{header_row + 1}"
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for line in preamble:
        sheet.append([text_cell(sheet, line, font=bold)])
    if preamble:
        sheet.append([])
    sheet.append([text_cell(sheet, c.header, font=bold, alignment=wrap) for c in columns])
    money = [c.money for c in columns]
    done = 0
    for row in rows:
        cells = []
        for index, value in enumerate(row):
            if index < len(money) and money[index] and isinstance(value, int | Decimal):
                cells.append(text_cell(sheet, value, number_format=MONEY_FORMAT))
            else:
                cells.append(text_cell(sheet, value))
        sheet.append(cells)
        done += 1
        if progress is not None and done % progress_every == 0:
            progress(done)
    out = io.BytesIO()
    book.save(out)
    if progress is not None:
        progress(done)
    return out.getvalue()
