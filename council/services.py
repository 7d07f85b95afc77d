"""The council's writes: the council and its members, the voting rules, sessions (their state
through transition_session), attendance, ballots, recusals, written ballots, reminders and the
close, which moves the nominees and dossiers through their own transition functions.

Secrecy (docs/council.md): no function here writes a ballot's choice into the audit trail, a
notification, a log line or an exception message, and none links a member to a ballot except by
his voter token (or, for an open vote, the ballot's `member`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from appraisal.selectors import council_agenda
from audit.services import record
from audit.workflow import TransitionError, Workflow, transition
from campaigns.models import AwardForm, Campaign
from documents.services import register_document
from nominations.enums import DossierAction, NomineeAction, NomineeStatus
from nominations.models import Dossier, Nominee
from nominations.workflow import transition_dossiers, transition_nominees
from notifications.services import notify
from organizations.enums import Role
from organizations.models import Authority, User

from .enums import (
    AGENDA_OPEN_STATUSES,
    LIVE_STATUSES,
    MINUTES_SERIES,
    PROPOSAL_SERIES,
    RECOMMENDING,
    ROLE_ORDER,
    SESSION_TRANSITIONS,
    Attendance,
    Choice,
    Comparison,
    CouncilRole,
    Outcome,
    SessionAction,
    SessionStatus,
    VotingBase,
    VotingMethod,
)
from .models import (
    AgendaItem,
    Ballot,
    Council,
    CouncilMembership,
    CouncilSession,
    ItemResult,
    PublicComment,
    Recusal,
    SessionMember,
    SessionRule,
    VoteReceipt,
    VotingRule,
)
from .rules import conflict_of_interest
from .voting import Count, Rule, count_item

SESSION_WORKFLOW: Workflow[CouncilSession] = Workflow(
    name="council_session",
    model=CouncilSession,
    states=SessionStatus,
    actions=SessionAction,
    transitions=SESSION_TRANSITIONS,
    refused_message=gettext_lazy(
        "Anh/chị không có quyền thực hiện thao tác “%(action)s” với phiên họp này."
    ),
    state_message=gettext_lazy(
        "Không thể “%(action)s” khi phiên họp đang ở trạng thái “%(state)s”."
    ),
    stale_message=gettext_lazy(
        "Phiên họp vừa được người khác thay đổi. Vui lòng tải lại trang để xem bản mới nhất."
    ),
    select_related=("council__authority", "campaign"),
    authority_of=lambda session: session.council.authority,
)


def transition_session(
    *,
    actor: User,
    session: CouncilSession,
    action: str,
    expected_version: int | None = None,
    comment: str = "",
    data: dict[str, Any] | None = None,
    prepare: Callable[[CouncilSession], None] | None = None,
    after: Callable[[CouncilSession], None] | None = None,
) -> CouncilSession:
    """Move a session by `action` (see audit.workflow.transition), or raise TransitionError."""
    return transition(
        SESSION_WORKFLOW,
        actor=actor,
        obj=session,
        action=action,
        expected_version=expected_version,
        comment=comment,
        data=data,
        prepare=prepare,
        after=after,
    )


def _refuse(message: str, code: str = "invalid", field: str | None = None) -> TransitionError:
    return TransitionError(message, code=code, errors={field: [message]} if field else None)


def _require(actor: User, permission: str, obj: Any) -> None:
    if actor is None or not actor.is_authenticated or not actor.has_perm(permission, obj):
        raise _refuse(_("Anh/chị không có quyền thực hiện thao tác này."), "forbidden")


# --- The council, its members and its rules --------------------------------------------------

# The domain reference's defaults (NĐ 98/2023 Điều 30.7; practice for the quorum).
CSTDCS_RULE = {
    "method": VotingMethod.SECRET,
    "share_percent": Decimal(80),
    "comparison": Comparison.AT_LEAST,
    "base": VotingBase.ALL_MEMBERS,
    "note": "NĐ 98/2023/NĐ-CP Điều 30.7: bỏ phiếu kín, từ 80% tổng số thành viên Hội đồng",
}
DEFAULT_RULE = {
    "method": VotingMethod.OPEN,
    "share_percent": Decimal(50),
    "comparison": Comparison.MORE_THAN,
    "base": VotingBase.PRESENT,
    "note": "Giấy khen: biểu quyết công khai, trên 50% số thành viên dự họp",
}


def _is_cstdcs(form: AwardForm) -> bool:
    from organizations.vietnamese import fold

    return "chien si thi dua" in fold(form.name)


def ensure_default_rules(*, authority: Authority) -> list[VotingRule]:
    """The authority's default rule and one for each Chiến sĩ thi đua cơ sở form, where none
    exists yet (existing rules are never changed). Returns the rules created."""
    made = []
    if not VotingRule.objects.filter(authority=authority, award_form__isnull=True).exists():
        made.append(VotingRule.objects.create(authority=authority, **DEFAULT_RULE))
    for form in AwardForm.objects.filter(authority=authority):
        if _is_cstdcs(form) and not VotingRule.objects.filter(award_form=form).exists():
            made.append(
                VotingRule.objects.create(authority=authority, award_form=form, **CSTDCS_RULE)
            )
    return made


@transaction.atomic
def create_council(
    *,
    actor: User | None,
    authority: Authority,
    name: str = "",
    decision_number: str = "",
    decision_date: dt.date | None = None,
) -> Council:
    """Set up the authority's council (the previous active one, if any, is retired) and its
    default voting rules. Audited."""
    if actor is not None:
        _require(actor, "council.manage", authority)
    from documents.blocks import local_name

    Council.objects.filter(authority=authority, is_active=True).update(is_active=False)
    council = Council.objects.create(
        authority=authority,
        name=name.strip() or f"Hội đồng Thi đua - Khen thưởng {local_name(authority)}",
        decision_number=decision_number.strip(),
        decision_date=decision_date,
    )
    ensure_default_rules(authority=authority)
    record(
        actor=actor,
        action="council.create",
        target=council,
        authority=authority,
        data={"decision_number": council.decision_number},
    )
    return council


@transaction.atomic
def update_council(
    *, actor: User, council: Council, name: str, decision_number: str, decision_date: dt.date | None
) -> Council:
    _require(actor, "council.manage", council)
    council.name = name.strip() or council.name
    council.decision_number = decision_number.strip()
    council.decision_date = decision_date
    council.save(update_fields=["name", "decision_number", "decision_date"])
    record(actor=actor, action="council.update", target=council, authority=council.authority)
    return council


@transaction.atomic
def add_member(
    *,
    actor: User | None,
    council: Council,
    person: User,
    role: str,
    start_date: dt.date,
    position: str = "",
    votes: bool = True,
) -> CouncilMembership:
    """Give a person a seat on the council from `start_date`. Audited."""
    if actor is not None:
        _require(actor, "council.manage", council)
    if person.authority_id != council.authority_id:
        raise _refuse(_("Người này không thuộc cơ quan của Hội đồng."), field="person")
    if role not in CouncilRole.values:
        raise _refuse(_("Chức danh không hợp lệ."), field="role")
    if council.members_on(start_date).filter(person=person).exists():
        raise _refuse(_("Người này đang là thành viên Hội đồng."), field="person")
    membership = CouncilMembership.objects.create(
        council=council,
        person=person,
        role=role,
        position=position.strip() or person.position,
        votes=votes,
        start_date=start_date,
    )
    record(
        actor=actor,
        action="council.add_member",
        target=council,
        authority=council.authority,
        data={"person": person.pk, "role": role, "votes": membership.votes},
    )
    return membership


@transaction.atomic
def end_membership(
    *, actor: User | None, membership: CouncilMembership, end_date: dt.date
) -> CouncilMembership:
    """End a seat on `end_date` (the row is kept: past sessions keep their own copies)."""
    if actor is not None:
        _require(actor, "council.manage", membership.council)
    if end_date < membership.start_date:
        raise _refuse(_("Ngày kết thúc không được trước ngày bắt đầu."), field="end_date")
    membership.end_date = end_date
    membership.save(update_fields=["end_date"])
    record(
        actor=actor,
        action="council.end_member",
        target=membership.council,
        authority=membership.council.authority,
        data={"person": membership.person_id, "end_date": end_date.isoformat()},
    )
    return membership


RULE_FIELDS = (
    "method",
    "share_percent",
    "comparison",
    "base",
    "quorum_numerator",
    "quorum_denominator",
    "written_ballots_count",
    "public_notice_days",
    "note",
)


@transaction.atomic
def save_voting_rule(
    *,
    actor: User,
    authority: Authority,
    award_form: AwardForm | None,
    fields: Mapping[str, Any],
) -> VotingRule:
    """Create or change the rule of one award form (None: the default). Sessions already voting
    keep the copy they took. Audited with the old and new values."""
    _require(actor, "council.manage", authority)
    if award_form is not None and award_form.authority_id != authority.pk:
        raise _refuse(_("Hình thức khen thưởng không thuộc cơ quan."), field="award_form")
    values = {k: fields[k] for k in RULE_FIELDS if k in fields}
    num, den = values.get("quorum_numerator"), values.get("quorum_denominator")
    if num is not None and den is not None and (den <= 0 or num > den):
        raise _refuse(
            _("Tỷ lệ tối thiểu phải là một phân số không lớn hơn 1."), field="quorum_numerator"
        )
    rule = VotingRule.objects.filter(authority=authority, award_form=award_form).first()
    before = {k: str(getattr(rule, k)) for k in values} if rule else {}
    if rule is None:
        rule = VotingRule(authority=authority, award_form=award_form)
    for key, value in values.items():
        setattr(rule, key, value)
    rule.save()
    record(
        actor=actor,
        action="council.voting_rule",
        target=rule,
        authority=authority,
        data={"before": before, "after": {k: str(v) for k, v in values.items()}},
    )
    return rule


def active_council(authority: Authority | int | None) -> Council | None:
    if authority is None:
        return None
    return Council.objects.filter(authority=authority, is_active=True).first()


def rule_for(*, authority: Authority, award_form: AwardForm) -> VotingRule:
    """The rule of the form, else the authority's default, else the built-in default."""
    rules = {
        r.award_form_id: r
        for r in VotingRule.objects.filter(authority=authority).filter(award_form__in=[award_form])
        | VotingRule.objects.filter(authority=authority, award_form__isnull=True)
    }
    if award_form.pk in rules:
        return rules[award_form.pk]
    if _is_cstdcs(award_form):  # the law's rule, even for a form added after the defaults
        return VotingRule(authority=authority, award_form=award_form, **CSTDCS_RULE)
    if None in rules:
        return rules[None]
    return VotingRule(authority=authority, **DEFAULT_RULE)


