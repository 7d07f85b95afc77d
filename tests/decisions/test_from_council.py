"""A decision drafted from the council's closed session: the nominees it recommended (with the
form it recommended), its proposal (Tờ trình of the Hội đồng) in the Căn cứ; those it turned
down stay out."""

from __future__ import annotations

import pytest

from council import services as council_services
from council.enums import Choice
from decisions.enums import Grouping
from decisions.selectors import awardable_nominees
from decisions.services import draft_decisions
from documents.services import render_document
from organizations.enums import Role
from tests.factories import council_session, make_campaign, make_council, prize_rates, staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(authority):
    council = make_council(authority, members=5)
    campaign = make_campaign(authority, title="Phát động Phong trào thi đua chào mừng Đại hội")
    session = council_session(campaign, council, names=("Đinh Văn Lũy", "Phạm Thị Hoa"))
    members = list(session.members.filter(votes=True).select_related("person"))
    items = {i.nominee.full_name: i for i in session.items.select_related("nominee")}
    for m in members:
        council_services.cast_ballot(
            actor=m.person, item=items["Đinh Văn Lũy"], choice=Choice.AGREE
        )
        council_services.cast_ballot(
            actor=m.person, item=items["Phạm Thị Hoa"], choice=Choice.DISAGREE
        )
    secretary = staff(authority, Role.COUNCIL_SECRETARY)
    session = council_services.close_session(actor=secretary, session=session)
    prize_rates(authority)
    return campaign, session


def test_from_council_only_the_recommended_and_the_proposal_in_the_bases(
    closed, appraiser, chairman
) -> None:
    campaign, session = closed
    found = awardable_nominees(campaign)
    assert [(a.nominee.full_name, a.session) for a in found] == [("Đinh Văn Lũy", session)]
    (decision,), _warnings = draft_decisions(
        actor=appraiser, campaign=campaign, signer=chairman, grouping=Grouping.SINGLE
    )
    assert decision.session == session
    assert list(decision.lines.values_list("full_name", flat=True)) == ["Đinh Văn Lũy"]
    proposal = f"Tờ trình số {session.proposal_number:02d}/TTr-HĐTĐKT"
    assert decision.extra_bases[0].startswith(proposal)
    assert decision.proposal_text.startswith("Xét đề nghị của Hội đồng Thi đua - Khen thưởng")
    doc = render_document(kind="decision", object_id=decision.pk)
    from pypdf import PdfReader

    with doc.file.open("rb") as fh:
        text = " ".join(" ".join(p.extract_text() for p in PdfReader(fh).pages).split())
    assert f"Căn cứ {proposal}" in text
    assert "Phạm Thị Hoa" not in text and "Đinh Văn Lũy" in text
    assert awardable_nominees(campaign) == []
