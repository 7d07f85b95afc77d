from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("Sau quyết định: Giấy khen, công khai")

    def ready(self) -> None:
        from documents.kinds import register_kind
        from documents.signoff import SignOffProvider, register_signoff_provider
        from nominations.outcomes import register_outcome_provider

        from . import (
            proposals,
            rules,  # noqa: F401  (registers the permissions)
        )
        from .documents import CERTIFICATE_SAMPLE_KIND, CERTIFICATES_KIND
        from .models import HigherProposal
        from .proposal_documents import HIGHER_PROPOSAL_KIND
        from .selectors import certificate_outcomes, higher_answers

        register_kind(CERTIFICATES_KIND)
        register_kind(CERTIFICATE_SAMPLE_KIND)
        register_kind(HIGHER_PROPOSAL_KIND)
        register_signoff_provider(
            SignOffProvider(
                kind=proposals.SIGNOFF_KIND,
                label=_("Tờ trình đề nghị cấp trên khen thưởng"),
                load=lambda object_id: HigherProposal.objects.get(pk=int(object_id)),
                on_approve=proposals.on_signoff_approved,
                on_return=proposals.on_signoff_returned,
                link=lambda proposal: f"/giay-khen/to-trinh/{proposal.pk}/",
                can_withdraw=lambda user, proposal: user.has_perm(
                    "awards.draft_proposal", proposal
                ),
                on_withdraw=proposals.on_signoff_withdrawn,
            )
        )
        register_outcome_provider("awards", certificate_outcomes, order=6)
        register_outcome_provider("awards-higher", higher_answers, order=7)
