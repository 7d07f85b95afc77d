from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("Văn bản")

    def ready(self) -> None:
        from .kinds import register_kind
        from .register_book import REGISTER_KIND

        register_kind(REGISTER_KIND)
