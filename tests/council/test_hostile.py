"""Random and hostile input to the council's forms and POST endpoints: never a server error,
never a script from the input running in a page."""

from __future__ import annotations

import pytest
from django.urls import reverse
from hypothesis import given

from organizations.enums import Role
from tests.factories import council_session, make_campaign, make_council, staff
from tests.hostile import assert_no_crash, fields, hostile_settings

pytestmark = pytest.mark.django_db

SETTINGS = hostile_settings(25)


@pytest.fixture
def voting(authority):
    council = make_council(authority, members=2)
    session = council_session(make_campaign(authority), council, names=("Đinh Văn Lũy",))
    return session, session.items.get(), session.members.filter(votes=True).first()


def test_member_endpoints_survive_hostile_input(client, voting) -> None:
    session, item, member = voting
    client.force_login(member.person)

    @SETTINGS
    @given(
        data=fields(["choice", "other_form", "reason"]),
        query=fields(["don_vi", "hinh_thuc", "chua_bo_phieu"]),
    )
    def run(data, query):
        assert_no_crash(
            client.post(
                reverse("council:vote", args=[session.pk, item.pk]), data, HTTP_HX_REQUEST="true"
            )
        )
        assert_no_crash(client.post(reverse("council:vote", args=[session.pk, item.pk]), data))
        assert_no_crash(client.get(reverse("council:review", args=[session.pk]), query))

    run()  # fmt: skip


def test_secretary_endpoints_survive_hostile_input(client, voting, authority) -> None:
    session, _item, member = voting
    client.force_login(staff(authority, Role.COUNCIL_SECRETARY))

    @SETTINGS
    @given(
        session_form=fields(["campaign", "title", "meeting_at", "place", "chair"]),
        attendance=fields(["attendance"]),
        rule=fields(["which", "award_form", "method", "share_percent", "comparison", "base",
                     "quorum_numerator", "quorum_denominator", "written_ballots_count",
                     "public_notice_days", "note", "person", "role", "start_date", "votes",
                     "name", "decision_number", "decision_date"]),
    )  # fmt: skip
    def run(session_form, attendance, rule):
        assert_no_crash(client.post(reverse("council:session_create"), session_form))
        assert_no_crash(
            client.post(reverse("council:attendance", args=[session.pk, member.pk]), attendance)
        )
        assert_no_crash(client.post(reverse("council:manage"), rule))
        assert_no_crash(
            client.post(reverse("council:written_ballot", args=[session.pk, member.pk]), rule)
        )
        assert_no_crash(client.post(reverse("council:session_action", args=[session.pk, "x"]),
                                    rule), {302, 404})  # fmt: skip

    run()
