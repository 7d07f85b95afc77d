from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouncilConfig(AppConfig):
    name = "council"
    verbose_name = _("Hội đồng Thi đua - Khen thưởng")

    def ready(self) -> None:
        from documents.kinds import register_kind
        from nominations.outcomes import register_outcome_provider

        from .documents import MINUTES_KIND, PROPOSAL_KIND, TALLY_KIND
        from .selectors import council_outcomes

        for kind in (MINUTES_KIND, TALLY_KIND, PROPOSAL_KIND):
            register_kind(kind)
        register_outcome_provider("council", council_outcomes, order=4)
