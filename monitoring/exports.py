"""Excel exports of the monitoring lists, through the one writer of documents/spreadsheets.py:
nominees with their results, dossiers with their status and dates, the awardees of a decision
with their prize money. Each has the authority's name and the export time at the top; the
rows are read in chunks (constant queries whatever the size)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from decisions.models import Decision
from documents.spreadsheets import Column, workbook

from .enums import ExportKind
from .selectors import Scope, awardee_rows, dossier_rows, nominee_rows

Progress = Callable[[int], None] | None


@dataclass(frozen=True)
class ExportRequest:
    """What to export, as the JSON-able parameters a background job keeps."""

    kind: str
    campaign_id: int
    unit_id: int | None = None  # the person's scope: his unit only
    status: str = ""
    decision_id: int | None = None

    def as_params(self) -> dict:
        return {
            "kind": self.kind,
            "campaign_id": self.campaign_id,
            "unit_id": self.unit_id,
            "status": self.status,
            "decision_id": self.decision_id,
        }


def _preamble(scope: Scope, title: str) -> list[str]:
    campaign = scope.campaign
    lines = [
        campaign.authority.name.upper(),
        title,
        _("Kế hoạch: %(ref)s — %(title)s")
        % {
            "ref": campaign.reference,
            "title": campaign.title,
        },
    ]
    if scope.unit is not None:
        lines.append(_("Đơn vị: %(unit)s") % {"unit": scope.unit.name})
    lines.append(
        _("Xuất lúc %(time)s") % {"time": timezone.localtime().strftime("%H:%M ngày %d/%m/%Y")}
    )
    return lines


def nominees_workbook(scope: Scope, *, status: str = "", progress: Progress = None) -> bytes:
    columns = [
        Column(_("STT"), 6),
        Column(_("Họ và tên / tên tập thể"), 30),
        Column(_("Đối tượng"), 10),
        Column(_("Giới tính"), 8),
        Column(_("Ngày sinh"), 12),
        Column(_("Dân tộc"), 12),
        Column(_("Chức vụ"), 24),
        Column(_("Đơn vị công tác"), 28),
        Column(_("Đơn vị đề nghị"), 30),
        Column(_("Hình thức đề nghị"), 28),
        Column(_("Trạng thái hồ sơ"), 18),
        Column(_("Kết quả"), 22),
        Column(_("Ngày gửi hồ sơ"), 16),
    ]
    qs = nominee_rows(scope, status=status)

    def rows():
        for number, n in enumerate(qs.iterator(chunk_size=2000), start=1):
            yield [
                number,
                n.full_name,
                n.get_kind_display(),
                n.get_gender_display(),
                n.birth_date,
                n.ethnicity.name if n.ethnicity_id else "",
                n.position,
                n.workplace,
                n.dossier.unit.name,
                n.award_offer.award_form.name,
                n.dossier.get_status_display(),
                n.get_status_display(),
                n.dossier.submitted_at,
            ]

    title = _("DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC ĐỀ NGHỊ KHEN THƯỞNG VÀ KẾT QUẢ")
    return workbook(
        _("Đề nghị khen thưởng"),
        columns,
        rows(),
        preamble=_preamble(scope, title),
        progress=progress,
    )


def dossiers_workbook(scope: Scope, *, status: str = "", progress: Progress = None) -> bytes:
    columns = [
        Column(_("STT"), 6),
        Column(_("Đơn vị đề nghị"), 34),
        Column(_("Loại đơn vị"), 16),
        Column(_("Số tờ trình"), 14),
        Column(_("Ngày tờ trình"), 12),
        Column(_("Số đến"), 10),
        Column(_("Gửi lúc"), 16),
        Column(_("Tiếp nhận lúc"), 16),
        Column(_("Hạn xử lý"), 12),
        Column(_("Trạng thái"), 20),
        Column(_("Số lần trả lại"), 8),
        Column(_("Trả lại gần nhất lúc"), 16),
        Column(_("Chuyển Hội đồng lúc"), 16),
        Column(_("Số tập thể, cá nhân"), 10),
    ]
    qs = dossier_rows(scope, status=status)

    def rows():
        for number, d in enumerate(qs.iterator(chunk_size=2000), start=1):
            yield [
                number,
                d.unit.name,
                d.unit.kind.name if d.unit.kind_id else "",
                d.letter_number,
                d.letter_date,
                d.incoming_number,
                d.submitted_at,
                d.received_at,
                d.due_date,
                d.get_status_display(),
                d.return_count,
                d.returned_at,
                d.forwarded_at,
                d.nominee_count,
            ]

    title = _("DANH SÁCH HỒ SƠ ĐỀ NGHỊ KHEN THƯỞNG")
    return workbook(
        _("Hồ sơ"), columns, rows(), preamble=_preamble(scope, title), progress=progress
    )


def awardees_workbook(decision: Decision, scope: Scope, *, progress: Progress = None) -> bytes:
    columns = [
        Column(_("STT"), 6),
        Column(_("Họ và tên / tên tập thể"), 30),
        Column(_("Chức vụ, đơn vị công tác"), 34),
        Column(_("Đơn vị đề nghị"), 30),
        Column(_("Hình thức khen thưởng"), 28),
        Column(_("Hệ số"), 8),
        Column(_("Tiền thưởng (đồng)"), 16, money=True),
        Column(_("Số sổ vàng"), 10),
        Column(_("Ghi chú"), 24),
    ]
    qs = awardee_rows(decision, scope)

    def rows():
        for number, line in enumerate(qs.iterator(chunk_size=2000), start=1):
            yield [
                number,
                line.full_name,
                line.position,
                line.unit_name,
                line.award_form.name,
                line.coefficient,
                line.amount if line.paid else 0,
                line.register_number,
                line.note,
            ]

    signed = decision.signed_on.strftime("%d/%m/%Y") if decision.signed_on else ""
    title = _("DANH SÁCH KHEN THƯỞNG KÈM THEO QUYẾT ĐỊNH SỐ %(ref)s NGÀY %(date)s") % {
        "ref": decision.reference,
        "date": signed,
    }
    return workbook(
        _("Khen thưởng"), columns, rows(), preamble=_preamble(scope, title), progress=progress
    )


def count_rows(request: ExportRequest, scope: Scope, decision: Decision | None = None) -> int:
    if request.kind == ExportKind.NOMINEES:
        return nominee_rows(scope, status=request.status).count()
    if request.kind == ExportKind.DOSSIERS:
        return dossier_rows(scope, status=request.status).order_by().count()
    assert decision is not None
    return awardee_rows(decision, scope).count()


def build(
    request: ExportRequest,
    scope: Scope,
    decision: Decision | None = None,
    progress: Progress = None,
) -> bytes:
    if request.kind == ExportKind.NOMINEES:
        return nominees_workbook(scope, status=request.status, progress=progress)
    if request.kind == ExportKind.DOSSIERS:
        return dossiers_workbook(scope, status=request.status, progress=progress)
    assert decision is not None
    return awardees_workbook(decision, scope, progress=progress)


def file_name(request: ExportRequest, scope: Scope) -> str:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return f"{request.kind}-kh{scope.campaign.pk}-{stamp}.xlsx"
