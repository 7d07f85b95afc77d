"""Human labels of the audit actions a dossier's timeline shows (clerk's and appraiser's pages)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict[str, str] = {
    "dossier.create": _("Lập hồ sơ"),
    "dossier.update": _("Cập nhật Tờ trình, ghi chú"),
    "dossier.letter_file": _("Tải lên Tờ trình"),
    "dossier.minutes_file": _("Tải lên biên bản họp xét"),
    "nominee.add": _("Thêm vào danh sách đề nghị"),
    "nominee.update": _("Sửa thông tin"),
    "nominee.remove": _("Xóa khỏi danh sách đề nghị"),
    "nominee.import": _("Nhập danh sách từ Excel"),
    "nominee.report_file": _("Tải lên báo cáo thành tích"),
    "attachment.add": _("Đính kèm tệp"),
    "attachment.remove": _("Xóa tệp đính kèm"),
}


def action_label(action: str) -> str:
    """The label of a content edit; transitions are labelled by DossierAction."""
    return str(ACTION_LABELS.get(action, _("Cập nhật hồ sơ")))
