from django.db import models
from django.utils.translation import gettext_lazy as _


class ExportKind(models.TextChoices):
    NOMINEES = "nominees", _("Danh sách tập thể, cá nhân được đề nghị và kết quả")
    DOSSIERS = "dossiers", _("Danh sách hồ sơ, trạng thái và thời điểm")
    AWARDEES = "awardees", _("Danh sách khen thưởng của quyết định và tiền thưởng")


class ExportStage(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang tạo tệp")
    DONE = "done", _("Đã xong")
    FAILED = "failed", _("Không tạo được")
