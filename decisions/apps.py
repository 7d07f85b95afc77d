from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    name = "decisions"
    verbose_name = _("Quyết định khen thưởng")

    def ready(self) -> None:
        from documents.kinds import register_kind
        from documents.signoff import SignOffProvider, register_signoff_provider
        from documents.verification import StoredRecordCheck, register_check
        from nominations.outcomes import register_outcome_provider

        from . import services, signing
        from .documents import DECISION_KIND
        from .models import Decision
        from .selectors import decision_outcomes

        register_kind(DECISION_KIND)
        register_signoff_provider(
            SignOffProvider(
                kind=services.SIGNOFF_KIND,
                label=_("Quyết định khen thưởng"),
                load=lambda object_id: Decision.objects.get(pk=int(object_id)),
                on_approve=services.on_signoff_approved,
                on_return=services.on_signoff_returned,
                link=lambda decision: decision.get_absolute_url(),
                can_withdraw=lambda user, decision: user.has_perm(
                    "decisions.draft_decision", decision
                ),
                on_withdraw=services.on_signoff_withdrawn,
            )
        )
        register_outcome_provider("decisions", decision_outcomes, order=5)
        register_check(StoredRecordCheck("signed decisions", signing.verify_signed_decisions))
