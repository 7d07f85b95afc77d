from __future__ import annotations

from django import template
from django.db.models import Count

from campaigns.enums import CampaignStatus
from campaigns.models import Campaign

from ..enums import ACTIVE_STATUSES, DossierStatus, NomineeStatus
from ..selectors import dossiers_visible_to
from ..services.dossiers import deadline_passed

register = template.Library()

STATUS_CLASSES = {
    DossierStatus.DRAFT: "text-bg-secondary",
    DossierStatus.SUBMITTED: "text-bg-primary",
    DossierStatus.RECEIVED: "text-bg-info",
    DossierStatus.UNDER_APPRAISAL: "text-bg-info",
    DossierStatus.RETURNED: "text-bg-warning",
    DossierStatus.RESUBMITTED: "text-bg-primary",
    DossierStatus.FORWARDED: "text-bg-success",
    DossierStatus.DECIDED: "text-bg-success",
    DossierStatus.AWARDED: "text-bg-success",
    DossierStatus.REJECTED: "text-bg-danger",
    DossierStatus.WITHDRAWN: "text-bg-dark",
}
NOMINEE_CLASSES = {
    NomineeStatus.PENDING: "text-bg-light border",
    NomineeStatus.ELIGIBLE: "text-bg-success",
    NomineeStatus.NOT_ELIGIBLE: "text-bg-danger",
    NomineeStatus.NEEDS_CORRECTION: "text-bg-warning",
    NomineeStatus.RECOMMENDED: "text-bg-success",
    NomineeStatus.NOT_RECOMMENDED: "text-bg-danger",
    NomineeStatus.AWARDED: "text-bg-success",
    NomineeStatus.REVOKED: "text-bg-dark",
}


@register.filter
def status_class(status: str) -> str:
    return STATUS_CLASSES.get(status, "text-bg-secondary")


@register.filter
def nominee_status_class(status: str) -> str:
    return NOMINEE_CLASSES.get(status, "text-bg-light border")


@register.filter
def dossier_status_label(status: str) -> str:
    return DossierStatus(status).label if status in DossierStatus.values else status


@register.inclusion_tag("nominations/_clerk_dossiers_body.html", takes_context=True)
def clerk_dossiers(context) -> dict:
    """The clerk's home: campaigns open to his unit and his unit's dossiers."""
    user = context["request"].user
    unit = user.unit
    dossiers = []
    campaigns = []
    if unit is not None:
        dossiers = list(
            dossiers_visible_to(user)
            .filter(unit=unit)
            .annotate(nominee_count=Count("nominees"))
            .order_by("-created_at")[:10]
        )
        campaigns = list(
            Campaign.objects.including_unit(unit)
            .filter(status=CampaignStatus.PUBLISHED)
            .order_by("nomination_deadline", "pk")
        )
        active = {
            row["campaign_id"]: row["n"]
            for row in dossiers_visible_to(user)
            .filter(unit=unit, status__in=ACTIVE_STATUSES)
            .values("campaign_id")
            .annotate(n=Count("pk"))
        }
        for campaign in campaigns:
            campaign.active_dossiers = active.get(campaign.pk, 0)
            campaign.can_open = (
                campaign.active_dossiers < campaign.max_dossiers_per_unit
                and not deadline_passed(campaign)
            )
            campaign.is_late = deadline_passed(campaign)
    return {"dossiers": dossiers, "campaigns": campaigns, "request": context["request"]}


@register.simple_tag
def upload_accept() -> str:
    """The accept= list of every document slot (nominations.uploads)."""
    from ..uploads import ACCEPT_ATTR

    return ACCEPT_ATTR


@register.simple_tag
def upload_kinds() -> str:
    from ..uploads import ACCEPTED_LABEL

    return str(ACCEPTED_LABEL)


@register.simple_tag
def person_facts(nominee) -> str:
    """ "Nữ, 05/04/1980, dân tộc Hrê": only what is known, no stray comma."""
    from django.utils.translation import gettext as _

    parts = [
        nominee.get_gender_display() if nominee.gender else "",
        nominee.birth_date.strftime("%d/%m/%Y") if nominee.birth_date else "",
        _("dân tộc %(name)s") % {"name": nominee.ethnicity.name} if nominee.ethnicity_id else "",
    ]
    return ", ".join(p for p in parts if p)
