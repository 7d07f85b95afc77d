"""Reads of campaigns, scoped to the person asking. A campaign out of scope is a 404."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from organizations.enums import Role
from organizations.models import Unit, User
from organizations.selectors import is_authority_staff

from .enums import VISIBLE_TO_UNITS, CampaignStatus, ParticipantMode, QuestionStatus
from .models import AwardForm, Campaign, CampaignQuestion, CampaignRevision

MANAGER_ROLES = (Role.ADMIN, Role.APPRAISER)


def can_manage(user: User) -> bool:
    return user.is_authenticated and user.authority_id is not None and user.has_role(*MANAGER_ROLES)


def campaigns_visible_to(user: User) -> QuerySet[Campaign]:
    """Managers see every campaign of their authority (drafts too); other staff the issued ones;
    a clerk the issued campaigns in which his unit takes part."""
    qs = Campaign.objects.select_related("authority", "appraising_unit", "lead_unit")
    if not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.is_superuser:
        return qs
    if can_manage(user):
        return qs.filter(authority_id=user.authority_id)
    if is_authority_staff(user):
        # A leader also sees the plan waiting for his own signature.
        return qs.filter(authority_id=user.authority_id).filter(
            Q(status__in=VISIBLE_TO_UNITS) | Q(status=CampaignStatus.SIGNING, signer=user)
        )
    if user.has_role(Role.CLERK) and user.unit_id:
        ids = Campaign.objects.including_unit(user.unit).values("pk")
        return qs.filter(pk__in=ids, status__in=VISIBLE_TO_UNITS)
    return qs.none()


def campaign_list(user: User) -> QuerySet[Campaign]:
    return (
        campaigns_visible_to(user)
        .annotate(
            offer_count=Count("award_offers", distinct=True),
            open_question_count=Count(
                "questions", filter=Q(questions__status=QuestionStatus.OPEN), distinct=True
            ),
        )
        .order_by("-created_at", "-pk")
    )


def open_campaigns_for_unit(unit: Unit) -> QuerySet[Campaign]:
    """Published campaigns the unit takes part in, nearest deadline first (clerk's home page)."""
    ids = Campaign.objects.including_unit(unit).values("pk")
    return (
        Campaign.objects.filter(pk__in=ids, status=CampaignStatus.PUBLISHED)
        .select_related("authority")
        .order_by("nomination_deadline", "pk")
    )


def questions_visible_to(user: User, campaign: Campaign) -> QuerySet[CampaignQuestion]:
    """Staff see every question; a unit sees its own and the answered ones of every unit."""
    qs = campaign.questions.select_related("unit", "asked_by", "answered_by")
    if user.is_superuser or (
        is_authority_staff(user) and user.authority_id == campaign.authority_id
    ):
        return qs
    return qs.filter(Q(unit_id=user.unit_id) | Q(status=QuestionStatus.ANSWERED))


def revisions_of(campaign: Campaign) -> QuerySet[CampaignRevision]:
    return campaign.revisions.select_related("created_by", "register_entry").order_by("-number")


def award_forms_of(authority_id: int) -> QuerySet[AwardForm]:
    return AwardForm.objects.filter(authority_id=authority_id)


def participating_units(campaign: Campaign) -> QuerySet[Unit]:
    """The active units of the campaign's authority that take part in it (the same rule as
    Campaign.objects.including_unit)."""
    qs = Unit.objects.filter(authority_id=campaign.authority_id, is_active=True)
    if campaign.participant_mode == ParticipantMode.KINDS:
        qs = qs.filter(kind__in=campaign.participant_kinds.all())
    elif campaign.participant_mode == ParticipantMode.UNITS:
        qs = qs.filter(pk__in=campaign.participant_units.all())
    return qs


def participating_clerks(campaign: Campaign) -> QuerySet[User]:
    """The active clerks of the participating units: who is told of the plan and its changes."""
    return User.objects.filter(
        is_active=True,
        role_assignments__role=Role.CLERK,
        unit__in=participating_units(campaign),
    ).distinct()
