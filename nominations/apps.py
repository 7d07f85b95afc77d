from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NominationsConfig(AppConfig):
    name = "nominations"
    verbose_name = _("Hồ sơ đề nghị khen thưởng")

    def ready(self) -> None:
        from documents.kinds import register_kind

        from .documents import ACHIEVEMENT_REPORT_KIND, UNIT_LETTER_KIND, UNIT_LIST_KIND

        register_kind(ACHIEVEMENT_REPORT_KIND)
        register_kind(UNIT_LETTER_KIND)
        register_kind(UNIT_LIST_KIND)
