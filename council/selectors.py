"""Reads of the council, scoped to the user. The API the decisions stage builds on:

- `closed_sessions(campaign)`: the campaign's closed sessions, oldest first;
- `recommended_items(session)`: the agenda items the council recommended, each with
  `.nominee` (and its dossier and unit), `.result.award_form` (the form recommended: the
  proposed one or another), `.result.outcome`, in agenda order (award form, unit, name);
- `recommended_nominees(campaign)`: the same across every closed session of the campaign;
- `proposal_reference(session)`: the council's proposal (Tờ trình) number, symbol and date.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from appraisal.models import Appraisal
from campaigns.models import Campaign
from documents.vietnamese import document_number
from nominations.models import Attachment, Nominee
from nominations.outcomes import Outcome as StageOutcome
from organizations.enums import Role
from organizations.models import User

from .enums import PROPOSAL_SERIES, RECOMMENDING, Attendance, Outcome, SessionStatus
from .models import (
    AgendaItem,
    Ballot,
    Council,
    CouncilSession,
    ItemResult,
    PublicComment,
    Recusal,
    SessionMember,
    VoteReceipt,
)

STAFF_ROLES = (Role.COUNCIL_SECRETARY, Role.ADMIN, Role.CHAIRMAN, Role.VICE_CHAIRMAN)


def sessions_visible_to(user: User) -> QuerySet[CouncilSession]:
    """The sessions of the user's authority he may read: all of them for the secretary, the
    administrator and the signers; those he sits in for a member."""
    qs = CouncilSession.objects.select_related("council__authority", "campaign")
    if not user.is_authenticated or user.authority_id is None:
        return qs.none()
    qs = qs.filter(council__authority_id=user.authority_id)
    if user.has_role(*STAFF_ROLES):
        return qs
    return qs.filter(members__person=user).distinct()


def council_of(user: User) -> Council | None:
    if user.authority_id is None:
        return None
    return Council.objects.filter(authority_id=user.authority_id, is_active=True).first()


def closed_sessions(campaign: Campaign) -> QuerySet[CouncilSession]:
    return CouncilSession.objects.filter(campaign=campaign, status=SessionStatus.CLOSED).order_by(
        "closed_at", "pk"
    )


def recommended_items(session: CouncilSession) -> list[AgendaItem]:
    return list(
        AgendaItem.objects.filter(session=session, result__outcome__in=RECOMMENDING)
        .select_related(
            "nominee__dossier__unit",
            "nominee__ethnicity",
            "award_offer__award_form",
            "result__award_form",
        )
        .order_by("order", "pk")
    )


def recommended_nominees(campaign: Campaign) -> list[AgendaItem]:
    return list(
        AgendaItem.objects.filter(
            session__campaign=campaign,
            session__status=SessionStatus.CLOSED,
            result__outcome__in=RECOMMENDING,
        )
        .select_related(
            "session", "nominee__dossier__unit", "award_offer__award_form", "result__award_form"
        )
        .order_by("session__closed_at", "order", "pk")
    )


@dataclass(frozen=True)
class Reference:
    number: int | None
    symbol: str
    issued_on: object

    @property
    def text(self) -> str:
        return f"{document_number(self.number)}/{self.symbol}" if self.number else ""


def proposal_reference(session: CouncilSession) -> Reference:
    return Reference(session.proposal_number, PROPOSAL_SERIES, session.issued_on)


# --- The member's review page ---------------------------------------------------------------


@dataclass
class ReviewRow:
    item: AgendaItem
    appraisal: Appraisal | None
    attachments: list[Attachment]
    choice: str = ""
    other_form_id: int | None = None
    recused: bool = False
    voted: bool = False
    info: dict[str, str] | None = None  # the cached HTML of the nominee's part (council.views)


def member_of(session: CouncilSession, user: User) -> SessionMember | None:
    return session.members.filter(person_id=user.pk).first()


def remaining_for(session: CouncilSession, member: SessionMember | None) -> int:
    """How many items the member has neither voted on nor recused from (three counts)."""
    if member is None:
        return 0
    return (
        session.items.count()
        - VoteReceipt.objects.filter(member=member).count()
        - Recusal.objects.filter(member=member).count()
    )


def agenda_items(session: CouncilSession) -> QuerySet[AgendaItem]:
    return session.items.select_related(
        "nominee__dossier__unit",
        "nominee__ethnicity",
        "award_offer__award_form",
    ).order_by("order", "pk")


def review_rows(
    session: CouncilSession,
    member: SessionMember | None,
    *,
    unit: int | None = None,
    form: int | None = None,
    pending_only: bool = False,
    only: int | None = None,
) -> list[ReviewRow]:
    """Every agenda item with what a member needs to judge it and his own ballot (found by his
    token; nobody else's). A constant number of queries."""
    # Prefetched into lists (to_attr): a related manager per row would clone the prefetch's
    # queryset for each of the 200 rows (a third of the page's server time).
    items = agenda_items(session).prefetch_related(
        Prefetch(
            "nominee__attachments",
            queryset=Attachment.objects.order_by("pk"),
            to_attr="review_attachments",
        ),
        Prefetch(
            "public_comments",
            queryset=PublicComment.objects.order_by("created_at", "pk"),
            to_attr="review_comments",
        ),
    )
    if unit:
        items = items.filter(nominee__dossier__unit_id=unit)
    if form:
        items = items.filter(award_offer__award_form_id=form)
    if only is not None:
        items = items.filter(pk=only)
    items = list(items)
    appraisals = {
        a.nominee_id: a
        for a in Appraisal.objects.filter(
            nominee_id__in=[i.nominee_id for i in items], is_current=True
        ).select_related("award_offer_before__award_form", "award_offer_after__award_form")
    }
    mine: dict[int, tuple[str, int | None]] = {}
    recused: set[int] = set()
    voted: set[int] = set()
    if member is not None:
        ids = [i.pk for i in items]
        recused = set(
            Recusal.objects.filter(member=member, item_id__in=ids).values_list("item_id", flat=True)
        )
        voted = set(
            VoteReceipt.objects.filter(member=member, item_id__in=ids).values_list(
                "item_id", flat=True
            )
        )
        if session.ballot_salt:
            from .services import voter_token

            token = voter_token(session, member)
            mine = {
                i: (c, o)
                for i, c, o in Ballot.objects.filter(
                    item_id__in=ids, voter_token=token
                ).values_list("item_id", "choice", "other_form_id")
            }
    rows = []
    for item in items:
        choice, other = mine.get(item.pk, ("", None))
        row = ReviewRow(
            item=item,
            appraisal=appraisals.get(item.nominee_id),
            attachments=item.nominee.review_attachments,
            choice=choice,
            other_form_id=other,
            recused=item.pk in recused,
            voted=item.pk in voted,
        )
        if pending_only and (row.voted or row.recused):
            continue
        rows.append(row)
    return rows


# --- The secretary's live tally (counts only) -----------------------------------------------


@dataclass(frozen=True)
class Tally:
    voters: int  # present voting members
    written: int  # absent members with a written ballot
    done: int  # members who have voted on every item (recusals aside)
    started: int  # members who have voted on at least one item
    items: int
    receipts: int  # ballots cast by present members, all items together
    expected: int  # ballots expected from present members, recusals aside


def tally(session: CouncilSession) -> Tally:
    members = list(session.members.filter(votes=True))
    present = [m for m in members if m.attendance == Attendance.PRESENT]
    items = session.items.count()
    per_member = dict(
        VoteReceipt.objects.filter(item__session=session)
        .values("member_id")
        .annotate(n=Count("pk"))
        .values_list("member_id", "n")
    )
    recused = dict(
        Recusal.objects.filter(item__session=session)
        .values("member_id")
        .annotate(n=Count("pk"))
        .values_list("member_id", "n")
    )
    done = sum(
        1 for m in present if per_member.get(m.pk, 0) + recused.get(m.pk, 0) >= items and items
    )
    return Tally(
        voters=len(present),
        written=sum(m.attendance == Attendance.WRITTEN for m in members),
        done=done,
        started=sum(1 for m in present if per_member.get(m.pk)),
        items=items,
        receipts=sum(per_member.get(m.pk, 0) for m in present),
        expected=sum(items - recused.get(m.pk, 0) for m in present),
    )


def members_not_done(session: CouncilSession) -> list[SessionMember]:
    items = session.items.count()
    members = (
        session.members.filter(votes=True, attendance=Attendance.PRESENT)
        .annotate(
            voted=Count("receipts", distinct=True),
            recused_n=Count("recusals", distinct=True),
        )
        .select_related("person")
    )
    return [m for m in members if m.voted + m.recused_n < items]


# --- Results ---------------------------------------------------------------------------------


def session_results(session: CouncilSession) -> list[AgendaItem]:
    return list(
        agenda_items(session)
        .select_related("result__award_form")
        .prefetch_related(Prefetch("recusals", queryset=Recusal.objects.select_related("member")))
    )


def result_counts(session: CouncilSession) -> dict[str, int]:
    found: dict[str, int] = defaultdict(int)
    for outcome in ItemResult.objects.filter(item__session=session).values_list(
        "outcome", flat=True
    ):
        found[outcome] += 1
    return dict(found)


TONES = {
    Outcome.RECOMMENDED: "success",
    Outcome.RECOMMENDED_OTHER: "success",
    Outcome.NOT_RECOMMENDED: "danger",
    Outcome.NO_QUORUM: "warning",
    Outcome.TIE: "warning",
}


def council_outcomes(nominees: Sequence[Nominee]) -> dict[int, StageOutcome]:
    """Each nominee's latest council result, for the clerk's pages (one query)."""
    from django.utils.translation import gettext as _

    rows = (
        ItemResult.objects.filter(
            item__nominee_id__in=[n.pk for n in nominees],
            item__session__status=SessionStatus.CLOSED,
        )
        .select_related("item__session", "award_form")
        .order_by("item__session__closed_at", "pk")
    )
    found: dict[int, StageOutcome] = {}
    for r in rows:
        note = r.item.session.title
        if r.outcome == Outcome.RECOMMENDED_OTHER and r.award_form_id:
            note = f"{r.award_form.name} — {note}"
        found[r.item.nominee_id] = StageOutcome(
            stage=str(_("Hội đồng TĐKT")),
            result=str(Outcome(r.outcome).label),
            note=note,
            tone=TONES.get(r.outcome, ""),
        )
    return found


def open_sessions_for(user: User) -> QuerySet[CouncilSession]:
    return sessions_visible_to(user).filter(
        Q(status=SessionStatus.CALLED) | Q(status=SessionStatus.VOTING)
    )