# --- Sessions --------------------------------------------------------------------------------


def _nominees_on_live_agendas(campaign: Campaign, *, exclude: CouncilSession | None) -> set[int]:
    qs = AgendaItem.objects.filter(session__campaign=campaign, session__status__in=LIVE_STATUSES)
    if exclude is not None:
        qs = qs.exclude(session=exclude)
    return set(qs.values_list("nominee_id", flat=True))


def agenda_sort_key(nominee: Nominee) -> tuple:
    from organizations.vietnamese import fold, name_sort_key

    form = nominee.award_offer.award_form
    return (
        form.order,
        form.name,
        fold(nominee.dossier.unit.name),
        name_sort_key(nominee.full_name),
    )


def _fill_agenda(session: CouncilSession) -> int:
    """Add the campaign's eligible nominees that sit on no other live agenda; order the agenda
    by award form, then unit, then name. Returns how many were added."""
    taken = _nominees_on_live_agendas(session.campaign, exclude=session)
    present = set(session.items.values_list("nominee_id", flat=True))
    eligible = [n for n in council_agenda(session.campaign) if n.pk not in taken]
    new = [n for n in eligible if n.pk not in present]
    AgendaItem.objects.bulk_create(
        [AgendaItem(session=session, nominee=n, award_offer=n.award_offer) for n in new]
    )
    items = list(
        session.items.select_related(
            "nominee__dossier__unit", "nominee__award_offer__award_form", "award_offer__award_form"
        )
    )
    items.sort(key=lambda i: agenda_sort_key(i.nominee))
    for order, item in enumerate(items, start=1):
        item.order = order
    AgendaItem.objects.bulk_update(items, ["order"])
    _recuse_conflicted(session)
    return len(new)


