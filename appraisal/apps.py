from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppraisalConfig(AppConfig):
    name = "appraisal"
    verbose_name = _("Thẩm định hồ sơ")

    def ready(self) -> None:
        from django.db.models.signals import pre_delete

        from documents.kinds import register_kind
        from nominations.models import Nominee
        from nominations.outcomes import register_outcome_provider

        from .documents import APPRAISAL_REPORT_KIND
        from .models import keep_verdicts_of_removed_nominee
        from .selectors import appraisal_outcomes

        pre_delete.connect(
            keep_verdicts_of_removed_nominee, sender=Nominee, dispatch_uid="appraisal.keep_verdicts"
        )
        register_kind(APPRAISAL_REPORT_KIND)
        from documents.signoff import register_signoff_provider

        from .services import REPORT_SIGNOFF_PROVIDER

        register_signoff_provider(REPORT_SIGNOFF_PROVIDER)
        register_outcome_provider("appraisal", appraisal_outcomes, order=3)
