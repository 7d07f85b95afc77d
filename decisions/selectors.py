"""Reads of decisions, scoped to the person asking, and the sources a decision is drafted from."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from campaigns.models import AwardForm, Campaign
from nominations.enums import NomineeStatus
from nominations.models import Nominee
from nominations.outcomes import Outcome
from organizations.models import User
from organizations.rules import is_appraiser, is_signer

from . import money
from .enums import DecisionPurpose, DecisionStatus
from .models import BaseSalary, Decision, DecisionLine, LegalBasis, PrizeCoefficient


@dataclass(frozen=True)
class Awardable:
    """A nominee a decision may award, the form recommended for it, the session that did."""

    nominee: Nominee
    award_form: AwardForm
    session: Any = None  # council.CouncilSession


def awardable_nominees(campaign: Campaign) -> list[Awardable]:
    """What a decision of this campaign may award, and in no award decision yet: the items the
    council recommended in its closed sessions (council/selectors.py), with the form it
    recommended (the proposed one or another); then nominees recommended outside a session
    (none in normal use: only the council's close recommends), with their proposed form."""
    from council.selectors import recommended_nominees

    taken = set(
        DecisionLine.objects.filter(
            purpose=DecisionPurpose.AWARD, nominee__dossier__campaign=campaign
        ).values_list("nominee_id", flat=True)
    )
    found: dict[int, Awardable] = {}
    for item in recommended_nominees(campaign):
        nominee = item.nominee
        if nominee.pk in taken or nominee.pk in found:
            continue
        if nominee.status != NomineeStatus.RECOMMENDED:
            continue
        result = getattr(item, "result", None)
        form = (result.award_form if result and result.award_form_id else None) or (
            item.award_offer.award_form
        )
        found[nominee.pk] = Awardable(nominee=nominee, award_form=form, session=item.session)
    others = (
        Nominee.objects.filter(dossier__campaign=campaign, status=NomineeStatus.RECOMMENDED)
        .exclude(pk__in=taken | set(found))
        .select_related("dossier__unit", "award_offer__award_form", "ethnicity")
        .order_by("pk")
    )
    for nominee in others:
        found[nominee.pk] = Awardable(nominee=nominee, award_form=nominee.award_offer.award_form)
    return list(found.values())


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
