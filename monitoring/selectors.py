"""Reads across the stages, scoped to the person asking: the campaigns he may follow or read the
figures of, the follow-up lists, the dashboard's figures (a handful of GROUP BY queries whatever
the number of dossiers and nominees) and the global search."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Lower
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.enums import CampaignStatus, QuestionStatus, RecipientKind
from campaigns.models import Campaign, CampaignQuestion
from campaigns.selectors import campaigns_visible_to, participating_units
from decisions.enums import ISSUED_STATUSES as ISSUED_DECISION_STATUSES
from decisions.enums import DecisionPurpose
from decisions.models import Decision, DecisionLine
from nominations.enums import DossierStatus, NomineeStatus, StaffCategory
from nominations.models import Dossier, Nominee
from nominations.selectors import dossiers_visible_to
from organizations.enums import Gender, Role
from organizations.models import Unit, User
from organizations.selectors import is_authority_staff
from organizations.vietnamese import fold
from workdays.services import working_days_between

from .models import Guidance, Reminder

NOT_ISSUED = (CampaignStatus.DRAFT, CampaignStatus.SIGNING)
# A dossier in these states has not reached Phòng Nội vụ (or was taken back): not counted.
NOT_SENT = (DossierStatus.DRAFT, DossierStatus.WITHDRAWN)
D, N = DossierStatus, NomineeStatus
RECEIVED_STATUSES = (
    D.RECEIVED,
    D.UNDER_APPRAISAL,
    D.RETURNED,
    D.RESUBMITTED,
    D.FORWARDED,
    D.DECIDED,
    D.AWARDED,
)
FORWARDED_STATUSES = (D.FORWARDED, D.DECIDED, D.AWARDED)
ELIGIBLE_STATUSES = (N.ELIGIBLE, N.RECOMMENDED, N.NOT_RECOMMENDED, N.AWARDED, N.REVOKED)
RECOMMENDED_STATUSES = (N.RECOMMENDED, N.AWARDED, N.REVOKED)
# Age bands of the honoured people: (label, lowest age, highest age or None).
AGE_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("dưới 30", 0, 29),
    ("30–39", 30, 39),
    ("40–49", 40, 49),
    ("50–59", 50, 59),
    ("từ 60", 60, None),
)
# National reference data (organizations/reference.py): the majority group.
MAJORITY_ETHNICITY_CODE = "01"


# --- Who follows what -------------------------------------------------------------------------


def _issued(qs: QuerySet[Campaign]) -> QuerySet[Campaign]:
    return qs.exclude(status__in=NOT_ISSUED)


def _follower_q(user: User) -> Q:
    return Q(authority_id=user.authority_id) & (
        Q(lead_unit_id=user.unit_id) | Q(coordinating_units=user.unit_id)
    )


def followed_campaigns(user: User) -> QuerySet[Campaign]:
    """Issued campaigns the person follows: those his unit leads or coordinates; every one of
    his authority for Phòng Nội vụ's appraisers and the administrators (they manage campaigns)."""
    qs = Campaign.objects.select_related("authority", "lead_unit")
    if not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.is_superuser:
        return _issued(qs)
    conditions = Q(pk__in=[])
    if user.authority_id and user.has_role(Role.APPRAISER, Role.ADMIN):
        conditions |= Q(authority_id=user.authority_id)
    if user.unit_id:
        ids = Campaign.objects.filter(_follower_q(user)).values("pk")
        conditions |= Q(pk__in=ids)
    return _issued(qs.filter(conditions))


def dashboard_campaigns(user: User) -> QuerySet[Campaign]:
    """Issued campaigns whose figures the person may read: all of his authority (authority staff),
    those his office follows, and those his unit takes part in (a clerk: his unit's figures)."""
    qs = Campaign.objects.select_related("authority", "lead_unit")
    if not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.is_superuser:
        return _issued(qs)
    conditions = Q(pk__in=[])
    if is_authority_staff(user):
        conditions |= Q(authority_id=user.authority_id)
    if user.unit_id:
        conditions |= Q(pk__in=Campaign.objects.filter(_follower_q(user)).values("pk"))
        if user.has_role(Role.CLERK):
            conditions |= Q(pk__in=Campaign.objects.including_unit(user.unit).values("pk"))
    return _issued(qs.filter(conditions)).order_by("-issued_on", "-pk")


