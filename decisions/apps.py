from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    name = "decisions"
    verbose_name = _("Quyết định khen thưởng")

    def ready(self) -> None:
        from documents.kinds import register_kind
        from nominations.outcomes import register_outcome_provider

        from .documents import DECISION_KIND
        from .selectors import decision_outcomes

        register_kind(DECISION_KIND)
        register_outcome_provider("decisions", decision_outcomes, order=5)
