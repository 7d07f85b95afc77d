"""Must-show 2: fifty campaigns approved by their signer at once get fifty distinct consecutive
numbers."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from documents.models import RegisterEntry
from tests.factories import approve_pending, make_campaign, send_for_signature

COUNT = 50


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_publications_get_consecutive_numbers(authority, settings) -> None:
    settings.DOCUMENTS_RENDER_ON_ISSUE = False  # this test is about numbering, not PDFs
    campaigns = [
        send_for_signature(make_campaign(authority, publish=False, title=f"Kế hoạch song song {i}"))
        for i in range(COUNT)
    ]
    start = threading.Barrier(COUNT)
    numbers: dict[int, int] = {}
    errors: list[BaseException] = []

    def publish(campaign_id: int) -> None:
        try:
            from campaigns.models import Campaign

            start.wait(timeout=60)
            approve_pending("plan", campaign_id)  # the signer approves fifty plans at once
            numbers[campaign_id] = Campaign.objects.get(pk=campaign_id).number
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=publish, args=(c.pk,)) for c in campaigns]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    assert sorted(numbers.values()) == list(range(1, COUNT + 1))
    stored = list(
        RegisterEntry.objects.filter(authority=authority)
        .order_by("number")
        .values_list("number", flat=True)
    )
    assert stored == list(range(1, COUNT + 1))