@transaction.atomic
def create_session(
    *,
    actor: User,
    council: Council,
    campaign: Campaign,
    title: str,
    meeting_at: dt.datetime,
    place: str,
    chair: User | None = None,
) -> CouncilSession:
    """A draft session of the council on the campaign, its agenda built from the nominees the
    appraisal found eligible (those on another live session's agenda excepted). Audited."""
    _require(actor, "council.run_session", council)
    if campaign.authority_id != council.authority_id:
        raise _refuse(_("Kế hoạch không thuộc cơ quan của Hội đồng."), field="campaign")
    if not (title or "").strip():
        raise _refuse(_("Vui lòng nhập tên phiên họp."), field="title")
    if not (place or "").strip():
        raise _refuse(_("Vui lòng nhập địa điểm họp."), field="place")
    session = CouncilSession.objects.create(
        council=council,
        campaign=campaign,
        title=title.strip(),
        meeting_at=meeting_at,
        place=place.strip(),
        chair=chair,
        secretary=actor,
        created_by=actor,
    )
    added = _fill_agenda(session)
    record(
        actor=actor,
        action="council_session.create",
        target=session,
        authority=council.authority,
        to_state=session.status,
        data={"agenda": added},
    )
    return session


def refresh_agenda(*, actor: User, session: CouncilSession) -> int:
    """Add nominees forwarded since the agenda was built (until voting opens)."""
    _require(actor, "council.run_session", session)
    with transaction.atomic():
        locked = CouncilSession.objects.select_for_update().get(pk=session.pk)
        if locked.status not in AGENDA_OPEN_STATUSES:
            raise _refuse(
                _(
                    "Chương trình xét đã được chốt khi mở bỏ phiếu; hồ sơ chuyển sau sẽ được "
                    "xét ở phiên họp sau."
                ),
                "illegal_state",
            )
        added = _fill_agenda(locked)
        record(
            actor=actor,
            action="council_session.refresh_agenda",
            target=locked,
            authority=locked.council.authority,
            data={"added": added},
        )
    return added


def _recuse_conflicted(session: CouncilSession) -> None:
    """Record a recusal for every voting member with a conflict of interest on an item
    (council.rules.conflict_of_interest): he is treated as recused, and his page shows it."""
    members = list(session.members.filter(votes=True).select_related("person"))
    if not members:
        return
    own_unit_rule = session.council.recuse_own_unit
    items = session.items.select_related("nominee__dossier__campaign")
    Recusal.objects.bulk_create(
        [
            Recusal(item=item, member=member, reason=reason[:255])
            for item in items
            for member in members
            if (
                reason := conflict_of_interest(
                    member.person, item.nominee, own_unit_rule=own_unit_rule
                )
            )
        ],
        ignore_conflicts=True,
    )


def _copy_members(session: CouncilSession) -> None:
    day = timezone.localdate(session.meeting_at)
    # One seat per person (the later one, if a seat ended the day another began).
    seats = {
        seat.person_id: seat
        for seat in session.council.members_on(day).select_related("person").order_by("pk")
    }.values()
    have = set(session.members.values_list("person_id", flat=True))
    SessionMember.objects.bulk_create(
        [
            SessionMember(
                session=session,
                person=seat.person,
                full_name=seat.person.full_name,
                role=seat.role,
                position=seat.position,
                votes=seat.votes,
            )
            for seat in sorted(seats, key=lambda s: (ROLE_ORDER[s.role], s.pk))
            if seat.person_id not in have
        ]
    )
    _recuse_conflicted(session)


def _session_link(session: CouncilSession, name: str = "council:session") -> str:
    return reverse(name, args=[session.pk])


