from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("Sau quyết định: Giấy khen, công khai")

    def ready(self) -> None:
        from documents.kinds import register_kind
        from nominations.outcomes import register_outcome_provider

        from . import rules  # noqa: F401  (registers the permissions)
        from .documents import CERTIFICATE_SAMPLE_KIND, CERTIFICATES_KIND
        from .selectors import certificate_outcomes

        register_kind(CERTIFICATES_KIND)
        register_kind(CERTIFICATE_SAMPLE_KIND)
        register_outcome_provider("awards", certificate_outcomes, order=6)
