from __future__ import annotations

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse

from notifications.models import Notification
from notifications.services import notify
from notifications.tasks import send_notification_email
from organizations.enums import Role
from tests.factories import PASSWORD, make_person

pytestmark = pytest.mark.django_db


def test_notify_writes_in_app_and_emails_on_commit(
    authority, django_capture_on_commit_callbacks, eager_tasks
) -> None:
    a = make_person(Role.APPRAISER, authority=authority)
    b = make_person(Role.APPRAISER, authority=authority, email="")
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[a, b, a], verb="x", title="Tiêu đề", body="Nội dung", link="/x/")
    assert Notification.objects.filter(recipient=a).count() == 1
    assert Notification.objects.filter(recipient=b).count() == 1
    assert [(m.to, m.subject) for m in mail.outbox] == [
        ([a.email], "[Thi đua - Khen thưởng] Tiêu đề")
    ]
    assert Notification.objects.get(recipient=a).emailed_at is not None
    # Sent once only, even if the task runs again.
    assert send_notification_email(Notification.objects.get(recipient=a).pk) is False
    assert len(mail.outbox) == 1


def test_notify_sends_nothing_when_transaction_rolls_back(
    authority, django_capture_on_commit_callbacks, eager_tasks
) -> None:
    a = make_person(Role.APPRAISER, authority=authority)
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        notify(recipients=[a], verb="x", title="T")
        raise RuntimeError
    assert Notification.objects.count() == 0
    assert mail.outbox == []


def test_bell_shows_unread_count_and_list_marks_read(client, authority) -> None:
    a = make_person(Role.APPRAISER, authority=authority)
    notify(recipients=[a], verb="x", title="Hồ sơ mới", email=False)
    notify(recipients=[a], verb="x", title="Hồ sơ thứ hai", email=False)
    client.login(username=a.username, password=PASSWORD)
    home = client.get(reverse("home_appraiser"))
    assert (
        '<span class="badge rounded-pill bg-warning text-dark" data-testid="notification-unread">2</span>'
        in home.content.decode()
    )
    page = client.get(reverse("notifications:list"))
    assert "Hồ sơ thứ hai" in page.content.decode()
    assert Notification.objects.filter(recipient=a, read_at__isnull=True).count() == 0
    home = client.get(reverse("home_appraiser"))
    assert 'data-testid="notification-unread"' not in home.content.decode()


def test_notification_list_shows_only_own(client, authority) -> None:
    a = make_person(Role.APPRAISER, authority=authority)
    b = make_person(Role.APPRAISER, authority=authority)
    notify(recipients=[b], verb="x", title="Riêng của người khác", email=False)
    client.login(username=a.username, password=PASSWORD)
    assert "Riêng của người khác" not in client.get(reverse("notifications:list")).content.decode()
    assert Notification.objects.get(recipient=b).read_at is None


def test_notification_list_query_count(client, authority, django_assert_max_num_queries) -> None:
    a = make_person(Role.APPRAISER, authority=authority)
    client.login(username=a.username, password=PASSWORD)
    notify(recipients=[a], verb="x", title="Một", email=False)
    with django_assert_max_num_queries(12):
        client.get(reverse("notifications:list"))
    for i in range(40):
        notify(recipients=[a], verb="x", title=f"Số {i}", email=False)
    with django_assert_max_num_queries(12):
        client.get(reverse("notifications:list"))


def test_notification_email_links_absolutely_to_the_dossier_page(
    client, authority, clerk, appraiser, settings, django_capture_on_commit_callbacks, eager_tasks
) -> None:
    from urllib.parse import urlsplit

    from django.urls import resolve

    from nominations.services.dossiers import submit_dossier
    from tests.factories import complete_dossier, make_campaign

    settings.SITE_URL = "https://thidua.example.gov.vn"
    dossier = complete_dossier(clerk, make_campaign(authority, actor=appraiser))
    with django_capture_on_commit_callbacks(execute=True):
        submit_dossier(actor=clerk, dossier=dossier)
    [message] = mail.outbox
    assert message.to == [appraiser.email]
    links = [word for word in message.body.split() if "://" in word]
    assert links == [f"https://thidua.example.gov.vn/tham-dinh/ho-so/{dossier.pk}/"]
    url = urlsplit(links[0])
    match = resolve(url.path)
    assert (match.view_name, match.kwargs) == ("appraisal:dossier", {"pk": dossier.pk})
    client.force_login(appraiser)
    page = client.get(url.path)
    assert page.status_code == 200
    assert page.context["dossier"] == dossier


def test_mail_subject_carries_no_line_break(
    authority, django_capture_on_commit_callbacks, eager_tasks
) -> None:
    a = make_person(Role.APPRAISER, authority=authority)
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            recipients=[a],
            verb="x",
            title="Hồ sơ\r\nBcc: ke-xau@example.com\n\tX\u2028Y",
        )
    [message] = mail.outbox
    assert message.subject == "[Thi đua - Khen thưởng] Hồ sơ Bcc: ke-xau@example.com X Y"
    assert message.recipients() == [a.email]
    assert message.message()["Bcc"] is None
    assert Notification.objects.get(recipient=a).emailed_at is not None