def _member_people(session: CouncilSession) -> list[User]:
    return [m.person for m in session.members.select_related("person")]


def call_session(*, actor: User, session: CouncilSession) -> CouncilSession:
    """Call (triệu tập) the session: its members are those of the council on the meeting day,
    copied into the session; they are notified (in the app, e-mail on commit)."""

    def prepare(locked: CouncilSession) -> None:
        if not locked.items.exists():
            raise _refuse(_("Chương trình xét chưa có tập thể, cá nhân nào."))
        day = timezone.localdate(locked.meeting_at)
        if not locked.council.members_on(day).filter(votes=True).exists():
            raise _refuse(_("Hội đồng chưa có thành viên biểu quyết vào ngày họp."))
        locked.called_at = timezone.now()

    def after(locked: CouncilSession) -> None:
        _copy_members(locked)
        when = timezone.localtime(locked.meeting_at).strftime("%H:%M ngày %d/%m/%Y")
        notify(
            recipients=_member_people(locked),
            verb="council.session_called",
            title=_("Triệu tập họp Hội đồng: %(title)s") % {"title": locked.title},
            body=_("Thời gian: %(when)s. Địa điểm: %(place)s. Số tập thể, cá nhân được xét: %(n)d.")
            % {"when": when, "place": locked.place, "n": locked.items.count()},
            link=_session_link(locked, "council:review"),
        )

    return transition_session(
        actor=actor, session=session, action=SessionAction.CALL, prepare=prepare, after=after
    )


def set_attendance(
    *, actor: User, session: CouncilSession, member: SessionMember, attendance: str
) -> SessionMember:
    """Record whether a member is present, absent, or absent with a written ballot. While
    voting is open a member who has voted online stays present."""
    _require(actor, "council.run_session", session)
    if attendance not in Attendance.values:
        raise _refuse(_("Tình trạng tham dự không hợp lệ."), field="attendance")
    with transaction.atomic():
        locked = _lock_session_shared(session.pk)
        if locked.status not in (SessionStatus.CALLED, SessionStatus.VOTING):
            raise _refuse(
                _("Chỉ ghi tham dự khi phiên họp đã triệu tập và chưa kết thúc."), "illegal_state"
            )
        member = SessionMember.objects.select_for_update().get(pk=member.pk, session=session)
        if member.attendance == attendance:
            return member
        if VoteReceipt.objects.filter(member=member).exists():
            raise _refuse(
                _("Thành viên đã có phiếu trong phiên họp: không thể đổi tình trạng tham dự."),
                "illegal_state",
            )
        before = member.attendance
        member.attendance = attendance
        member.save(update_fields=["attendance"])
        record(
            actor=actor,
            action="council_session.attendance",
            target=session,
            authority=session.council.authority,
            data={"member": member.person_id, "from": before, "to": attendance},
        )
    return member


def open_voting(*, actor: User, session: CouncilSession) -> CouncilSession:
    """Open voting: the agenda is frozen (nominees forwarded later go to the next session), the
    rule of each award form is copied into the session, the ballot salt is drawn. Members are
    notified."""

    def prepare(locked: CouncilSession) -> None:
        if not locked.items.exists():
            raise _refuse(_("Chương trình xét chưa có tập thể, cá nhân nào."))
        if not locked.members.filter(votes=True).exists():
            raise _refuse(_("Phiên họp chưa có thành viên biểu quyết."))
        days = notice_days(locked)
        if (
            days
            and locked.called_at
            and timezone.now() < locked.called_at + dt.timedelta(days=days)
        ):
            raise _refuse(
                _("Danh sách phải được công khai %(n)d ngày trước khi bỏ phiếu (từ %(since)s).")
                % {"n": days, "since": timezone.localtime(locked.called_at).strftime("%d/%m/%Y")},
                "notice",
            )
        locked.ballot_salt = secrets.token_hex(32)
        locked.voting_opened_at = timezone.now()

    def after(locked: CouncilSession) -> None:
        authority = locked.council.authority
        forms = AwardForm.objects.filter(
            pk__in=locked.items.values_list("award_offer__award_form", flat=True)
        )
        copies = []
        for form in forms:
            rule = rule_for(authority=authority, award_form=form)
            copies.append(
                SessionRule(
                    session=locked,
                    award_form=form,
                    **{
                        k: getattr(rule, k)
                        for k in (
                            "method",
                            "share_percent",
                            "comparison",
                            "base",
                            "quorum_numerator",
                            "quorum_denominator",
                            "written_ballots_count",
                        )
                    },
                )
            )
        SessionRule.objects.bulk_create(copies)
        notify(
            recipients=[
                m.person for m in locked.members.filter(votes=True).select_related("person")
            ],
            verb="council.voting_opened",
            title=_("Mở bỏ phiếu: %(title)s") % {"title": locked.title},
            body=_("Đề nghị đồng chí xem hồ sơ và cho ý kiến với từng tập thể, cá nhân."),
            link=_session_link(locked, "council:review"),
        )

    return transition_session(
        actor=actor,
        session=session,
        action=SessionAction.OPEN_VOTING,
        prepare=prepare,
        after=after,
    )


def cancel_session(*, actor: User, session: CouncilSession, reason: str) -> CouncilSession:
    reason = (reason or "").strip()
    if not reason:
        raise _refuse(_("Vui lòng ghi lý do hủy phiên họp."), field="reason")
    return transition_session(
        actor=actor, session=session, action=SessionAction.CANCEL, comment=reason
    )


