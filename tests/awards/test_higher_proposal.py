"""The proposal to the higher level: drafted from the nominees recommended for a higher award,
sent through the generic sign-off, numbered from the register (…/TTr-UBND) when the signer
approves, its PDF with the attached list, the dossiers' ZIP, the higher level's answer per
nominee (and the clerk sees it); `render_document higher_proposal ID`."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from audit.models import AuditEntry
from audit.workflow import TransitionError
from awards.enums import ProposalStatus
from awards.models import HigherProposalLine
from awards.proposals import (
    draft_higher_proposal,
    record_higher_answer,
    submit_higher_proposal,
)
from campaigns.models import AwardForm
from documents.models import RegisterEntry
from documents.services import approve_signoff, pending_signoff, render_document
from tests.factories import UnitFactory, clerk_of, make_campaign, recommended_dossier

pytestmark = pytest.mark.django_db

UPWARD = (("bk-tinh", "Bằng khen của Chủ tịch UBND tỉnh", "individual", 0),)


@pytest.fixture
def upward(authority):
    campaign = make_campaign(authority, title="Phong trào thi đua chào mừng Đại hội", forms=UPWARD)
    AwardForm.objects.filter(authority=authority, code="bk-tinh").update(is_upward_proposal=True)
    unit = UnitFactory(authority=authority, name="UBND xã Ba Bích")
    dossier = recommended_dossier(campaign, clerk_of(unit), names=("Phạm Văn Bình", "Đinh Thị Ân"))
    return campaign, dossier


def test_higher_proposal_is_drafted_signed_numbered_and_answered(
    upward,
    appraiser,
    chairman,
    client,
    eager_tasks,
    django_capture_on_commit_callbacks,
    tmp_path,
    artifacts_dir,
) -> None:
    campaign, dossier = upward
    proposal = draft_higher_proposal(
        actor=appraiser,
        campaign=campaign,
        signer=chairman,
        addressee="Chủ tịch UBND tỉnh Quảng Ngãi",
    )
    assert sorted(proposal.lines.values_list("full_name", flat=True)) == [
        "Phạm Văn Bình",
        "Đinh Thị Ân",
    ]
    with pytest.raises(TransitionError):  # every upward nominee is in a proposal already
        draft_higher_proposal(
            actor=appraiser, campaign=campaign, signer=chairman, addressee="Chủ tịch UBND tỉnh"
        )
    with pytest.raises(TransitionError) as refused:
        submit_higher_proposal(actor=chairman, proposal=proposal)
    assert refused.value.code == "forbidden"
    submit_higher_proposal(actor=appraiser, proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED and proposal.number is None
    signoff = pending_signoff(kind="higher_proposal", object_id=proposal.pk)
    client.force_login(chairman)  # his signing page lists it and shows its text
    page = client.get(reverse("signoff:detail", args=[signoff.pk]))
    assert page.status_code == 200
    assert "Tờ trình: Về việc đề nghị tặng Bằng khen" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        approve_signoff(actor=chairman, signoff=signoff)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ISSUED
    entry = RegisterEntry.objects.get(target_kind="higher_proposal", target_id=str(proposal.pk))
    assert (entry.number, entry.symbol, entry.doc_type) == (proposal.number, "TTr-UBND", "TTr")
    assert proposal.reference == f"{proposal.number:02d}/TTr-UBND"
    assert list(
        AuditEntry.objects.filter(target_id=str(proposal.pk), action__startswith="higher_proposal")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["higher_proposal.draft", "higher_proposal.submit", "higher_proposal.issue"]

    # The issued PDF: TỜ TRÌNH with its number, the addressee and the attached list.
    doc = render_document(kind="higher_proposal", object_id=proposal.pk)
    text = " ".join(
        " ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(doc.file.read())).pages
    )
    assert f"Số: {proposal.reference}" in text
    assert "TỜ TRÌNH" in text and "Kính gửi: Chủ tịch UBND tỉnh Quảng Ngãi." in text
    assert "DANH SÁCH TẬP THỂ, CÁ NHÂN ĐỀ NGHỊ TẶNG BẰNG KHEN" in text
    assert f"(Kèm theo Tờ trình số {proposal.reference}" in text
    assert "Phạm Văn Bình" in text and "Đinh Thị Ân" in text
    (artifacts_dir / "higher-proposal.pdf").write_bytes(doc.file.open("rb").read())
    out = tmp_path / "ttr.pdf"
    call_command(
        "render_document", "higher_proposal", str(proposal.pk), "-o", str(out), stdout=StringIO()
    )
    assert out.read_bytes() == doc.file.open("rb").read()  # bound to the register entry

    # The dossiers' files, one folder per nominee.
    client.force_login(appraiser)
    response = client.get(reverse("awards:proposal_bundle", args=[proposal.pk]))
    assert response.status_code == 200
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert any(n.endswith("/to-trinh-don-vi.pdf") for n in names)
    assert len({n.split("/")[0] for n in names}) == 2

    # The higher level's answer, per nominee; the clerk sees it on his dossier.
    binh = HigherProposalLine.objects.get(proposal=proposal, full_name="Phạm Văn Bình")
    response = client.post(
        reverse("awards:proposal_answer", args=[proposal.pk, binh.pk]),
        {"accepted": "1", "number": "1234/QĐ-UBND", "day": "31/02/2026"},
    )
    assert response.status_code == 400
    assert "Nhập ngày theo dạng ngày/tháng/năm" in response.content.decode()
    assert 'value="1234/QĐ-UBND"' in response.content.decode()
    response = client.post(
        reverse("awards:proposal_answer", args=[proposal.pk, binh.pk]),
        {"accepted": "1", "number": "1234/QĐ-UBND", "day": "15/08/2026"},
    )
    assert response.status_code == 302
    binh.refresh_from_db()
    assert (binh.accepted, binh.answer_number, binh.answer_date) == (
        True,
        "1234/QĐ-UBND",
        dt.date(2026, 8, 15),
    )
    an = HigherProposalLine.objects.get(proposal=proposal, full_name="Đinh Thị Ân")
    record_higher_answer(actor=appraiser, line=an, accepted=False)
    client.force_login(clerk_of(dossier.unit))
    body = client.get(reverse("nominations:detail", args=[dossier.pk])).content.decode()
    assert "Bằng khen của Chủ tịch UBND tỉnh: Quyết định số 1234/QĐ-UBND ngày 15/08/2026" in body


def test_higher_answer_refused_before_issue(upward, appraiser, chairman) -> None:
    campaign, _dossier = upward
    proposal = draft_higher_proposal(
        actor=appraiser, campaign=campaign, signer=chairman, addressee="Chủ tịch UBND tỉnh"
    )
    with pytest.raises(TransitionError) as refused:
        record_higher_answer(actor=appraiser, line=proposal.lines.first(), accepted=True)
    assert refused.value.code == "illegal_state"