@dataclass(frozen=True)
class Scope:
    """What one person reads of one campaign: all of it, or one unit's part (a clerk)."""

    campaign: Campaign
    unit: Unit | None = None

    @property
    def whole(self) -> bool:
        return self.unit is None

    def dossiers(self) -> QuerySet[Dossier]:
        qs = Dossier.objects.filter(campaign=self.campaign)
        return qs if self.unit is None else qs.filter(unit=self.unit)

    def nominees(self) -> QuerySet[Nominee]:
        qs = Nominee.objects.filter(dossier__campaign=self.campaign).exclude(
            dossier__status__in=NOT_SENT
        )
        return qs if self.unit is None else qs.filter(dossier__unit=self.unit)


def scope_for(user: User, campaign_id: int) -> Scope:
    """The person's scope of a campaign; 404 for a campaign he may not read at all."""
    campaign = dashboard_campaigns(user).filter(pk=campaign_id).first()
    if campaign is None:
        raise Http404
    if user.has_perm("monitoring.view_campaign_figures", campaign):
        return Scope(campaign)
    if user.has_perm("monitoring.view_unit_figures", campaign):
        return Scope(campaign, user.unit)
    raise PermissionDenied(_("Anh/chị không có quyền xem số liệu của kế hoạch này."))


def followed_campaign(user: User, campaign_id: int) -> Campaign:
    campaign = followed_campaigns(user).filter(pk=campaign_id).first()
    if campaign is None:
        raise Http404
    if not user.has_perm("monitoring.follow_campaign", campaign):
        raise PermissionDenied(_("Anh/chị không theo dõi kế hoạch này."))
    return campaign


# --- The follow-up page -----------------------------------------------------------------------


@dataclass
class FollowUp:
    campaign: Campaign
    today: dt.date
    working_days_left: int | None
    not_submitted: list[Unit]
    returned: list[Dossier]
    open_questions: list[CampaignQuestion]
    reminders: list[Reminder]
    guidance: list[Guidance]
    submitted_count: int = 0
    participating_count: int = 0
    reminded: dict[int, Reminder] = field(default_factory=dict)


def follow_up(campaign: Campaign, *, today: dt.date | None = None) -> FollowUp:
    """Who has not sent yet (with the working days left before the deadline), the dossiers
    returned and not yet corrected, the questions waiting for an answer. Constant queries."""
    today = today or timezone.localdate()
    sent = Q(dossiers__campaign=campaign) & ~Q(dossiers__status__in=NOT_SENT)
    units = list(
        participating_units(campaign)
        .select_related("kind")
        .annotate(sent_count=Count("dossiers", filter=sent))
        .order_by("kind__order", "name")
    )
    not_submitted = [u for u in units if not u.sent_count]
    days_left = None
    if campaign.nomination_deadline:
        days_left = working_days_between(today, campaign.nomination_deadline, campaign.authority)
    returned = list(
        Dossier.objects.filter(campaign=campaign, status=DossierStatus.RETURNED)
        .select_related("unit")
        .order_by("correction_deadline", "returned_at", "pk")
    )
    questions = list(
        CampaignQuestion.objects.filter(campaign=campaign, status=QuestionStatus.OPEN)
        .select_related("unit", "asked_by")
        .order_by("created_at", "pk")
    )
    reminders = list(
        Reminder.objects.filter(campaign=campaign)
        .select_related("unit", "sent_by", "sender_unit")
        .order_by("-created_at", "-pk")[:50]
    )
    reminded: dict[int, Reminder] = {}
    for reminder in reminders:
        reminded.setdefault(reminder.unit_id, reminder)
    for unit in not_submitted:
        unit.last_reminder = reminded.get(unit.pk)
    guidance = list(
        Guidance.objects.filter(campaign=campaign)
        .select_related("published_by", "publisher_unit")
        .order_by("-created_at", "-pk")
    )
    return FollowUp(
        campaign=campaign,
        today=today,
        working_days_left=days_left,
        not_submitted=not_submitted,
        returned=returned,
        open_questions=questions,
        reminders=reminders,
        guidance=guidance,
        submitted_count=len(units) - len(not_submitted),
        participating_count=len(units),
        reminded=reminded,
    )


