"""Must-show 4: the public page lists only awardees of signed, published decisions, only the
public fields, without login; a search without accents finds the name; revoked awards leave
the list with a note; the query count does not grow with the list."""

from __future__ import annotations

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from audit.workflow import TransitionError
from awards.models import Publication
from awards.services import publish_decision
from decisions.enums import DecisionPurpose, Grouping
from decisions.services import (
    draft_correction,
    draft_decisions,
    sign_decisions,
    submit_decision,
)
from nominations.models import Nominee
from tests.factories import UnitFactory, clerk_of, make_campaign, recommended_dossier

from .conftest import SIGN_DAY_BEFORE

pytestmark = pytest.mark.django_db


def _url(authority, **params) -> str:
    from urllib.parse import urlencode

    base = reverse("public:awardees", args=[authority.pk])
    return f"{base}?{urlencode(params)}" if params else base


def _names(response) -> list[str]:
    import re

    table = response.content.decode().split('data-testid="public-awardees"')[1].split("</table>")[0]
    return re.findall(r"<tr><td>([^<]+)</td>", table)


def test_public_page_shows_only_published_signed_awardees_and_public_fields(
    client, signed_decision, appraiser, authority
) -> None:
    url = _url(authority)
    assert _names(client.get(url)) == []  # signed, not yet published
    publish_decision(actor=appraiser, decision=signed_decision)
    assert AuditEntry.objects.filter(action="awards.publish").count() == 1
    response = client.get(url)  # no login
    assert response.status_code == 200
    names = _names(response)
    assert sorted(names) == sorted(signed_decision.lines.values_list("full_name", flat=True))
    body = response.content.decode()
    assert f"Số {signed_decision.reference} ngày 30/06/2026" in body
    assert "Giấy khen" in body and "Trường THCS Ba Tơ" in body
    # Nothing private of any awardee: birth date, citizen ID, ethnicity.
    for nominee in Nominee.objects.filter(decision_lines__decision=signed_decision):
        if nominee.birth_date:
            assert nominee.birth_date.strftime("%d/%m/%Y") not in body
        if nominee.citizen_id:
            assert nominee.citizen_id not in body
        if nominee.ethnicity_id:
            assert nominee.ethnicity.name not in body


def test_public_page_leaves_out_a_draft_and_another_authority(
    client, signed_decision, appraiser, authority, chairman
) -> None:
    publish_decision(actor=appraiser, decision=signed_decision)
    other = make_campaign(authority, title="Phong trào thi đua khác")
    recommended_dossier(other, clerk_of(UnitFactory(authority=authority)), names=("Lò Văn Khác",))
    (draft,), _ = draft_decisions(
        actor=appraiser, campaign=other, signer=chairman, grouping=Grouping.SINGLE
    )
    with pytest.raises(TransitionError):
        publish_decision(actor=appraiser, decision=draft)
    assert "Lò Văn Khác" not in _names(client.get(_url(authority)))
    from tests.factories import AuthorityFactory

    elsewhere = AuthorityFactory(name="Ủy ban nhân dân xã Khác", short_name="UBND xã Khác")
    assert _names(client.get(_url(elsewhere))) == []


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("nguyen thi anh", ["Nguyễn Thị Anh"]),
        ("NGUYEN THI ANH", ["Nguyễn Thị Anh"]),
        ("dinh thi an", ["Đinh Thị Ân"]),
        ("Phạm Văn", ["Phạm Văn Bình"]),
        ("khong co ai", []),
    ],
)
def test_public_search_ignores_accents(
    client, signed_decision, appraiser, authority, query, found
) -> None:
    publish_decision(actor=appraiser, decision=signed_decision)
    assert _names(client.get(_url(authority, q=query))) == found


def test_public_page_bad_input_answers_without_error(client, signed_decision, authority) -> None:
    assert client.get(_url(authority, q="x" * 500)).status_code == 200
    assert client.get(_url(authority, page="abc")).status_code == 200
    assert client.get(reverse("public:awardees", args=[999999])).status_code == 404


def test_revoked_award_leaves_the_public_list_with_a_note(
    client, signed_decision, appraiser, signer_with_certificate, authority
) -> None:
    publish_decision(actor=appraiser, decision=signed_decision)
    line = signed_decision.lines.get(full_name="Phạm Văn Bình")
    revoking = draft_correction(
        actor=appraiser,
        target=signed_decision,
        purpose=DecisionPurpose.REVOKE,
        signer=signer_with_certificate,
        lines=[line],
    )
    submit_decision(actor=appraiser, decision=revoking)
    sign_decisions(actor=signer_with_certificate, decisions=[revoking], day=SIGN_DAY_BEFORE)
    revoking.refresh_from_db()
    response = client.get(_url(authority))
    names = _names(response)
    assert "Phạm Văn Bình" not in names and len(names) == 4
    body = response.content.decode()
    assert (
        f"1 trường hợp khen thưởng theo Quyết định số {signed_decision.reference} đã bị hủy bỏ "
        f"theo Quyết định số {revoking.reference} ngày 30/06/2026"
    ) in body


def test_public_page_query_count_does_not_grow_with_the_list(
    client, signed_decision, appraiser, authority, django_assert_max_num_queries
) -> None:
    with django_assert_max_num_queries(6):
        assert client.get(_url(authority)).status_code == 200
    publish_decision(actor=appraiser, decision=signed_decision)
    with django_assert_max_num_queries(6):
        assert len(_names(client.get(_url(authority)))) == 5
    with django_assert_max_num_queries(6):
        assert len(_names(client.get(_url(authority, q="thi")))) == 2
    assert Publication.objects.count() == 1
