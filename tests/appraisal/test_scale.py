"""The inbox with 5,000 dossiers and 50,000 nominees on PostgreSQL: constant queries, right
answers for an accent-less name search. (Timings are printed by bench/inbox.py, not tested.)"""

from __future__ import annotations

import pytest
from django.urls import reverse

from bench.inbox import generate
from organizations.vietnamese import fold
from tests.factories import PASSWORD, submitted_dossier

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def test_inbox_with_5000_dossiers_constant_queries_and_search(
    client, appraiser, authority, campaign, clerk, django_assert_max_num_queries
) -> None:
    client.login(username=appraiser.username, password=PASSWORD)
    url = reverse("appraisal:inbox")
    submitted_dossier(campaign, clerk, names=("Nguyễn Văn Thiện",))
    with django_assert_max_num_queries(16) as one:
        assert client.get(url).context["page"].paginator.count == 1
    with django_assert_max_num_queries(16) as one_search:
        assert client.get(url, {"q": "nguyen van thien"}).context["page"].paginator.count == 1
    big, names = generate(authority, dossiers=5000, per=10)
    assert sum(len(v) for v in names.values()) == 50000
    with django_assert_max_num_queries(len(one.captured_queries)):
        first = client.get(url)
    assert first.context["page"].paginator.count == 5001
    assert len(first.context["page"].object_list) == 25
    expected = sorted(
        pk for pk, people in names.items() if any("nguyen van thien" in fold(n) for n in people)
    )
    assert expected  # the generator's seed makes such names exist
    with django_assert_max_num_queries(len(one_search.captured_queries) + 1):
        # (+1: the campaign filter's own choice lookup)
        found = client.get(url, {"q": "nguyen van thien", "campaign": big.pk})
    assert found.context["page"].paginator.count == len(expected)
    page_ids = [d.pk for d in found.context["page"].object_list]
    assert set(page_ids) <= set(expected)
    # The accented query gives the same answer.
    accented = client.get(url, {"q": "Nguyễn Văn Thiện"})
    assert accented.context["page"].paginator.count == len(expected) + 1
