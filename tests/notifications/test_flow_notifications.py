"""Must-show 4: a plan published or changed, a unit's question and its answer, a dossier
forwarded: each notified once, to exactly the people concerned, through the outbox, with an
absolute e-mail link that opens the right page after login."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.urls import reverse

from appraisal.services import forward_dossier
from campaigns.services import answer_question, ask_question, update_campaign
from nominations.enums import DossierStatus
from notifications.models import Notification, OutboxMessage
from organizations.enums import Role
from tests.factories import (
    PASSWORD,
    UnitFactory,
    approve_pending,
    clerk_of,
    dossier_in_state,
    make_campaign,
    make_person,
    send_for_signature,
    staff,
)

pytestmark = pytest.mark.django_db
SITE = "https://thidua.example.gov.vn"


@pytest.fixture
def site(settings):
    settings.SITE_URL = SITE


def _links(message) -> list[str]:
    return [word for word in message.body.split() if "://" in word]


def opens_after_login(client, person, link: str, *, expect: str) -> None:
    """The e-mail's link, followed by someone logged out: the login page, then the page itself
    with what it must show."""
    client.logout()
    url = urlsplit(link)
    assert f"{url.scheme}://{url.netloc}" == SITE
    target = url.path + (f"?{url.query}" if url.query else "")
    first = client.get(target)
    assert first.status_code == 302
    login_url = first["Location"]
    assert urlsplit(login_url).path == reverse("login")
    response = client.post(
        login_url, {"username": person.username, "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == url.path
    assert response.status_code == 200
    assert expect in response.content.decode()


def _sent(verb: str) -> list[tuple[str, str]]:
    """(recipient's username, e-mail address) of the mails of one kind of notification."""
    notes = Notification.objects.filter(verb=verb).select_related("recipient")
    return sorted((n.recipient.username, n.recipient.email) for n in notes)


def test_plan_published_tells_exactly_the_participating_clerks(
    client, site, authority, django_capture_on_commit_callbacks, eager_tasks
) -> None:
    taking_part = UnitFactory(authority=authority, name="UBND xã Ba Cung")
    also = UnitFactory(authority=authority, name="Trường Tiểu học Ba Bích")
    left_out = UnitFactory(authority=authority, name="UBND xã Ba Vì")
    clerks = [clerk_of(taking_part), clerk_of(also)]
    second_clerk = make_person(Role.CLERK, authority=authority, unit=taking_part)
    make_person(Role.CLERK, authority=authority, unit=taking_part, is_active=False)
    clerk_of(left_out)
    campaign = make_campaign(
        authority,
        publish=False,
        participant_mode="units",
        participant_units=[taking_part, also],
    )
    send_for_signature(campaign)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        approve_pending("plan", campaign.pk)
    campaign.refresh_from_db()
    expected = sorted((p.username, p.email) for p in [*clerks, second_clerk])
    assert _sent("campaign.published") == expected
    published = [m for m in mail.outbox if campaign.reference in m.subject]
    assert sorted(m.to[0] for m in published) == [email for _u, email in expected]
    assert all(len(m.to) == 1 for m in published)
    ids = set(Notification.objects.filter(verb="campaign.published").values_list("pk", flat=True))
    rows = [
        row
        for row in OutboxMessage.objects.filter(task_name="notifications.send_notification_email")
        if row.args[0] in ids
    ]
    # Every e-mail went through the outbox, once, and is done.
    assert len(rows) == len(ids) and all(row.done_at for row in rows)
    [link] = {tuple(_links(m)) for m in published}
    assert link == (f"{SITE}/ke-hoach/{campaign.pk}/",)
    opens_after_login(client, second_clerk, link[0], expect=campaign.title)


def test_plan_changed_tells_the_clerks_once_with_a_link_to_the_change(
    client, site, authority, django_capture_on_commit_callbacks, eager_tasks
) -> None:
    unit = UnitFactory(authority=authority, name="UBND xã Ba Cung")
    clerk = clerk_of(unit)
    campaign = make_campaign(authority, participant_mode="units", participant_units=[unit])
    update_campaign(
        actor=staff(authority),
        campaign=campaign,
        fields={"theme": "Chủ đề đã sửa đổi."},
        participant_units=[unit],
        tasks=[{"unit": t.unit, "role": t.role, "text": t.text} for t in campaign.tasks.all()],
        offers=[
            {"award_form": o.award_form, "criteria": o.criteria}
            for o in campaign.award_offers.all()
        ],
    )
    revision = campaign.revisions.get(number=2)
    assert _sent("campaign.changed") == []  # not before the signer has approved it
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        approve_pending("plan_amendment", revision.pk)
    assert _sent("campaign.changed") == [(clerk.username, clerk.email)]
    [message] = [m for m in mail.outbox if m.to == [clerk.email]]
    assert "02/KH-UBND" in message.subject
    [link] = _links(message)
    assert link == f"{SITE}/ke-hoach/{campaign.pk}/phien-ban/2/"
    opens_after_login(client, clerk, link, expect="Chủ đề đã sửa đổi.")


def test_question_goes_to_the_appraisers_and_the_answer_to_the_unit(
    client, site, authority, django_capture_on_commit_callbacks, eager_tasks
) -> None:
    unit = UnitFactory(authority=authority, name="UBND xã Ba Cung")
    other_unit = UnitFactory(authority=authority, name="UBND xã Ba Vì")
    clerk, colleague, other = clerk_of(unit), None, clerk_of(other_unit)
    colleague = make_person(Role.CLERK, authority=authority, unit=unit)
    appraisers = [staff(authority), make_person(Role.APPRAISER, authority=authority)]
    make_person(Role.APPRAISER, authority=UnitFactory().authority)  # another authority's
    campaign = make_campaign(authority)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        question = ask_question(
            actor=clerk, campaign=campaign, text="Bản sao giấy khen có cần chứng thực không?"
        )
    assert _sent("question.asked") == sorted((p.username, p.email) for p in appraisers)
    asked = [m for m in mail.outbox if "phản ánh" in m.subject.lower()]
    assert sorted(m.to[0] for m in asked) == sorted(p.email for p in appraisers)
    [link] = {tuple(_links(m)) for m in asked}
    assert link == (f"{SITE}/ke-hoach/{campaign.pk}/#phan-anh-{question.pk}",)
    opens_after_login(client, appraisers[1], link[0], expect="Bản sao giấy khen có cần")

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        answer_question(
            actor=appraisers[0], question=question, answer="Bản chụp rõ nét là đủ, không cần."
        )
    assert _sent("question.answered") == sorted((p.username, p.email) for p in [clerk, colleague])
    assert other.email not in [m.to[0] for m in mail.outbox]
    [link] = {tuple(_links(m)) for m in mail.outbox}
    opens_after_login(client, colleague, link[0], expect="Bản chụp rõ nét là đủ, không cần.")


def test_forwarded_dossier_tells_its_unit(
    client, site, authority, django_capture_on_commit_callbacks, eager_tasks
) -> None:
    campaign = make_campaign(authority)
    clerk = clerk_of(UnitFactory(authority=authority, name="UBND xã Ba Cung"))
    clerk_of(UnitFactory(authority=authority, name="UBND xã Ba Vì"))
    dossier = dossier_in_state(campaign, clerk, DossierStatus.UNDER_APPRAISAL)
    from appraisal.services import appraise_nominee

    for nominee in dossier.nominees.all():
        appraise_nominee(actor=staff(authority), nominee=nominee, verdict="eligible", reason="")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        forward_dossier(actor=staff(authority), dossier=dossier)
    assert _sent("dossier.forwarded_to_unit") == [(clerk.username, clerk.email)]
    [message] = [m for m in mail.outbox if m.to == [clerk.email]]
    [link] = _links(message)
    assert link == f"{SITE}/ho-so/{dossier.pk}/"
    opens_after_login(client, clerk, link, expect="Hồ sơ đề nghị khen thưởng")