def reminders_for_unit(unit: Unit | None, *, limit: int = 10) -> list[Reminder]:
    """The latest reminders sent to a unit, for its clerk's home page."""
    if unit is None:
        return []
    return list(
        Reminder.objects.filter(unit=unit)
        .exclude(campaign__status__in=NOT_ISSUED)
        .select_related("campaign", "sender_unit", "sent_by")
        .order_by("-created_at", "-pk")[:limit]
    )


def guidance_for_unit(unit: Unit | None, *, limit: int = 5) -> list[Guidance]:
    """Guidance of the published campaigns the unit takes part in (clerk's home page)."""
    if unit is None:
        return []
    ids = Campaign.objects.including_unit(unit).values("pk")
    return list(
        Guidance.objects.filter(campaign_id__in=ids, campaign__status=CampaignStatus.PUBLISHED)
        .select_related("campaign", "publisher_unit")
        .order_by("-created_at", "-pk")[:limit]
    )


def campaigns_followed_by_unit(user: User) -> list[Campaign]:
    """For the home page of a person of a lead or coordinating office: his follow-up pages."""
    if not user.is_authenticated or not user.unit_id:
        return []
    qs = Campaign.objects.filter(_follower_q(user)).exclude(status__in=NOT_ISSUED)
    return list(qs.distinct().order_by("-issued_on", "-pk"))


# --- The dashboard's figures ------------------------------------------------------------------


@dataclass
class Bar:
    label: str
    value: int
    second: int | None = None  # e.g. the awarded part of the proposed


@dataclass
class Figures:
    scope: Scope
    reference_date: dt.date
    dossier_funnel: list[Bar]
    nominee_funnel: list[Bar]
    dossiers_by_status: list[Bar]
    by_unit: list[dict]
    by_award_form: list[Bar]
    honoured_by_ethnicity: list[Bar]
    honoured_by_gender: list[Bar]
    honoured_by_age: list[Bar]
    honoured_by_category: list[Bar]
    honoured_individuals: int
    honoured_collectives: int
    honoured_minority: int
    prize_total: int
    decisions: list[Decision]


def _age_band_q(reference: dt.date, low: int, high: int | None) -> Q:
    """Born so that the age at `reference` is within [low, high]."""

    def years_before(years: int) -> dt.date:
        try:
            return reference.replace(year=reference.year - years)
        except ValueError:  # 29 February
            return reference.replace(year=reference.year - years, day=28)

    q = Q(birth_date__lte=years_before(low))
    if high is not None:
        q &= Q(birth_date__gt=years_before(high + 1))
    return q


