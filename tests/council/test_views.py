"""The council's pages through the test client: the secretary's session page, the member's review
page with in-place ballots, the refusals a user sees, results and documents, query counts."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from council.enums import Attendance, Choice, SessionStatus
from council.models import Ballot, CouncilSession, VoteReceipt
from organizations.enums import Role
from tests.documents.jobs import run_jobs
from tests.factories import (
    UnitFactory,
    clerk_of,
    council_session,
    dossier_in_state,
    make_campaign,
    make_council,
    make_person,
    staff,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(authority):
    council = make_council(authority, members=3)
    campaign = make_campaign(authority)
    session = council_session(campaign, council, names=("Đinh Văn Lũy", "Phạm Thị Hoa"))
    members = list(session.members.filter(votes=True).select_related("person"))
    items = {i.nominee.full_name: i for i in session.items.select_related("nominee")}
    return session, members, items, staff(authority, Role.COUNCIL_SECRETARY)


def test_secretary_creates_calls_and_opens_a_session(client, authority) -> None:
    council = make_council(authority, members=3)
    campaign = make_campaign(authority)
    dossier_in_state(
        campaign, clerk_of(UnitFactory(authority=authority)), "forwarded", names=("Hồ Văn A",)
    )
    secretary = staff(authority, Role.COUNCIL_SECRETARY)
    client.force_login(secretary)
    # Bad input: the message beside the field, what was typed kept.
    response = client.post(
        reverse("council:session_create"),
        {
            "campaign": campaign.pk,
            "title": "Phiên 1",
            "meeting_at": "khong-phai-ngay",
            "place": "Hội trường",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="error-meeting_at"' in body and 'value="Hội trường"' in body
    response = client.post(
        reverse("council:session_create"),
        {
            "campaign": campaign.pk,
            "title": "Phiên họp xét khen thưởng đợt 1",
            "meeting_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "place": "Hội trường UBND",
        },
    )
    session = CouncilSession.objects.get(council=council)
    assert response["Location"] == reverse("council:session", args=[session.pk])
    assert session.items.count() == 1
    client.post(reverse("council:session_action", args=[session.pk, "call"]))
    client.post(reverse("council:session_action", args=[session.pk, "open"]))
    session.refresh_from_db()
    assert session.status == SessionStatus.VOTING
    page = client.get(reverse("council:session", args=[session.pk])).content.decode()
    assert 'data-testid="tally-receipts">0/3<' in page


def test_member_votes_in_place_and_changes_his_mind(client, world) -> None:
    session, members, items, _ = world
    item = items["Đinh Văn Lũy"]
    client.force_login(members[0].person)
    url = reverse("council:vote", args=[session.pk, item.pk])
    response = client.post(url, {"choice": Choice.AGREE}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Anh/chị: Đồng ý" in response.content.decode()
    response = client.post(url, {"choice": Choice.DISAGREE}, HTTP_HX_REQUEST="true")
    assert "Anh/chị: Không đồng ý" in response.content.decode()
    assert list(Ballot.objects.values_list("choice", flat=True)) == [Choice.DISAGREE]
    page = client.get(reverse("council:review", args=[session.pk])).content.decode()
    assert "Anh/chị còn 1 tập thể, cá nhân chưa cho ý kiến." in page


def test_refusals_are_shown_and_change_nothing(client, world, authority) -> None:
    session, members, items, secretary = world
    item = items["Đinh Văn Lũy"]
    url = reverse("council:vote", args=[session.pk, item.pk])
    # A council member of the authority who does not sit in the session: not even found.
    outsider = make_person(Role.COUNCIL_MEMBER, authority=authority)
    client.force_login(outsider)
    assert client.post(url, {"choice": Choice.AGREE}).status_code == 404
    # The secretary sees the session but has no vote.
    client.force_login(secretary)
    response = client.post(url, {"choice": Choice.AGREE}, HTTP_HX_REQUEST="true")
    assert (
        "Anh/chị không phải thành viên biểu quyết của phiên họp này." in response.content.decode()
    )
    # A member reading another member's ballot.
    other = reverse("council:ballot", args=[session.pk, members[1].pk])
    client.force_login(members[0].person)
    response = client.get(other)
    assert response.status_code == 403
    assert "không ai được xem phiếu của thành viên khác" in response.content.decode()
    client.force_login(secretary)
    assert client.get(other).status_code == 403
    # A recused member.
    client.force_login(members[0].person)
    client.post(reverse("council:recuse", args=[session.pk, item.pk]), {"reason": "Người thân"})
    response = client.post(url, {"choice": Choice.AGREE}, HTTP_HX_REQUEST="true")
    assert "Anh/chị đã xin không tham gia biểu quyết đối với “Đinh Văn Lũy”." in (
        response.content.decode()
    )
    assert Ballot.objects.count() == 0 and VoteReceipt.objects.count() == 0
    # After the close.
    client.force_login(secretary)
    client.post(reverse("council:session_action", args=[session.pk, "close"]), {"conclusion": ""})
    client.force_login(members[1].person)
    response = client.post(url, {"choice": Choice.AGREE}, follow=True)
    assert "Phiên họp đã kết thúc bỏ phiếu: phiếu không thể thay đổi." in response.content.decode()
    assert Ballot.objects.count() == 0


def test_results_page_and_documents(client, world) -> None:
    session, members, _items, secretary = world
    for m in members:
        client.force_login(m.person)
        client.post(reverse("council:agree_all", args=[session.pk]))
    client.force_login(secretary)
    client.post(
        reverse("council:attendance", args=[session.pk, members[0].pk]),
        {"attendance": Attendance.ABSENT},
    )  # refused: he has voted
    response = client.post(
        reverse("council:session_action", args=[session.pk, "close"]),
        {"conclusion": "Hội đồng thống nhất."},
    )
    assert response["Location"] == reverse("council:results", args=[session.pk])
    page = client.get(response["Location"]).content.decode()
    assert page.count('data-testid="result-row"') == 2
    assert 'data-testid="agree">3/3<' in page
    for kind in ("minutes", "council_proposal"):
        response = client.get(reverse("council:document", args=[session.pk, kind]))
        if response.status_code == 202:
            run_jobs()
            response = client.get(reverse("council:document", args=[session.pk, kind]))
        assert response["Content-Type"] == "application/pdf"
    assert client.get(reverse("council:document", args=[session.pk, "tally"])).status_code == 404


@pytest.mark.parametrize("names", [("Đinh Văn Lũy",), tuple(f"Người số {i}" for i in range(12))])
def test_review_and_session_pages_query_counts_constant(
    client, authority, names, django_assert_max_num_queries
) -> None:
    council = make_council(authority, members=3)
    session = council_session(make_campaign(authority), council, names=names)
    member = session.members.filter(votes=True).select_related("person").first()
    client.force_login(member.person)
    client.post(reverse("council:agree_all", args=[session.pk]))
    with django_assert_max_num_queries(24):
        page = client.get(reverse("council:review", args=[session.pk]))
    assert page.content.decode().count('data-testid="review-row"') == len(names)
    client.force_login(staff(authority, Role.COUNCIL_SECRETARY))
    with django_assert_max_num_queries(24):
        page = client.get(reverse("council:session", args=[session.pk]))
    assert page.content.decode().count('data-testid="agenda-item"') == len(names)


def test_public_notice_lists_the_agenda_takes_comments_and_holds_voting(client, authority) -> None:
    from audit.workflow import TransitionError
    from council import services
    from council.models import PublicComment
    from notifications.models import Notification

    council = make_council(authority, members=2)
    secretary = staff(authority, Role.COUNCIL_SECRETARY)
    services.save_voting_rule(
        actor=secretary, authority=authority, award_form=None, fields={"public_notice_days": 3}
    )
    session = council_session(
        make_campaign(authority), council, names=("Đinh Văn Lũy",), state="called"
    )
    item = session.items.get()
    url = reverse("council:public", args=[session.pk])
    page = client.get(url).content.decode()  # no login
    assert page.count('data-testid="public-row"') == 1 and "Đinh Văn Lũy" in page
    assert item.nominee.citizen_id not in page or not item.nominee.citizen_id
    assert "Trưởng thôn" not in page  # position: not on the public list
    response = client.post(url, {"item": item.pk, "sender_name": "Hồ Văn Dân", "text": "Ý kiến"})
    body = response.content.decode()
    assert 'data-testid="error-contact"' in body and 'value="Hồ Văn Dân"' in body
    client.post(
        url,
        {"item": item.pk, "sender_name": "Hồ Văn Dân", "contact": "0905 000 111",
         "text": "Đề nghị xem xét thêm thành tích."},
    )  # fmt: skip
    assert PublicComment.objects.get().item == item
    assert Notification.objects.filter(verb="council.public_comment", recipient=secretary).exists()
    with pytest.raises(TransitionError) as info:
        services.open_voting(actor=secretary, session=session)
    assert info.value.code == "notice"
    member = session.members.filter(votes=True).first()
    client.force_login(member.person)
    page = client.get(reverse("council:review", args=[session.pk])).content.decode()
    assert "Hồ Văn Dân (0905 000 111): Đề nghị xem xét thêm thành tích." in page
