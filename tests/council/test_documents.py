"""The minutes, the tally record and the council's proposal: rendered by the engine from the data
frozen at the close; their text read back; a later change of the council leaves them byte for
byte the same."""

from __future__ import annotations

import subprocess

import pytest
from django.utils import timezone

from council import services
from council.enums import Attendance, Choice
from council.models import CouncilSession
from documents.services import render_document
from organizations.enums import Role
from tests.documents.pdf_checks import page_texts, squash
from tests.factories import (
    STANDARD_FORMS,
    council_session,
    make_campaign,
    make_council,
    staff,
)

pytestmark = pytest.mark.django_db

FORMS = (*STANDARD_FORMS, ("cstdcs", "Danh hiệu Chiến sĩ thi đua cơ sở", "individual", 9))


@pytest.fixture
def closed(authority):
    """Five members: CSTĐCS by secret ballot (80% of all), Giấy khen by open vote."""
    council = make_council(authority, members=5)
    campaign = make_campaign(authority, forms=FORMS)
    session = council_session(
        campaign, council, names=("Đinh Văn Lũy", "Phạm Thị Hoa"), state="called"
    )
    luy, hoa = (i for i in session.items.select_related("nominee").order_by("nominee__full_name"))
    if luy.nominee.full_name != "Đinh Văn Lũy":
        luy, hoa = hoa, luy
    secretary = staff(authority, Role.COUNCIL_SECRETARY)
    from council.models import AgendaItem
    from tests.factories import offer

    # Lũy is proposed for CSTĐCS (secret), Hoa for Giấy khen (open).
    AgendaItem.objects.filter(pk=luy.pk).update(award_offer=offer(campaign, "cstdcs"))
    members = list(session.members.filter(votes=True).select_related("person"))
    services.set_attendance(
        actor=secretary, session=session, member=members[4], attendance=Attendance.WRITTEN
    )
    session = services.open_voting(actor=secretary, session=session)
    for m in members[:4]:
        services.cast_ballot(actor=m.person, item=hoa, choice=Choice.AGREE)
    for m in members[:3]:
        services.cast_ballot(actor=m.person, item=luy, choice=Choice.AGREE)
    services.recuse(actor=members[3].person, item=luy, reason="Cùng đơn vị công tác")
    services.record_written_ballot(
        actor=secretary,
        session=session,
        member=members[4],
        choices={luy.pk: (Choice.AGREE, None), hoa.pk: (Choice.DISAGREE, None)},
    )
    session = services.close_session(
        actor=secretary, session=session, conclusion="Giao Thư ký hoàn thiện hồ sơ trình Chủ tịch."
    )
    return session, members


def _pdf(doc) -> bytes:
    with doc.file.open("rb") as f:
        return f.read()


def test_minutes_show_attendance_tallies_shares_recusal_and_open_votes(
    closed, artifacts_dir
) -> None:
    session, _members = closed
    doc = render_document(kind="minutes", object_id=session.pk)
    pdf = _pdf(doc)
    text = squash(" ".join(page_texts(pdf)[1]))
    (artifacts_dir / "council-minutes.pdf").write_bytes(pdf)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "80",
            str(artifacts_dir / "council-minutes.pdf"),
            str(artifacts_dir / "council-minutes"),
        ],
        check=True,
    )
    year = timezone.localdate().year
    assert "HỘI ĐỒNG THI ĐUA" in text and "KHEN THƯỞNG" in text
    assert "Số: 01/BB-HĐTĐKT" in text
    assert "BIÊN BẢN" in text
    assert "Chủ trì: Thành viên Hội đồng 1" in text
    assert "Thành viên Hội đồng có mặt: 4/5" in text
    assert "Nguyễn Văn Thử" not in text or "(không biểu quyết)" in text
    assert "Vắng mặt, có phiếu bằng văn bản: Thành viên Hội đồng 5." in text
    assert (
        "Danh hiệu Chiến sĩ thi đua cơ sở: Bỏ phiếu kín; đạt từ 80% trở lên tổng số thành viên Hội đồng"
        in text
    )
    # Lũy: 3 online + 1 written = 4 of 5 members = 80% → recommended (at least 80%).
    assert "Đinh Văn Lũy" in text and "4/5" in text and "80%" in text
    # Hoa (open vote, more than half of 5 taking part): 4 agree, 1 disagree = 80%.
    assert (
        "Đồng chí Thành viên Hội đồng 4 không tham gia biểu quyết đối với Đinh Văn Lũy (Cùng đơn vị công tác)."
        in text
    )
    assert (
        "Phạm Thị Hoa — Đồng ý: Thành viên Hội đồng 1, Thành viên Hội đồng 2, Thành viên Hội đồng 3, Thành viên Hội đồng 4."
        in text
    )
    assert "Hội đồng thống nhất đề nghị khen thưởng 2 tập thể, cá nhân" in text
    assert "THƯ KÝ" in text and "CHỦ TRÌ" in text
    assert str(year) in text


def test_tally_record_lists_only_the_secret_items(closed) -> None:
    session, _members = closed
    text = squash(
        " ".join(page_texts(_pdf(render_document(kind="tally", object_id=session.pk)))[1])
    )
    assert "BIÊN BẢN KIỂM PHIẾU" in text and "Số: 02/BB-HĐTĐKT" in text
    assert "Đinh Văn Lũy" in text and "Phạm Thị Hoa" not in text


def test_proposal_lists_the_recommended_by_form_and_unit(closed) -> None:
    session, _members = closed
    text = squash(
        " ".join(
            page_texts(_pdf(render_document(kind="council_proposal", object_id=session.pk)))[1]
        )
    )
    assert "TỜ TRÌNH" in text and "Số: 01/TTr-HĐTĐKT" in text
    assert "Kính gửi: Chủ tịch UBND xã Ba Tơ." in text
    assert "DANH HIỆU CHIẾN SĨ THI ĐUA CƠ SỞ (1)" in text
    assert "TM. HỘI ĐỒNG" in text


def test_membership_changes_after_the_session_leave_its_minutes_byte_for_byte(closed) -> None:
    session, members = closed
    before = {k: _pdf(render_document(kind=k, object_id=session.pk)) for k in ("minutes", "tally")}
    council = session.council
    for seat in council.memberships.filter(person=members[0].person):
        services.end_membership(actor=None, membership=seat, end_date=seat.start_date)
    services.add_member(
        actor=None,
        council=council,
        person=staff(council.authority, Role.CHAIRMAN),
        role="chairman",
        start_date=timezone.localdate(),
    )
    person = members[1].person
    person.full_name = "Tên đã đổi"
    person.save()
    services.save_voting_rule(
        actor=staff(council.authority, Role.COUNCIL_SECRETARY),
        authority=council.authority,
        award_form=None,
        fields={"share_percent": 75, "comparison": "at_least"},
    )
    session = CouncilSession.objects.get(pk=session.pk)
    after = {k: _pdf(render_document(kind=k, object_id=session.pk)) for k in ("minutes", "tally")}
    assert after == before
