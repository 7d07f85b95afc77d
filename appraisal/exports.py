"""Excel exports of the appraisal desk, through the one writer of documents/spreadsheets.py."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.spreadsheets import XLSX_TYPE, Column, workbook
from nominations.models import Dossier

from .selectors import DueWindow


def _workbook(title: str, headers: list[str], rows: Iterable[list[Any]], widths: list[int]):
    columns = [Column(h, w) for h, w in zip(headers, widths, strict=True)]
    return workbook(title, columns, rows)


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


__all__ = ["XLSX_TYPE", "inbox_workbook"]
