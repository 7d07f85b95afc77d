"""The sign-off: what waits for a signer, on his page; only he approves or returns it; the author
may take it back; the text he saw is what gets the number; drafts stay with their authors."""

from __future__ import annotations

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from campaigns.enums import CampaignStatus
from documents.enums import SignOffStatus
from documents.models import RegisterEntry, SignOffRequest
from documents.services import render_document
from notifications.models import Notification
from organizations.enums import Role
from tests.documents.jobs import run_jobs
from tests.factories import (
    UnitFactory,
    approve_pending,
    clerk_of,
    make_campaign,
    make_person,
    send_for_signature,
    signer_of,
    staff,
)

pytestmark = pytest.mark.django_db


def _sent(authority, **kw):
    campaign = send_for_signature(make_campaign(authority, publish=False, **kw))
    return campaign, SignOffRequest.objects.get(kind="plan", object_id=str(campaign.pk))


def test_sending_waits_for_the_signer_with_the_text_he_will_sign(authority) -> None:
    campaign, request = _sent(authority, title="Kế hoạch chờ ký")
    assert (campaign.status, campaign.number) == (CampaignStatus.SIGNING, None)
    assert not RegisterEntry.objects.exists()
    assert (request.status, request.signer, request.requested_by) == (
        SignOffStatus.PENDING,
        signer_of(authority),
        staff(authority),
    )
    assert request.preview_data["title"] == "Kế hoạch chờ ký"
    assert request.preview_data["number"] is None
    assert request.preview_data["signature"]["name"] == "Phạm Xuân Vinh"
    [note] = Notification.objects.filter(verb="signoff.requested")
    assert note.recipient == request.signer and note.link == f"/ky-duyet/{request.pk}/"
    audit = AuditEntry.objects.for_object(request).get()
    assert (audit.action, audit.to_state) == ("signoff.request", "pending")


@pytest.mark.parametrize("count", [1, 6])
def test_signer_page_lists_his_requests_in_constant_queries(
    client, authority, count, django_assert_max_num_queries
) -> None:
    for i in range(count):
        _sent(authority, title=f"Kế hoạch số {i}")
    _sent(authority, title="Kế hoạch của người ký khác", signer=signer_of(authority, "Lê Văn Bình"))
    client.force_login(signer_of(authority))
    with django_assert_max_num_queries(12):
        response = client.get(reverse("signoff:list"))
    titles = [r.title for r in response.context["pending"]]
    assert titles == [f"Kế hoạch số {i}" for i in range(count)]
    assert "Kế hoạch của người ký khác" not in response.content.decode()


def test_signer_page_shows_the_preview_and_approving_numbers_the_plan(client, authority) -> None:
    campaign, request = _sent(authority)
    client.force_login(request.signer)
    page = client.get(reverse("signoff:detail", args=[request.pk]))
    assert page.context["signature_lines"] == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
    assert page.context["preview_job"] is not None  # written by the first look, not rendered
    (job,) = run_jobs()
    assert job.data == request.preview_data
    page = client.get(reverse("signoff:detail", args=[request.pk]))
    assert page.context["preview_document"] == job.document
    assert client.get(reverse("documents:download", args=[job.document_id])).status_code == 200
    response = client.post(
        reverse("signoff:approve", args=[request.pk]), {"version": request.version}, follow=True
    )
    assert "Đã duyệt ký. Văn bản được cấp số 01/KH-UBND." in response.content.decode()
    request.refresh_from_db()
    campaign.refresh_from_db()
    assert (request.status, campaign.status, campaign.number) == ("approved", "published", 1)
    assert request.register_entry.reference == "01/KH-UBND"
    # What he saw is what was issued, with the number and date added.
    issued = campaign.revisions.get(number=1).data
    assert {**request.preview_data, "number": 1, "reference": "01/KH-UBND"} == {
        **issued,
        "issued_on": request.preview_data["issued_on"],
    }
    assert Notification.objects.filter(verb="signoff.approved", recipient=staff(authority)).exists()


