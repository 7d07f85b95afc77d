"""The council's notifications, each to exactly the people concerned, through the outbox."""

from __future__ import annotations

import pytest

from council import services
from council.enums import Choice
from notifications.models import Notification, OutboxMessage
from organizations.enums import Role
from tests.factories import council_session, make_campaign, make_council, staff

pytestmark = pytest.mark.django_db


def _to(verb: str) -> list[str]:
    return sorted(
        Notification.objects.filter(verb=verb).values_list("recipient__full_name", flat=True)
    )


def test_forward_call_open_remind_and_close_reach_the_members(authority) -> None:
    council = make_council(authority, members=3)
    session = council_session(make_campaign(authority), council, names=("Đinh Văn Lũy",))
    members = [f"Thành viên Hội đồng {i}" for i in (1, 2, 3)]
    secretary = staff(authority, Role.COUNCIL_SECRETARY)
    # The forwarded dossier: the members with a link to the council, the secretary as before.
    assert _to("dossier.forwarded_to_council") == members
    assert _to("dossier.forwarded") == [secretary.full_name]
    assert set(
        Notification.objects.filter(verb="dossier.forwarded_to_council").values_list(
            "link", flat=True
        )
    ) == {"/hoi-dong/"}
    # Called: every member of the session, the secretary included; voting: the voters.
    assert _to("council.session_called") == sorted([*members, secretary.full_name])
    assert _to("council.voting_opened") == members
    first = session.members.filter(votes=True).select_related("person").first()
    services.cast_ballot(actor=first.person, item=session.items.get(), choice=Choice.AGREE)
    assert services.send_reminders(actor=secretary, session=session) == sorted(
        m.person_id for m in session.members.filter(votes=True).exclude(pk=first.pk)
    )
    assert _to("council.reminder") == members[1:]
    note = Notification.objects.filter(verb="council.reminder").first()
    assert OutboxMessage.objects.filter(
        task_name="notifications.send_notification_email", args=[note.pk]
    ).exists()