def dashboard_figures(scope: Scope) -> Figures:
    """Every figure of the dashboard in seven GROUP BY queries (none per row)."""
    campaign = scope.campaign
    reference = campaign.period_end or campaign.event_date or timezone.localdate()
    dossier_counts = dict(scope.dossiers().order_by().values_list("status").annotate(n=Count("pk")))
    sent = sum(n for status, n in dossier_counts.items() if status not in NOT_SENT)

    def dossiers_in(statuses) -> int:
        return sum(dossier_counts.get(s, 0) for s in statuses)

    dossier_funnel = [
        Bar(_("Đã gửi"), sent),
        Bar(_("Đã tiếp nhận"), dossiers_in(RECEIVED_STATUSES)),
        Bar(_("Đã chuyển Hội đồng"), dossiers_in(FORWARDED_STATUSES)),
        Bar(_("Đã khen thưởng"), dossier_counts.get(D.AWARDED, 0)),
    ]
    dossiers_by_status = [
        Bar(str(label), dossier_counts[value])
        for value, label in DossierStatus.choices
        if dossier_counts.get(value) and value != D.DRAFT
    ]

    nominee_counts = dict(scope.nominees().order_by().values_list("status").annotate(n=Count("pk")))

    def nominees_in(statuses) -> int:
        return sum(nominee_counts.get(s, 0) for s in statuses)

    nominee_funnel = [
        Bar(_("Được đề nghị"), sum(nominee_counts.values())),
        Bar(_("Đủ điều kiện"), nominees_in(ELIGIBLE_STATUSES)),
        Bar(_("Hội đồng đề nghị"), nominees_in(RECOMMENDED_STATUSES)),
        Bar(_("Được khen thưởng"), nominee_counts.get(N.AWARDED, 0)),
    ]

    awarded = Q(nominees__status=N.AWARDED)
    by_unit = list(
        scope.dossiers()
        .exclude(status__in=NOT_SENT)
        .order_by()
        .values("unit_id", "unit__name")
        .annotate(
            dossier_count=Count("pk", distinct=True),
            nominee_count=Count("nominees"),
            awarded_count=Count("nominees", filter=awarded),
        )
        .order_by("-nominee_count", "unit__name")
    )
    by_form = (
        scope.nominees()
        .order_by()
        .values("award_offer__award_form__name", "award_offer__award_form__order")
        .annotate(n=Count("pk"), awarded=Count("pk", filter=Q(status=N.AWARDED)))
        .order_by("award_offer__award_form__order", "award_offer__award_form__name")
    )
    by_award_form = [
        Bar(row["award_offer__award_form__name"] or "—", row["n"], row["awarded"])
        for row in by_form
    ]

    honoured = scope.nominees().filter(status=N.AWARDED)
    people = Q(kind=RecipientKind.INDIVIDUAL)
    aggregates = {
        "individuals": Count("pk", filter=people),
        "collectives": Count("pk", filter=~people),
        "male": Count("pk", filter=people & Q(gender=Gender.MALE)),
        "female": Count("pk", filter=people & Q(gender=Gender.FEMALE)),
        "grassroots": Count("pk", filter=people & Q(staff_category=StaffCategory.GRASSROOTS)),
        "manager": Count("pk", filter=people & Q(staff_category=StaffCategory.MANAGER)),
        "no_birth_date": Count("pk", filter=people & Q(birth_date__isnull=True)),
    }
    for index, (_label, low, high) in enumerate(AGE_BANDS):
        aggregates[f"age{index}"] = Count("pk", filter=people & _age_band_q(reference, low, high))
    totals = honoured.order_by().aggregate(**aggregates)
    individuals = totals["individuals"]
    honoured_by_gender = [
        Bar(str(Gender.MALE.label), totals["male"]),
        Bar(str(Gender.FEMALE.label), totals["female"]),
    ]
    unknown_gender = individuals - totals["male"] - totals["female"]
    if unknown_gender:
        honoured_by_gender.append(Bar(_("Chưa ghi"), unknown_gender))
    honoured_by_category = [
        Bar(str(StaffCategory.GRASSROOTS.label), totals["grassroots"]),
        Bar(str(StaffCategory.MANAGER.label), totals["manager"]),
    ]
    unknown_category = individuals - totals["grassroots"] - totals["manager"]
    if unknown_category:
        honoured_by_category.append(Bar(_("Chưa ghi"), unknown_category))
    honoured_by_age = [
        Bar(_("%(band)s tuổi") % {"band": label}, totals[f"age{i}"])
        for i, (label, _low, _high) in enumerate(AGE_BANDS)
    ]
    banded = sum(totals[f"age{i}"] for i in range(len(AGE_BANDS)))
    if individuals - banded:
        honoured_by_age.append(Bar(_("Chưa ghi ngày sinh"), individuals - banded))

    ethnic_rows = list(
        honoured.filter(people)
        .order_by()
        .values("ethnicity__name", "ethnicity__code")
        .annotate(n=Count("pk"))
        .order_by("-n", "ethnicity__name")
    )
    honoured_by_ethnicity = [
        Bar(row["ethnicity__name"] or _("Chưa ghi"), row["n"]) for row in ethnic_rows
    ]
    minority = sum(
        row["n"]
        for row in ethnic_rows
        if row["ethnicity__code"] and row["ethnicity__code"] != MAJORITY_ETHNICITY_CODE
    )

    lines = DecisionLine.objects.filter(
        decision__campaign=campaign,
        decision__status__in=ISSUED_DECISION_STATUSES,
        purpose=DecisionPurpose.AWARD,
        paid=True,
        nominee__status=N.AWARDED,
    )
    if scope.unit is not None:
        lines = lines.filter(nominee__dossier__unit=scope.unit)
    prize_total = lines.aggregate(total=Sum("amount"))["total"] or 0
    decisions = []
    if scope.whole:
        decisions = list(
            Decision.objects.filter(campaign=campaign, status__in=ISSUED_DECISION_STATUSES)
            .select_related("register_entry", "authority")
            .annotate(line_count=Count("lines"))
            .order_by("signed_on", "pk")
        )
    return Figures(
        scope=scope,
        reference_date=reference,
        dossier_funnel=dossier_funnel,
        nominee_funnel=nominee_funnel,
        dossiers_by_status=dossiers_by_status,
        by_unit=by_unit,
        by_award_form=by_award_form,
        honoured_by_ethnicity=honoured_by_ethnicity,
        honoured_by_gender=honoured_by_gender,
        honoured_by_age=honoured_by_age,
        honoured_by_category=honoured_by_category,
        honoured_individuals=individuals,
        honoured_collectives=totals["collectives"],
        honoured_minority=minority,
        prize_total=prize_total,
        decisions=decisions,
    )