def test_nobody_but_the_signer_approves(client, authority) -> None:
    campaign, request = _sent(authority)
    other_leader = signer_of(authority, "Lê Văn Bình", Role.VICE_CHAIRMAN)
    client.force_login(other_leader)
    assert client.get(reverse("signoff:detail", args=[request.pk])).status_code == 404
    assert client.post(reverse("signoff:approve", args=[request.pk])).status_code == 404
    client.force_login(staff(authority))  # its author sees it, may take it back, not approve
    assert client.get(reverse("signoff:detail", args=[request.pk])).status_code == 200
    response = client.post(reverse("signoff:approve", args=[request.pk]), follow=True)
    assert (
        "Anh/chị không có quyền thực hiện thao tác “Duyệt ký” với văn bản trình ký này."
        in response.content.decode()
    )
    request.refresh_from_db()
    campaign.refresh_from_db()
    assert (request.status, campaign.status, campaign.number) == ("pending", "signing", None)


def test_return_needs_a_reason_next_to_the_field_then_goes_back_to_the_author(
    client, authority
) -> None:
    campaign, request = _sent(authority)
    client.force_login(request.signer)
    response = client.post(reverse("signoff:return", args=[request.pk]), {"reason": "  "})
    assert response.status_code == 400
    assert response.context["return_form"].errors["reason"] == ["Vui lòng ghi lý do trả lại."]
    response = client.post(
        reverse("signoff:return", args=[request.pk]), {"reason": "Bổ sung chỉ tiêu khen thưởng."}
    )
    assert response.status_code == 302
    request.refresh_from_db()
    campaign.refresh_from_db()
    assert (request.status, request.return_reason) == ("returned", "Bổ sung chỉ tiêu khen thưởng.")
    assert (campaign.status, campaign.number) == (CampaignStatus.DRAFT, None)
    [note] = Notification.objects.filter(verb="signoff.returned")
    assert note.recipient == staff(authority) and "Bổ sung chỉ tiêu khen thưởng." in note.body
    # Sent again after the correction: a new request.
    send_for_signature(campaign)
    assert SignOffRequest.objects.filter(object_id=str(campaign.pk), status="pending").count() == 1


def test_the_author_withdraws_to_correct_it(client, authority) -> None:
    campaign, request = _sent(authority)
    client.force_login(staff(authority))
    response = client.post(reverse("campaigns:transition", args=[campaign.pk, "rut-lai"]))
    assert response.status_code == 302
    request.refresh_from_db()
    campaign.refresh_from_db()
    assert (request.status, campaign.status) == ("withdrawn", CampaignStatus.DRAFT)
    edit = client.get(reverse("campaigns:edit", args=[campaign.pk]))
    assert edit.status_code == 200


def test_a_plan_waiting_for_its_signer_cannot_be_edited(client, authority) -> None:
    campaign, _request = _sent(authority)
    client.force_login(staff(authority))
    response = client.get(reverse("campaigns:edit", args=[campaign.pk]), follow=True)
    assert "Kế hoạch đang chờ người ký duyệt: rút lại trước khi sửa." in response.content.decode()


def test_draft_renderings_stay_with_their_authors_after_publication(client, authority) -> None:
    unit = UnitFactory(authority=authority)
    clerk = clerk_of(unit)
    campaign = make_campaign(authority, publish=False, theme="Câu chữ bỏ trước khi ban hành.")
    draft = render_document(kind="plan", object_id=campaign.pk)  # the author's draft PDF
    assert draft.data["draft"] is True
    send_for_signature(campaign)
    approve_pending("plan", campaign.pk)
    draft_url = reverse("documents:download", args=[draft.pk])
    for person in (clerk, make_person(Role.COUNCIL_MEMBER, authority=authority)):
        client.force_login(person)
        assert client.get(draft_url).status_code == 404
        assert client.get(reverse("campaigns:detail", args=[campaign.pk])).status_code == 200
    client.force_login(staff(authority))
    assert client.get(draft_url).status_code == 200


def test_leaders_home_shows_what_waits_for_his_signature(client, authority) -> None:
    _sent(authority, title="Kế hoạch chờ Chủ tịch ký")
    _sent(authority, title="Kế hoạch chờ Phó Chủ tịch", signer=signer_of(authority, "Lê Văn Bình"))
    client.force_login(signer_of(authority))
    response = client.get(reverse("home_chairman"))
    assert [s.title for s in response.context["to_sign"]] == ["Kế hoạch chờ Chủ tịch ký"]
    assert response.context["to_sign_count"] == 1
    assert 'href="/ky-duyet/"' in response.content.decode()
