"""Must-show 1: an issued plan edited afterwards keeps its PDF byte for byte; the change is
issued as a new numbered document linked to the first, through the signer's approval, and the
participating clerks are notified. Two managers editing at once: the stale save is refused and
what was typed is kept."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.urls import reverse

from campaigns.enums import RevisionKind
from campaigns.services import update_campaign
from documents.models import RegisterEntry
from documents.services import pending_signoff
from notifications.models import Notification
from tests.campaigns.test_plan_document import keep_pages
from tests.campaigns.test_views import form_data
from tests.documents.jobs import get_pdf, run_jobs
from tests.documents.pdf_checks import page_texts, squash
from tests.factories import UnitFactory, approve_pending, clerk_of, make_campaign, staff

pytestmark = pytest.mark.django_db
LAUNCH = dt.date(2026, 1, 5)


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def _edit(campaign, **fields):
    update_campaign(
        actor=staff(campaign.authority),
        campaign=campaign,
        fields=fields,
        participant_units=list(campaign.participant_units.all()),
        tasks=[{"unit": t.unit, "role": t.role, "text": t.text} for t in campaign.tasks.all()],
        offers=[
            {"award_form": o.award_form, "criteria": o.criteria}
            for o in campaign.award_offers.all()
        ],
    )


def test_edited_plan_keeps_its_pdf_and_issues_a_numbered_amendment(client, authority) -> None:
    unit = UnitFactory(authority=authority, name="UBND xã Ba Cung")
    clerk = clerk_of(unit)
    campaign = make_campaign(
        authority,
        issued_on=LAUNCH,
        nomination_deadline=dt.date(2026, 3, 31),
        theme="Chủ đề khi ban hành.",
        participant_mode="units",
        participant_units=[unit],
    )
    run_jobs()
    client.force_login(clerk)
    issued = _body(get_pdf(client, reverse("campaigns:pdf", args=[campaign.pk])))
    issued_sha = hashlib.sha256(issued).hexdigest()

    _edit(campaign, theme="Chủ đề sau khi sửa đổi.")
    revision = campaign.revisions.get(number=2)
    assert revision.kind == RevisionKind.AMENDMENT and revision.register_entry is None
    # Before the signer approves: no number, nothing for the units, not visible to a clerk.
    assert client.get(reverse("campaigns:revision", args=[campaign.pk, 2])).status_code == 404
    assert not Notification.objects.filter(verb="campaign.changed").exists()
    approve_pending("plan_amendment", revision.pk)
    run_jobs()
    revision.refresh_from_db()
    entry = revision.register_entry
    assert (entry.reference, entry.target_kind, entry.target_id) == (
        "02/KH-UBND",
        "plan_amendment",
        str(revision.pk),
    )
    # The first document, byte for byte, by every link.
    for url in (
        reverse("campaigns:pdf", args=[campaign.pk]),
        reverse("campaigns:revision_pdf", args=[campaign.pk, 1]),
    ):
        assert hashlib.sha256(_body(client.get(url))).hexdigest() == issued_sha
    plan_entry = RegisterEntry.objects.get(target_kind="plan", target_id=str(campaign.pk))
    assert plan_entry.document.sha256 == issued_sha
    # The change: its own number and date, citing the plan it changes.
    change = _body(get_pdf(client, reverse("campaigns:revision_pdf", args=[campaign.pk, 2])))
    text = squash(" ".join(page_texts(change)[1]))
    assert "Số: 02/KH-UBND" in text
    assert "Sửa đổi, bổ sung Kế hoạch số 01/KH-UBND ngày 05/01/2026" in text
    assert "1. Sửa đổi mục II. CHỦ ĐỀ THI ĐUA như sau: Chủ đề sau khi sửa đổi." in text
    assert "Chủ đề khi ban hành." not in text
    assert entry.document.sha256 == hashlib.sha256(change).hexdigest()
    keep_pages(change, "plan-amendment")
    [note] = Notification.objects.filter(verb="campaign.changed")
    assert note.recipient == clerk and "02/KH-UBND" in note.title
    page = client.get(reverse("campaigns:detail", args=[campaign.pk])).content.decode()
    assert "Kế hoạch sửa đổi, bổ sung" in page and "02/KH-UBND" in page


def test_a_moved_deadline_alone_is_issued_as_a_notice(client, authority) -> None:
    campaign = make_campaign(authority, issued_on=LAUNCH, nomination_deadline=dt.date(2026, 3, 31))
    _edit(campaign, nomination_deadline=dt.date(2026, 4, 15))
    revision = campaign.revisions.get(number=2)
    assert revision.kind == RevisionKind.DEADLINE_NOTICE
    approve_pending("plan_amendment", revision.pk)
    (job,) = run_jobs(kind="plan_amendment")
    revision.refresh_from_db()
    assert revision.register_entry.reference == "02/TB-UBND"  # one shared series
    pdf = job.document.file.read()
    text = squash(" ".join(page_texts(pdf)[1]))
    assert "THÔNG BÁO" in text and "Số: 02/TB-UBND" in text
    assert "Hồ sơ đề nghị khen thưởng gửi trước ngày 15/4/2026 (thay cho ngày 31/3/2026)." in text
    assert "theo Kế hoạch số 01/KH-UBND ngày 05/01/2026" in text
    # No number and symbol broken after its slash (the title wraps around it).
    lines = page_texts(pdf)[1][0].splitlines()
    assert not [line for line in lines if line.rstrip().endswith("/")]
    assert any(line.startswith("01/KH-UBND ngày 05/01/2026 của") for line in lines)
    keep_pages(pdf, "plan-deadline-notice")


def test_no_second_change_while_one_waits_for_the_signer(authority) -> None:
    from django.core.exceptions import ValidationError

    campaign = make_campaign(authority)
    _edit(campaign, theme="Lần sửa thứ nhất.")
    with pytest.raises(ValidationError) as refused:
        _edit(campaign, theme="Lần sửa thứ hai.")
    assert "đang chờ người ký duyệt" in refused.value.messages[0]
    assert campaign.revisions.count() == 2


def test_a_returned_change_gets_no_number_and_the_next_save_sends_it_again(authority) -> None:
    from documents.services import return_signoff

    campaign = make_campaign(authority)
    _edit(campaign, theme="Sửa chưa đạt.")
    request = pending_signoff(kind="plan_amendment", object_id=campaign.revisions.get(number=2).pk)
    return_signoff(actor=request.signer, signoff=request, reason="Viết lại chủ đề cho rõ.")
    assert campaign.revisions.get(number=2).register_entry is None
    _edit(campaign, theme="Sửa lại cho rõ.")
    third = campaign.revisions.get(number=3)
    assert third.document_data["sections"][0]["paragraphs"] == ["Sửa lại cho rõ."]
    assert pending_signoff(kind="plan_amendment", object_id=third.pk) is not None


def test_stale_save_is_refused_and_what_was_typed_is_kept(client, authority, appraiser) -> None:
    campaign = make_campaign(authority, publish=False, issued_on=LAUNCH)
    other = staff(authority, "admin")
    url = reverse("campaigns:edit", args=[campaign.pk])
    client.force_login(appraiser)
    seen = client.get(url).context["form"].initial["version"]
    first = form_data(authority, theme="Chủ đề của người thứ nhất.", version=str(seen))
    client.force_login(other)
    assert client.post(url, first).status_code == 302
    client.force_login(appraiser)
    second = form_data(authority, theme="Chủ đề của người thứ hai, gõ rất dài.", version=str(seen))
    response = client.post(url, second)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.non_field_errors() == [
        "Kế hoạch vừa được người khác lưu trong lúc anh/chị sửa. Nội dung anh/chị nhập vẫn được "
        "giữ bên dưới: hãy mở kế hoạch ở thẻ khác để xem bản mới, rồi lưu lại."
    ]
    assert "Chủ đề của người thứ hai, gõ rất dài." in response.content.decode()
    campaign.refresh_from_db()
    assert campaign.theme == "Chủ đề của người thứ nhất."