def campaigns_compared(user: User) -> list[dict]:
    """One row per campaign the person may read in full, by year: dossiers, nominees, awarded,
    honoured individuals and ethnic-minority people (three queries)."""
    campaigns = [
        c for c in dashboard_campaigns(user) if user.has_perm("monitoring.view_campaign_figures", c)
    ]
    ids = [c.pk for c in campaigns]
    dossiers = dict(
        Dossier.objects.filter(campaign_id__in=ids)
        .exclude(status__in=NOT_SENT)
        .order_by()
        .values_list("campaign_id")
        .annotate(n=Count("pk"))
    )
    awarded = Q(status=N.AWARDED)
    people = awarded & Q(kind=RecipientKind.INDIVIDUAL)
    nominee_rows = {
        row["dossier__campaign_id"]: row
        for row in Nominee.objects.filter(dossier__campaign_id__in=ids)
        .exclude(dossier__status__in=NOT_SENT)
        .order_by()
        .values("dossier__campaign_id")
        .annotate(
            nominees=Count("pk"),
            awarded=Count("pk", filter=awarded),
            individuals=Count("pk", filter=people),
            women=Count("pk", filter=people & Q(gender=Gender.FEMALE)),
            minority=Count(
                "pk",
                filter=people
                & Q(ethnicity__isnull=False)
                & ~Q(ethnicity__code=MAJORITY_ETHNICITY_CODE),
            ),
        )
    }
    rows = []
    for campaign in sorted(campaigns, key=lambda c: (c.issued_on or dt.date.min, c.pk)):
        row = nominee_rows.get(campaign.pk, {})
        rows.append(
            {
                "campaign": campaign,
                "year": campaign.issued_on.year if campaign.issued_on else None,
                "dossiers": dossiers.get(campaign.pk, 0),
                "nominees": row.get("nominees", 0),
                "awarded": row.get("awarded", 0),
                "individuals": row.get("individuals", 0),
                "women": row.get("women", 0),
                "minority": row.get("minority", 0),
            }
        )
    return rows


# --- Global search ----------------------------------------------------------------------------


def searchable_dossiers(user: User) -> QuerySet[Dossier]:
    """What a person may find: the dossiers he may see anyway, and the sent dossiers of the
    campaigns his office follows."""
    visible = dossiers_visible_to(user).values("pk")
    followed = (
        Dossier.objects.filter(campaign__in=followed_campaigns(user).values("pk"))
        .exclude(status__in=NOT_SENT)
        .values("pk")
    )
    return Dossier.objects.filter(Q(pk__in=visible) | Q(pk__in=followed))


