"""The council's services end to end: a session from agenda to close, ballots, refusals."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from audit.models import AuditEntry
from audit.workflow import TransitionError
from council import services
from council.enums import Attendance, Choice, Outcome, SessionStatus
from council.models import (
    AgendaItem,
    Ballot,
    CouncilSession,
    ItemResult,
    SessionMember,
    VoteReceipt,
)
from council.selectors import recommended_items, review_rows, tally
from nominations.enums import DossierStatus, NomineeStatus
from organizations.enums import Role
from tests.factories import council_session, make_campaign, make_council, make_person, staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(authority):
    council = make_council(authority, members=5)
    campaign = make_campaign(authority)
    session = council_session(
        campaign, council, names=("Đinh Văn Lũy", "Phạm Thị Hoa", "Nguyễn Văn Đức")
    )
    members = list(session.members.filter(votes=True).select_related("person"))
    items = {i.nominee.full_name: i for i in session.items.select_related("nominee")}
    return session, members, items, staff(authority, Role.COUNCIL_SECRETARY)


def test_session_agenda_members_and_rules_are_copied(setup) -> None:
    session, members, items, _secretary = setup
    assert session.status == SessionStatus.VOTING
    assert sorted(items) == ["Nguyễn Văn Đức", "Phạm Thị Hoa", "Đinh Văn Lũy"]
    assert members[0].full_name == "Thành viên Hội đồng 1"
    assert len(members) == 5
    assert session.members.filter(votes=False).count() == 1  # the secretary
    assert session.rules.count() == 1
    assert session.ballot_salt


def test_close_counts_moves_nominees_and_forgets_secret_links(setup) -> None:
    session, members, items, secretary = setup
    luy, hoa, duc = items["Đinh Văn Lũy"], items["Phạm Thị Hoa"], items["Nguyễn Văn Đức"]
    for m in members:
        services.cast_ballot(actor=m.person, item=luy, choice=Choice.AGREE)
    for m in members[:2]:
        services.cast_ballot(actor=m.person, item=hoa, choice=Choice.AGREE)
    for m in members[2:]:
        services.cast_ballot(actor=m.person, item=hoa, choice=Choice.DISAGREE)
    services.recuse(actor=members[0].person, item=duc, reason="Cùng đơn vị")
    services.agree_with_all_remaining(actor=members[1].person, session=session)
    assert tally(session).receipts == 5 + 5 + 1
    session = services.close_session(actor=secretary, session=session, conclusion="Thống nhất.")
    assert session.status == SessionStatus.CLOSED
    results = {
        r.item.nominee.full_name: r for r in ItemResult.objects.select_related("item__nominee")
    }
    assert (results["Đinh Văn Lũy"].outcome, results["Đinh Văn Lũy"].agree) == (
        Outcome.RECOMMENDED,
        5,
    )
    # Default rule: more than half of those present (5): 2 agree → not recommended.
    assert (results["Phạm Thị Hoa"].outcome, results["Phạm Thị Hoa"].disagree) == (
        Outcome.NOT_RECOMMENDED,
        3,
    )
    assert results["Nguyễn Văn Đức"].recused == 1
    luy.nominee.refresh_from_db()
    hoa.nominee.refresh_from_db()
    assert luy.nominee.status == NomineeStatus.RECOMMENDED
    assert hoa.nominee.status == NomineeStatus.NOT_RECOMMENDED
    assert luy.nominee.dossier.status == DossierStatus.DECIDED
    assert [i.nominee.full_name for i in recommended_items(session)] == ["Đinh Văn Lũy"]
    assert session.minutes_number == 1 and session.proposal_number == 1
    assert session.frozen["totals"]["recommended"] == 1
    assert session.ballot_salt == ""


def test_change_of_mind_keeps_one_ballot_the_last_choice(setup) -> None:
    session, members, items, _ = setup
    item, member = items["Đinh Văn Lũy"], members[0]
    services.cast_ballot(actor=member.person, item=item, choice=Choice.AGREE)
    services.cast_ballot(actor=member.person, item=item, choice=Choice.DISAGREE)
    assert list(Ballot.objects.filter(item=item).values_list("choice", flat=True)) == [
        Choice.DISAGREE
    ]
    assert VoteReceipt.objects.filter(item=item).count() == 1
    row = next(r for r in review_rows(session, member) if r.item.pk == item.pk)
    assert row.choice == Choice.DISAGREE


def _refusal(call) -> TransitionError:
    with pytest.raises(TransitionError) as info:
        call()
    return info.value


def test_refusals_change_nothing(setup, authority) -> None:
    session, members, items, secretary = setup
    item = items["Đinh Văn Lũy"]
    outsider = make_person(Role.COUNCIL_MEMBER, authority=authority)
    exc = _refusal(lambda: services.cast_ballot(actor=outsider, item=item, choice=Choice.AGREE))
    assert exc.message == "Anh/chị không phải thành viên biểu quyết của phiên họp này."
    exc = _refusal(lambda: services.cast_ballot(actor=secretary, item=item, choice=Choice.AGREE))
    assert exc.code == "forbidden"
    services.recuse(actor=members[0].person, item=item)
    exc = _refusal(
        lambda: services.cast_ballot(actor=members[0].person, item=item, choice=Choice.AGREE)
    )
    assert exc.message == "Anh/chị đã xin không tham gia biểu quyết đối với “Đinh Văn Lũy”."
    exc = _refusal(lambda: services.cast_ballot(actor=members[1].person, item=item, choice="x"))
    assert exc.message == "Lựa chọn không hợp lệ."
    assert Ballot.objects.count() == 0 and VoteReceipt.objects.count() == 0
    services.cast_ballot(actor=members[1].person, item=item, choice=Choice.AGREE)
    services.close_session(actor=secretary, session=session)
    exc = _refusal(
        lambda: services.cast_ballot(actor=members[1].person, item=item, choice=Choice.DISAGREE)
    )
    assert exc.message == "Phiên họp đã kết thúc bỏ phiếu: phiếu không thể thay đổi."
    assert ItemResult.objects.get(item=item).agree == 1


def test_only_the_secretary_runs_and_closes_a_session(setup) -> None:
    session, members, _items, _secretary = setup
    exc = _refusal(lambda: services.close_session(actor=members[0].person, session=session))
    assert exc.code == "forbidden"
    session.refresh_from_db()
    assert session.status == SessionStatus.VOTING


def test_written_ballot_of_an_absent_member(setup) -> None:
    session, members, items, secretary = setup
    absent = members[4]
    services.set_attendance(
        actor=secretary, session=session, member=absent, attendance=Attendance.WRITTEN
    )
    exc = _refusal(
        lambda: services.cast_ballot(
            actor=absent.person, item=items["Đinh Văn Lũy"], choice=Choice.AGREE
        )
    )
    assert exc.code == "forbidden"
    n = services.record_written_ballot(
        actor=secretary,
        session=session,
        member=absent,
        choices={i.pk: (Choice.AGREE, None) for i in items.values()},
    )
    assert n == 3
    entry = AuditEntry.objects.filter(action="council_session.written_ballot").get()
    assert entry.data == {"member": absent.person_id, "items": 3}
    services.close_session(actor=secretary, session=session)
    assert ItemResult.objects.get(item=items["Đinh Văn Lũy"]).written == 1


@pytest.mark.django_db(transaction=True)
def test_two_tabs_at_once_leave_one_ballot(authority) -> None:
    council = make_council(authority, members=3)
    session = council_session(make_campaign(authority), council, names=("Đinh Văn Lũy",))
    member = session.members.filter(votes=True).select_related("person").first()
    item = AgendaItem.objects.get(session=session)
    barrier = threading.Barrier(2)
    errors: list[Exception] = []

    def vote(choice: str) -> None:
        try:
            barrier.wait()
            services.cast_ballot(actor=member.person, item=item, choice=choice)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=vote, args=(c,)) for c in (Choice.AGREE, Choice.DISAGREE)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert Ballot.objects.filter(item=item).count() == 1
    assert VoteReceipt.objects.filter(item=item).count() == 1


def test_membership_change_after_a_session_keeps_its_members(setup) -> None:
    session, members, _items, secretary = setup
    services.close_session(actor=secretary, session=session)
    seat = session.council.memberships.get(person=members[0].person)
    services.end_membership(actor=None, membership=seat, end_date=seat.start_date)
    assert SessionMember.objects.filter(session=session, votes=True).count() == 5
    assert CouncilSession.objects.get(pk=session.pk).frozen["members"]["voting"] == 5