# --- Ballots ---------------------------------------------------------------------------------


def voter_token(session: CouncilSession, member: SessionMember) -> str:
    """The member's pseudonym on the session's ballots (worthless once the salt is erased)."""
    key = session.ballot_salt.encode()
    return hmac.new(key, f"{session.pk}:{member.pk}".encode(), hashlib.sha256).hexdigest()


def _lock_session_shared(pk: int) -> CouncilSession:
    """Read the session under a share lock: many ballots at once, but none while it closes
    (the close takes the row FOR UPDATE). SQLite has no row locks: its writes are serialised
    by the database lock, so a plain read is enough there."""
    sql = "SELECT id FROM council_councilsession WHERE id = %s"
    if connection.vendor == "postgresql":
        sql = "SELECT id FROM council_councilsession WHERE id = %s FOR SHARE"
    with connection.cursor() as cursor:
        cursor.execute(sql, [pk])
        if cursor.fetchone() is None:
            raise _refuse(_("Không tìm thấy phiên họp."), "missing")
    return CouncilSession.objects.select_related("council").get(pk=pk)


def _voting_member(session: CouncilSession, actor: User) -> SessionMember:
    if actor is None or not actor.is_authenticated or not actor.is_active:
        raise _refuse(_("Anh/chị cần đăng nhập để bỏ phiếu."), "forbidden")
    member = session.members.filter(person_id=actor.pk).first()
    if member is None or not actor.has_perm("council.vote", session):
        raise _refuse(_("Anh/chị không phải thành viên biểu quyết của phiên họp này."), "forbidden")
    if member.attendance != Attendance.PRESENT:
        raise _refuse(
            _("Anh/chị được ghi vắng mặt trong phiên họp: phiếu bằng văn bản do Thư ký ghi nhận."),
            "forbidden",
        )
    return member


def _check_open(session: CouncilSession) -> None:
    if session.status != SessionStatus.VOTING:
        if session.status == SessionStatus.CLOSED:
            raise _refuse(
                _("Phiên họp đã kết thúc bỏ phiếu: phiếu không thể thay đổi."), "illegal_state"
            )
        raise _refuse(_("Phiên họp chưa mở bỏ phiếu."), "illegal_state")


def _methods(session: CouncilSession) -> dict[int, str]:
    return dict(session.rules.values_list("award_form_id", "method"))


def _check_choice(item: AgendaItem, choice: str, other_form: AwardForm | None) -> None:
    if choice not in Choice.values:
        raise _refuse(_("Lựa chọn không hợp lệ."), field="choice")
    if choice == Choice.OTHER_FORM:
        if other_form is None:
            raise _refuse(_("Vui lòng chọn hình thức khen thưởng đề nghị."), field="other_form")
        if (
            other_form.authority_id != item.session.council.authority_id
            or other_form.pk == item.award_offer.award_form_id
        ):
            raise _refuse(_("Hình thức khen thưởng đề nghị không hợp lệ."), field="other_form")
    elif other_form is not None:
        raise _refuse(_("Chỉ chọn hình thức khác khi đề nghị hình thức khác."), field="other_form")


def _write_ballots(
    *,
    session: CouncilSession,
    member: SessionMember,
    choices: list[tuple[AgendaItem, str, AwardForm | None]],
    written: bool,
) -> int:
    """Upsert one ballot per item (the last choice counts) and the receipts."""
    if not choices:
        return 0
    recused = set(Recusal.objects.filter(member=member).values_list("item_id", flat=True))
    for item, choice, other in choices:
        if item.session_id != session.pk:
            raise _refuse(_("Nội dung xét không thuộc phiên họp này."), "forbidden")
        if item.pk in recused:
            raise _refuse(
                _("Anh/chị đã xin không tham gia biểu quyết đối với “%(name)s”.")
                % {"name": item.nominee.full_name},
                "recused",
            )
        _check_choice(item, choice, other)
    methods = _methods(session)
    token = voter_token(session, member)
    Ballot.objects.bulk_create(
        [
            Ballot(
                item=item,
                voter_token=token,
                choice=choice,
                other_form=other,
                written=written,
                member=member
                if methods.get(item.award_offer.award_form_id) != VotingMethod.SECRET
                else None,
            )
            for item, choice, other in choices
        ],
        update_conflicts=True,
        unique_fields=["item", "voter_token"],
        update_fields=["choice", "other_form", "written"],
    )
    VoteReceipt.objects.bulk_create(
        [VoteReceipt(item=item, member=member, written=written) for item, _c, _o in choices],
        ignore_conflicts=True,
    )
    return len(choices)


def _items(session: CouncilSession, ids: Iterable[int]) -> dict[int, AgendaItem]:
    return {
        i.pk: i
        for i in AgendaItem.objects.filter(session=session, pk__in=list(ids)).select_related(
            "nominee", "award_offer", "session__council"
        )
    }


def cast_ballot(
    *, actor: User, item: AgendaItem, choice: str, other_form: AwardForm | None = None
) -> None:
    """The member's ballot on one item: a new one, or his change of mind (one row per member
    and item, the last choice counts, two tabs at once leave one). No audit entry, no log: the
    receipt says he voted, nothing says how."""
    with transaction.atomic():
        session = _lock_session_shared(item.session_id)
        _check_open(session)
        member = _voting_member(session, actor)
        item = _items(session, [item.pk]).get(item.pk)
        if item is None:
            raise _refuse(_("Nội dung xét không thuộc phiên họp này."), "forbidden")
        _write_ballots(
            session=session, member=member, choices=[(item, choice, other_form)], written=False
        )