def _folded(expression) -> object:
    """unaccent(lower(x)): PostgreSQL's unaccent extension (migration 0002); on SQLite the same
    name is the Python fold of organizations.vietnamese (registered on connect, apps.py)."""
    from django.db.models import Func

    return Func(Lower(expression), function="unaccent")


SEARCH_LIMIT = 20


@dataclass
class SearchResults:
    query: str
    campaigns: list[Campaign]
    dossiers: list[Dossier]
    nominees: list[Nominee]

    @property
    def total(self) -> int:
        return len(self.campaigns) + len(self.dossiers) + len(self.nominees)


def _rank(qs: QuerySet, exact_field: str, query: str, folded_field: str, key: str) -> QuerySet:
    """Exact-accent matches first; then (PostgreSQL) by trigram similarity of the folded text."""
    qs = qs.annotate(
        exact=Case(
            When(**{f"{exact_field}__icontains": query}, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
    )
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import TrigramSimilarity

        qs = qs.annotate(similarity=TrigramSimilarity(folded_field, key))
        return qs.order_by("exact", "-similarity", "pk")
    return qs.order_by("exact", "pk")


def search(user: User, query: str, *, limit: int = SEARCH_LIMIT) -> SearchResults:
    """Campaigns, dossiers and nominees whose name contains the query, accents ignored (a name
    typed without accents finds the accented ones), exact-accent matches first; each list
    scoped to the person and cut at `limit`."""
    query = " ".join((query or "").split())[:100]
    key = fold(query)
    if len(key) < 2:
        return SearchResults(query, [], [], [])
    campaigns = (
        campaigns_visible_to(user)
        .annotate(folded_title=_folded("title"))
        .filter(folded_title__contains=key)
    )
    campaigns = _rank(campaigns, "title", query, "folded_title", key)
    dossiers = (
        Dossier.objects.filter(pk__in=searchable_dossiers(user).values("pk"))
        .select_related("campaign", "unit")
        .annotate(folded_unit=_folded("unit__name"))
        .filter(
            Q(folded_unit__contains=key)
            | Q(letter_number__icontains=query)
            | Q(incoming_number__icontains=query)
        )
    )
    dossiers = _rank(dossiers, "unit__name", query, "folded_unit", key)
    nominees = (
        Nominee.objects.filter(dossier__in=searchable_dossiers(user).values("pk"))
        .select_related("dossier__campaign", "dossier__unit", "ethnicity")
        .filter(name_key__contains=key)
    )
    nominees = _rank(nominees, "full_name", query, "name_key", key)
    return SearchResults(
        query,
        list(campaigns[:limit]),
        list(dossiers[:limit]),
        list(nominees[:limit]),
    )


# --- Lists the exports read -------------------------------------------------------------------


def nominee_rows(scope: Scope, *, status: str = "", unit_id: int | None = None) -> QuerySet:
    qs = scope.nominees().select_related("dossier__unit", "award_offer__award_form", "ethnicity")
    if status:
        qs = qs.filter(status=status)
    if unit_id:
        qs = qs.filter(dossier__unit_id=unit_id)
    return qs.order_by("dossier__unit__name", "dossier_id", "order", "pk")


def dossier_rows(scope: Scope, *, status: str = "") -> QuerySet:
    qs = (
        scope.dossiers()
        .exclude(status__in=NOT_SENT)
        .select_related("unit__kind")
        .annotate(nominee_count=Count("nominees"))
    )
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("unit__name", "pk")


def decision_for(user: User, decision_id: int) -> tuple[Decision, Scope]:
    """An issued decision and the person's scope of its campaign (404 outside it)."""
    decision = (
        Decision.objects.filter(pk=decision_id, status__in=ISSUED_DECISION_STATUSES)
        .select_related("campaign", "authority", "register_entry")
        .first()
    )
    if decision is None:
        raise Http404
    return decision, scope_for(user, decision.campaign_id)


def awardee_rows(decision: Decision, scope: Scope) -> QuerySet[DecisionLine]:
    qs = decision.lines.select_related("award_form").annotate(
        unit_pk=F("nominee__dossier__unit_id")
    )
    if scope.unit is not None:
        qs = qs.filter(nominee__dossier__unit=scope.unit)
    return qs.order_by("order", "pk")
