from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = _("Kế hoạch thi đua")

    def ready(self) -> None:
        from documents.kinds import register_kind
        from documents.signoff import register_signoff_provider

        from .documents import AMENDMENT_KIND, PLAN_KIND
        from .services import SIGNOFF_PROVIDERS

        register_kind(PLAN_KIND)
        register_kind(AMENDMENT_KIND)
        for provider in SIGNOFF_PROVIDERS:
            register_signoff_provider(provider)