def agree_with_all_remaining(*, actor: User, session: CouncilSession) -> int:
    """ "Đồng ý tất cả các trường hợp còn lại": agree on every item the member has not voted on
    and not recused from. Returns how many."""
    with transaction.atomic():
        session = _lock_session_shared(session.pk)
        _check_open(session)
        member = _voting_member(session, actor)
        done = set(VoteReceipt.objects.filter(member=member).values_list("item_id", flat=True))
        done |= set(Recusal.objects.filter(member=member).values_list("item_id", flat=True))
        items = (
            AgendaItem.objects.filter(session=session)
            .exclude(pk__in=done)
            .select_related("nominee", "award_offer", "session__council")
        )
        return _write_ballots(
            session=session,
            member=member,
            choices=[(i, Choice.AGREE, None) for i in items],
            written=False,
        )


def recuse(*, actor: User, item: AgendaItem, reason: str = "") -> Recusal:
    """The member takes no part on this nominee: his ballot on it, if any, is withdrawn. Audited
    (recusals are public: the minutes name them)."""
    with transaction.atomic():
        session = _lock_session_shared(item.session_id)
        if session.status not in (SessionStatus.CALLED, SessionStatus.VOTING):
            raise _refuse(
                _("Chỉ có thể xin không tham gia khi phiên họp đang diễn ra."), "illegal_state"
            )
        member = session.members.filter(person_id=actor.pk, votes=True).first()
        if member is None or not actor.has_perm("council.vote", session):
            raise _refuse(
                _("Anh/chị không phải thành viên biểu quyết của phiên họp này."), "forbidden"
            )
        item = AgendaItem.objects.select_related("nominee").get(pk=item.pk, session=session)
        recusal, _created = Recusal.objects.get_or_create(
            item=item, member=member, defaults={"reason": (reason or "").strip()[:255]}
        )
        if session.ballot_salt:
            Ballot.objects.filter(item=item, voter_token=voter_token(session, member)).delete()
        VoteReceipt.objects.filter(item=item, member=member).delete()
        record(
            actor=actor,
            action="council_session.recuse",
            target=session,
            authority=session.council.authority,
            data={"item": item.pk, "nominee": item.nominee.full_name, "reason": recusal.reason},
        )
    return recusal


def record_written_ballot(
    *,
    actor: User,
    session: CouncilSession,
    member: SessionMember,
    choices: Mapping[int, tuple[str, AwardForm | None]],
) -> int:
    """The secretary enters an absent member's written ballot (phiếu bằng văn bản): a choice
    per item id. Counted only if the session's rule counts written ballots. Audited without the
    choices."""
    _require(actor, "council.run_session", session)
    with transaction.atomic():
        session = _lock_session_shared(session.pk)
        _check_open(session)
        member = SessionMember.objects.get(pk=member.pk, session=session)
        if member.attendance != Attendance.WRITTEN or not member.votes:
            raise _refuse(
                _("Chỉ ghi phiếu bằng văn bản cho thành viên vắng mặt có phiếu bằng văn bản."),
                "invalid",
            )
        items = _items(session, choices)
        rows = [(items[pk], c, o) for pk, (c, o) in choices.items() if pk in items]
        n = _write_ballots(session=session, member=member, choices=rows, written=True)
        record(
            actor=actor,
            action="council_session.written_ballot",
            target=session,
            authority=session.council.authority,
            data={"member": member.person_id, "items": n},
        )
    return n


def send_reminders(*, actor: User, session: CouncilSession) -> list[int]:
    """Remind the present voting members who have not voted on every item (recusals aside).
    Returns the people reminded."""
    _require(actor, "council.run_session", session)
    from .selectors import members_not_done

    with transaction.atomic():
        _check_open(session)
        people = [m.person for m in members_not_done(session)]
        notify(
            recipients=people,
            verb="council.reminder",
            title=_("Nhắc bỏ phiếu: %(title)s") % {"title": session.title},
            body=_("Đồng chí chưa cho ý kiến đối với một số tập thể, cá nhân trong phiên họp."),
            link=_session_link(session, "council:review"),
        )
    return sorted(p.pk for p in people)


# --- The close -------------------------------------------------------------------------------


def _rule(copy: SessionRule) -> Rule:
    return Rule(
        method=copy.method,
        share_percent=copy.share_percent,
        comparison=copy.comparison,
        base=copy.base,
        quorum_numerator=copy.quorum_numerator,
        quorum_denominator=copy.quorum_denominator,
        written_ballots_count=copy.written_ballots_count,
    )


