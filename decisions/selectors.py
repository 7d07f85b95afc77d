"""Reads of decisions, scoped to the person asking, and the sources a decision is drafted from."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet

from campaigns.models import Campaign
from nominations.enums import NomineeStatus
from nominations.models import Nominee
from nominations.outcomes import Outcome
from organizations.models import User
from organizations.rules import is_appraiser, is_signer

from . import money
from .enums import DecisionPurpose, DecisionStatus
from .models import BaseSalary, Decision, DecisionLine, LegalBasis, PrizeCoefficient


def awardable_nominees(campaign: Campaign) -> QuerySet[Nominee]:
    """The nominees a decision of this campaign may award: recommended, and in no award
    decision yet. The one source of the drafting service.

    Until the council stage lands, "recommended" is the nominee's lifecycle status (moved by the
    council's transition); then this reads the closed sessions' recommended items
    (council/selectors.py)."""
    return (
        Nominee.objects.filter(dossier__campaign=campaign, status=NomineeStatus.RECOMMENDED)
        .exclude(decision_lines__purpose=DecisionPurpose.AWARD)
        .select_related("dossier__unit", "award_offer__award_form", "ethnicity")
        .order_by("pk")
    )


def decisions_visible_to(user: User) -> QuerySet[Decision]:
    """Phòng Nội vụ and the signers see their authority's decisions; others none (a clerk sees
    his nominees' decisions through the dossier pages)."""
    qs = Decision.objects.select_related("authority", "campaign", "signer", "target")
    if not user.is_authenticated or not user.is_active or user.authority_id is None:
        return qs.none()
    if is_appraiser(user) or is_signer(user):
        return qs.filter(authority_id=user.authority_id)
    return qs.none()


def awaiting_signature(user: User) -> QuerySet[Decision]:
    """What waits for this signer's signature, newest first."""
    return (
        decisions_visible_to(user)
        .filter(signer=user, status=DecisionStatus.SUBMITTED)
        .order_by("-submitted_at", "-pk")
    )


def lines_of(decision: Decision) -> QuerySet[DecisionLine]:
    return decision.lines.select_related("award_form", "nominee").order_by("order", "pk")


def legal_bases_on(*, authority_id: int, day: dt.date) -> list[LegalBasis]:
    """The laws and decrees in force on the decision's date, national and the authority's."""
    return list(
        LegalBasis.objects.filter(Q(authority__isnull=True) | Q(authority_id=authority_id))
        .filter(effective_from__lte=day)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=day))
        .order_by("order", "issued_on", "pk")
    )


class PrizeTable:
    """The base salaries and coefficients, read once, looked up per line and day."""

    def __init__(self, award_form_ids: Sequence[int]) -> None:
        self.salaries = list(BaseSalary.objects.all())
        self.coefficients: dict[tuple[int, str], list[PrizeCoefficient]] = {}
        for row in PrizeCoefficient.objects.filter(award_form_id__in=list(award_form_ids)):
            self.coefficients.setdefault((row.award_form_id, row.recipient_kind), []).append(row)

    def base_salary(self, day: dt.date) -> int:
        return money.in_force(self.salaries, day).amount

    def coefficient(self, *, award_form_id: int, recipient_kind: str, day: dt.date) -> Decimal:
        rows = self.coefficients.get((award_form_id, recipient_kind), [])
        return money.in_force(rows, day).coefficient


def decision_outcomes(nominees: Sequence[Nominee]) -> Mapping[int, Outcome]:
    """The award (or its revocation) for the clerk's pages: one query for the whole list."""
    found: dict[int, Outcome] = {}
    lines = (
        DecisionLine.objects.filter(
            nominee_id__in=[n.pk for n in nominees],
            decision__status__in=[
                DecisionStatus.SIGNED,
                DecisionStatus.AMENDED,
                DecisionStatus.REVOKED,
            ],
        )
        .select_related("decision__authority")
        .order_by("decision__signed_at", "pk")
    )
    for line in lines:
        decision = line.decision
        ref = f"{decision.reference} ngày {decision.signed_on:%d/%m/%Y}"
        if line.purpose == DecisionPurpose.REVOKE:
            found[line.nominee_id] = Outcome(
                stage="Quyết định",
                result="Đã hủy khen thưởng",
                note=f"Quyết định số {ref}",
                tone="danger",
            )
        elif line.purpose == DecisionPurpose.AWARD:
            found[line.nominee_id] = Outcome(
                stage="Quyết định",
                result="Đã khen thưởng",
                note=f"Quyết định số {ref}; số sổ vàng {line.register_number}",
                tone="success",
            )
    return found


def award_history(*, nominee_ids: Sequence[int]) -> QuerySet[DecisionLine]:
    """Every signed decision line of these nominees (the award history of a person or a
    collective: the same person's nominees across campaigns), with its decision."""
    return (
        DecisionLine.objects.filter(
            nominee_id__in=list(nominee_ids), decision__signed_on__isnull=False
        )
        .exclude(decision__status__in=[DecisionStatus.DRAFT, DecisionStatus.RETURNED])
        .select_related("decision", "award_form")
        .order_by("decision__signed_on", "pk")
    )


def decisions_with_lines(qs: QuerySet[Decision]) -> QuerySet[Decision]:
    return qs.prefetch_related(Prefetch("lines", queryset=DecisionLine.objects.order_by("order")))
