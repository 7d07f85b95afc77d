from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = _("Kế hoạch thi đua")

    def ready(self) -> None:
        from documents.kinds import register_kind

        from .documents import PLAN_KIND

        register_kind(PLAN_KIND)