def compute_results(session: CouncilSession) -> list[ItemResult]:
    """Count each item's ballots under the session's rules (unsaved ItemResult rows)."""
    members = list(session.members.filter(votes=True))
    voters = len(members)
    present = sum(m.attendance == Attendance.PRESENT for m in members)
    written_ids = {m.pk for m in members if m.attendance == Attendance.WRITTEN}
    rules = {r.award_form_id: r for r in session.rules.all()}
    items = list(session.items.select_related("award_offer__award_form"))
    tallies: dict[int, dict[tuple[bool, str, int | None], int]] = defaultdict(
        lambda: defaultdict(int)
    )
    for item_id, written, choice, other in Ballot.objects.filter(item__session=session).values_list(
        "item_id", "written", "choice", "other_form_id"
    ):
        tallies[item_id][(written, choice, other)] += 1
    recused: dict[int, int] = defaultdict(int)
    for item_id in Recusal.objects.filter(item__session=session).values_list("item_id", flat=True):
        recused[item_id] += 1
    written_recused: dict[int, int] = defaultdict(int)
    for item_id in Recusal.objects.filter(
        item__session=session, member_id__in=written_ids
    ).values_list("item_id", flat=True):
        written_recused[item_id] += 1
    forms = {f.pk: f for f in AwardForm.objects.filter(authority=session.council.authority)}
    results = []
    for item in items:
        form = item.award_offer.award_form
        copy = rules.get(form.pk)
        rule = _rule(copy) if copy else Rule()
        t = tallies[item.pk]

        def n(written: bool, choice: str, t=t) -> int:
            return sum(v for (w, c, _o), v in t.items() if w == written and c == choice)

        def others(written: bool, t=t) -> dict[int, int]:
            found: dict[int, int] = defaultdict(int)
            for (w, c, o), v in t.items():
                if w == written and c == Choice.OTHER_FORM:
                    found[o] += v
            return dict(found)

        counted_recused = recused[item.pk] - (
            0 if rule.written_ballots_count else written_recused[item.pk]
        )
        count = Count(
            members=voters,
            present=present,
            agree=n(False, Choice.AGREE),
            disagree=n(False, Choice.DISAGREE),
            other_forms=others(False),
            written=len(written_ids),
            written_agree=n(True, Choice.AGREE),
            written_disagree=n(True, Choice.DISAGREE),
            written_other_forms=others(True),
            recused=counted_recused,
        )
        r = count_item(count, rule)
        award_form = None
        if r.outcome == Outcome.RECOMMENDED:
            award_form = form
        elif r.outcome == Outcome.RECOMMENDED_OTHER:
            award_form = forms.get(r.other_form)
        results.append(
            ItemResult(
                item=item,
                outcome=r.outcome,
                award_form=award_form,
                agree=r.agree,
                disagree=r.disagree,
                other_form=sum(r.other_forms.values()),
                other_forms=[
                    {"form": f, "name": forms[f].name if f in forms else "", "votes": v}
                    for f, v in sorted(r.other_forms.items())
                ],
                written=sum(v for (w, _c, _o), v in t.items() if w and rule.written_ballots_count),
                recused=recused[item.pk],
                members=voters,
                participants=r.participants,
                base=r.base,
                share=r.share,
                quorum_met=r.quorum_met,
            )
        )
    return results


def close_session(*, actor: User, session: CouncilSession, conclusion: str = "") -> CouncilSession:
    """Close voting: lock every ballot, compute each item's result from the session's rules,
    record the open votes' named lists, delete the secret ballots and erase the salt, move the
    nominees (recommended / not recommended; a missed quorum or a tie leaves the nominee
    eligible for a later session) and the dossiers left with no undecided nominee, number the
    minutes, the tally record and the proposal in the council's series, and freeze what they
    show. One transaction. Side effects: members and the units' clerks notified on commit."""
    data: dict[str, Any] = {}

    def prepare(locked: CouncilSession) -> None:
        locked.closed_at = timezone.now()
        locked.issued_on = timezone.localdate(locked.closed_at)
        locked.conclusion = (conclusion or "").strip()

    def after(locked: CouncilSession) -> None:
        from .documents import session_record

        results = compute_results(locked)
        ItemResult.objects.bulk_create(results)
        methods = _methods(locked)
        secret_items = [
            r.item_id
            for r in results
            if methods.get(r.item.award_offer.award_form_id) == VotingMethod.SECRET
        ]
        open_votes = _open_vote_lists(locked, exclude=secret_items)
        Ballot.objects.filter(item_id__in=secret_items).delete()
        # What remains are open votes, named by their member (their minutes list who voted how).
        authority = locked.council.authority
        reg = {}
        for key, series, title in (
            ("minutes", MINUTES_SERIES, "Biên bản họp Hội đồng Thi đua - Khen thưởng"),
            ("tally", MINUTES_SERIES, "Biên bản kiểm phiếu"),
            ("proposal", PROPOSAL_SERIES, "Tờ trình đề nghị khen thưởng"),
        ):
            if key == "tally" and not secret_items:
                continue
            entry = register_document(
                authority=authority,
                doc_type=series,
                symbol=series,
                series=series,
                issued_on=locked.issued_on,
                title=f"{title}: {locked.title}",
                target_kind={"minutes": "minutes", "tally": "tally"}.get(key, "council_proposal"),
                target_id=str(locked.pk),
                actor=actor,
            )
            reg[key] = entry.number
        CouncilSession.objects.filter(pk=locked.pk).update(
            ballot_salt="",
            minutes_number=reg.get("minutes"),
            tally_number=reg.get("tally"),
            proposal_number=reg.get("proposal"),
        )
        locked.ballot_salt = ""
        locked.minutes_number = reg.get("minutes")
        locked.tally_number = reg.get("tally")
        locked.proposal_number = reg.get("proposal")
        frozen = session_record(locked, open_votes=open_votes)
        CouncilSession.objects.filter(pk=locked.pk).update(frozen=frozen)
        locked.frozen = frozen
        _move_nominees(actor, locked, results)
        counts: dict[str, int] = defaultdict(int)
        for r in results:
            counts[r.outcome] += 1
        data["results"] = dict(counts)
        notify(
            recipients=_member_people(locked),
            verb="council.session_closed",
            title=_("Kết quả phiên họp Hội đồng: %(title)s") % {"title": locked.title},
            body=_("%(r)d tập thể, cá nhân được đề nghị khen thưởng trên %(n)d được xét.")
            % {"r": sum(counts[o] for o in RECOMMENDING), "n": len(results)},
            link=_session_link(locked, "council:results"),
        )

    return transition_session(
        actor=actor,
        session=session,
        action=SessionAction.CLOSE,
        data=data,
        prepare=prepare,
        after=after,
    )


