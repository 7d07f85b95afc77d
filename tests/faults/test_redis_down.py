"""Redis down: a clerk's draft save needs no broker. That a submission's e-mails then go out
once Redis is back is shown by tests/notifications/test_outbox.py
(test_submission_with_the_broker_stopped_answers_truthfully_and_mails_once_it_is_back)."""

from __future__ import annotations

import time

import pytest
from django.urls import reverse

from nominations.enums import DossierStatus
from nominations.services import dossiers as services
from notifications.models import OutboxMessage
from organizations.enums import Role
from tests.factories import make_campaign, make_person
from tests.notifications.test_outbox import celery_broker


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_clerk_saves_a_draft_while_redis_is_down(client, authority, private_redis) -> None:
    clerk = make_person(Role.CLERK, authority=authority)
    campaign = make_campaign(authority)
    dossier = services.create_dossier(actor=clerk, campaign=campaign)
    client.force_login(clerk)
    url = reverse("nominations:edit", args=[dossier.pk])
    version = client.get(url).context["form"]["version"].value()
    queued = OutboxMessage.objects.count()

    with celery_broker(private_redis.url):
        private_redis.stop()
        started = time.monotonic()
        response = client.post(
            url,
            {
                "version": version,
                "letter_number": "12/TTr-THBT",
                "letter_signer": "Đinh Văn Blưm",
                "note": "Lưu khi máy chủ hàng đợi đang dừng",
            },
        )
        elapsed = time.monotonic() - started
        private_redis.start()

    assert response.status_code == 302, response.content.decode()[:500]
    assert response["Location"].startswith(reverse("nominations:detail", args=[dossier.pk]))
    assert elapsed < 5, elapsed
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.DRAFT
    assert (dossier.letter_number, dossier.letter_signer) == ("12/TTr-THBT", "Đinh Văn Blưm")
    assert dossier.note == "Lưu khi máy chủ hàng đợi đang dừng"
    assert dossier.version == int(version) + 1
    assert OutboxMessage.objects.count() == queued  # a draft save sends nothing