def _open_vote_lists(session: CouncilSession, *, exclude: list[int]) -> dict[int, dict]:
    """Who voted how on the open-vote items (the minutes list them)."""
    found: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    rows = (
        Ballot.objects.filter(item__session=session, member__isnull=False)
        .exclude(item_id__in=exclude)
        .select_related("member", "other_form")
        .order_by("member_id")
    )
    for b in rows:
        label = b.other_form.name if b.other_form_id else b.choice
        found[b.item_id][label].append(b.member.full_name)
    return {k: dict(v) for k, v in found.items()}


def _move_nominees(actor: User, session: CouncilSession, results: list[ItemResult]) -> None:
    action = {}
    for r in results:
        if r.outcome in RECOMMENDING:
            action[r.item.nominee_id] = NomineeAction.RECOMMEND
        elif r.outcome == Outcome.NOT_RECOMMENDED:
            action[r.item.nominee_id] = NomineeAction.NOT_RECOMMEND
    nominees = list(Nominee.objects.filter(pk__in=action, status=NomineeStatus.ELIGIBLE))
    if nominees:
        transition_nominees(
            actor=actor,
            nominees=nominees,
            action=lambda n: action[n.pk],
            comment=session.title,
            data=lambda n: {"session": session.pk},
            after=lambda rows: _notify_clerks(session, rows),
        )
    dossier_ids = {n.dossier_id for n in nominees}
    ready = [
        d
        for d in Dossier.objects.filter(pk__in=dossier_ids, status="forwarded")
        if not d.nominees.filter(status=NomineeStatus.ELIGIBLE).exists()
    ]
    if ready:
        transition_dossiers(
            actor=actor, dossiers=ready, action=DossierAction.DECIDE, comment=session.title
        )


def _notify_clerks(session: CouncilSession, nominees: list[Nominee]) -> None:
    from organizations.enums import Role

    units: dict[int, int] = defaultdict(int)
    for n in nominees:
        units[n.dossier.unit_id] += 1
    for unit_id, n in units.items():
        clerks = User.objects.filter(
            unit_id=unit_id, role_assignments__role=Role.CLERK, is_active=True
        ).distinct()
        notify(
            recipients=list(clerks),
            verb="council.results",
            title=_("Hội đồng đã xét: %(title)s") % {"title": session.title},
            body=_("Hội đồng đã có kết quả xét đối với %(n)d tập thể, cá nhân của đơn vị.")
            % {"n": n},
            link=reverse("nominations:list"),
        )


# --- Public notice (công khai) ---------------------------------------------------------------


def notice_days(session: CouncilSession) -> int:
    """Days the agenda's list must be public before voting opens: the most any of its award
    forms' rules asks (0: no public notice)."""
    authority = session.council.authority
    forms = AwardForm.objects.filter(
        pk__in=session.items.values_list("award_offer__award_form", flat=True)
    )
    return max((rule_for(authority=authority, award_form=f).public_notice_days for f in forms),
               default=0)  # fmt: skip


def send_public_comment(
    *, session: CouncilSession, item: AgendaItem | None, sender_name: str, contact: str, text: str
) -> PublicComment:
    """Record a comment sent through the public notice (no login) and tell the secretaries."""
    sender_name, contact, text = (v.strip() for v in (sender_name, contact, text))
    errors = {}
    if not sender_name:
        errors["sender_name"] = [_("Vui lòng ghi họ và tên người gửi.")]
    if not contact:
        errors["contact"] = [_("Vui lòng ghi địa chỉ, số điện thoại hoặc thư điện tử.")]
    if not text:
        errors["text"] = [_("Vui lòng ghi nội dung ý kiến.")]
    if errors:
        raise TransitionError(code="invalid", errors=errors)
    with transaction.atomic():
        locked = CouncilSession.objects.select_for_update().get(pk=session.pk)
        if locked.status != SessionStatus.CALLED or not notice_days(locked):
            raise _refuse(_("Danh sách không còn trong thời gian công khai."), "illegal_state")
        if item is not None and item.session_id != locked.pk:
            raise _refuse(_("Tập thể, cá nhân không thuộc danh sách này."), field="item")
        comment = PublicComment.objects.create(
            session=locked, item=item, sender_name=sender_name[:150], contact=contact[:255],
            text=text[:4000],
        )  # fmt: skip
        notify(
            recipients=locked.council.authority.officers(Role.COUNCIL_SECRETARY),
            verb="council.public_comment",
            title=_("Ý kiến về danh sách công khai: %(title)s") % {"title": locked.title},
            body=f"{sender_name} ({contact}): {text[:500]}",
            link=_session_link(locked, "council:review"),
        )
    return comment
