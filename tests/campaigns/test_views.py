import datetime as dt
import hashlib

import pytest
from django.urls import reverse

from campaigns.enums import CampaignAction, CampaignStatus, QuestionStatus
from campaigns.models import Campaign
from campaigns.services import ask_question, transition_campaign
from organizations.enums import Role
from organizations.models import UnitKind
from tests.documents.jobs import get_pdf
from tests.factories import (
    UnitFactory,
    award_form,
    make_campaign,
    make_person,
    signer_of,
    staff,
)

pytestmark = pytest.mark.django_db


LAUNCH = dt.date(2024, 4, 15)


def _published(authority, **kw) -> Campaign:
    kw.setdefault("issued_on", LAUNCH)
    return make_campaign(authority, **kw)


def close_campaign(campaign: Campaign) -> Campaign:
    return transition_campaign(
        actor=staff(campaign.authority), campaign=campaign, action=CampaignAction.CLOSE
    )


def form_data(authority, **overrides) -> dict:
    data = {
        "title": "Thi đua chào mừng Đại hội",
        "number": "",
        "issued_on": "2024-04-15",
        "place_name": "",
        "legal_bases": "Công văn số 1302/UBND-DTTS ngày 27/7/2023\nKế hoạch số 25/KH-UBND ngày 01/02/2024",
        "preamble": "UBND xây dựng Kế hoạch như sau:",
        "purpose": "1. Mục đích thứ nhất.\n2. Mục đích thứ hai.",
        "theme": "Chủ đề thi đua gõ vào",
        "contents_intro": "",
        "contents": "Nội dung một\nNội dung hai",
        "period_start": "2024-04-15",
        "period_end": "2024-10-30",
        "event_name": "",
        "event_date": "",
        "period_text": "",
        "closing": "Đề nghị thực hiện./.",
        "recipients": "UBND tỉnh;\nLưu: VT, PNV.",
        "signer_capacity": "",
        "signer_title": "CHỦ TỊCH",
        "signer_name": "Phạm Xuân Vinh",
        "signer": str(signer_of(authority).pk),
        "signer_form": "tm",
        "awards_section_after": "period",
        "nomination_deadline": "2024-09-30",
        "participant_mode": "all",
        "max_dossiers_per_unit": "1",
        "unit_minutes_required": "on",
        "tasks-TOTAL_FORMS": "2",
        "tasks-INITIAL_FORMS": "0",
        "tasks-0-unit": "",
        "tasks-0-role": "all",
        "tasks-0-text": "Các cơ quan triển khai.\n- Gạch đầu dòng một.",
        "tasks-1-unit": "",
        "tasks-1-role": "all",
        "tasks-1-text": "",
        "offers-TOTAL_FORMS": "1",
        "offers-INITIAL_FORMS": "0",
        "offers-0-award_form": str(award_form(authority).pk),
        "offers-0-criteria": "Thành tích xuất sắc.",
        "offers-0-quota": "",
        "offers-0-quota_per_unit": "",
    }
    data.update(overrides)
    return data


def test_create_campaign_through_form(client, authority, appraiser) -> None:
    client.force_login(appraiser)
    response = client.post(reverse("campaigns:create"), form_data(authority))
    campaign = Campaign.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("campaigns:detail", args=[campaign.pk])
    assert campaign.status == CampaignStatus.DRAFT
    assert campaign.legal_bases == [
        "Công văn số 1302/UBND-DTTS ngày 27/7/2023",
        "Kế hoạch số 25/KH-UBND ngày 01/02/2024",
    ]
    assert campaign.contents == ["Nội dung một", "Nội dung hai"]
    assert [t.text for t in campaign.tasks.all()] == [
        "Các cơ quan triển khai.\n- Gạch đầu dòng một."
    ]
    assert campaign.award_offers.get().criteria == "Thành tích xuất sắc."
    assert campaign.created_by == appraiser


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": ""}, "title", "Vui lòng nhập trích yếu kế hoạch."),
        (
            {"nomination_deadline": "2024-04-01"},
            "nomination_deadline",
            "Hạn nộp hồ sơ (01/4/2024) không được trước ngày ban hành (15/4/2024).",
        ),
        (
            {"period_end": "2024-04-01"},
            "period_end",
            "Ngày kết thúc đợt thi đua (01/4/2024) không được trước ngày bắt đầu (15/4/2024).",
        ),
        ({"number": "7"}, "number", "Số 07 đã được dùng trong sổ văn bản đi năm 2024."),
    ],
)
def test_bad_input_shows_message_next_to_field_and_keeps_input(
    client, authority, appraiser, overrides, field, message
) -> None:
    _published(authority, title="Kế hoạch đã có số 07", number=7)
    client.force_login(appraiser)
    response = client.post(reverse("campaigns:create"), form_data(authority, **overrides))
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    body = response.content.decode()
    # crispy renders the error inside the field's own wrapper, right after its input
    wrapper = body[body.index(f'id="div_id_{field}"') :]
    wrapper = wrapper[
        : wrapper.index('<div id="div_id_', 10) if '<div id="div_id_' in wrapper[10:] else None
    ]
    assert message in wrapper
    assert "Chủ đề thi đua gõ vào" in body
    assert "Công văn số 1302/UBND-DTTS ngày 27/7/2023" in body
    assert "Các cơ quan triển khai." in body
    assert Campaign.objects.count() == 1


def test_same_number_in_another_year_is_accepted(client, authority, appraiser) -> None:
    _published(authority, title="Kế hoạch số 07 năm 2024", number=7)
    client.force_login(appraiser)
    response = client.post(
        reverse("campaigns:create"),
        form_data(
            authority,
            number="7",
            issued_on="2025-01-10",
            nomination_deadline="2025-06-01",
            period_start="2025-01-10",
            period_end="2025-05-01",
        ),
    )
    assert response.status_code == 302
    assert Campaign.objects.filter(number=7).count() == 2


def test_send_button_waits_for_the_signer_who_numbers_it(client, authority, appraiser) -> None:
    campaign = make_campaign(authority, publish=False, issued_on=LAUNCH)
    client.force_login(appraiser)
    response = client.post(
        reverse("campaigns:transition", args=[campaign.pk, "trinh-ky"]), follow=True
    )
    campaign.refresh_from_db()
    assert (campaign.status, campaign.number) == (CampaignStatus.SIGNING, None)
    assert "Đã trình người ký duyệt kế hoạch." in response.content.decode()
    # The signer finds it on his page, approves it, and it gets its number.
    client.force_login(campaign.signer)
    listing = client.get(reverse("signoff:list")).context["pending"]
    assert [s.title for s in listing] == [campaign.title]
    response = client.post(reverse("signoff:approve", args=[listing[0].pk]), follow=True)
    campaign.refresh_from_db()
    assert (campaign.status, campaign.number) == (CampaignStatus.PUBLISHED, 1)
    assert "Đã duyệt ký. Văn bản được cấp số 01/KH-UBND." in response.content.decode()


def test_publish_refused_shows_reasons(client, authority, appraiser) -> None:
    campaign = make_campaign(authority, publish=False, issued_on=LAUNCH, signer=None)
    client.force_login(appraiser)
    response = client.post(
        reverse("campaigns:transition", args=[campaign.pk, "trinh-ky"]), follow=True
    )
    assert "Kế hoạch chưa có người ký." in response.content.decode()
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.DRAFT


def test_clerk_cannot_manage(client, authority, clerk) -> None:
    campaign = _published(authority)
    client.force_login(clerk)
    assert client.get(reverse("campaigns:create")).status_code == 403
    assert client.get(reverse("campaigns:edit", args=[campaign.pk])).status_code == 403
    response = client.post(reverse("campaigns:transition", args=[campaign.pk, "dong"]))
    assert response.status_code == 403
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.PUBLISHED


def test_edit_after_publish_keeps_published_pdf(client, authority, administrator) -> None:
    campaign = _published(authority, theme="Chủ đề khi ban hành.")
    client.force_login(administrator)
    before = get_pdf(client, reverse("campaigns:revision_pdf", args=[campaign.pk, 1]))
    pdf_before = b"".join(before.streaming_content)
    assert pdf_before.startswith(b"%PDF")

    initial = client.get(reverse("campaigns:edit", args=[campaign.pk])).context
    data = form_data(authority, theme="Chủ đề sau khi sửa.")
    data["offers-0-criteria"] = initial["offers"].initial[0]["criteria"]
    response = client.post(reverse("campaigns:edit", args=[campaign.pk]), data)
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.number == 1 and campaign.status == CampaignStatus.PUBLISHED
    assert list(campaign.revisions.order_by("number").values_list("number", flat=True)) == [1, 2]

    again = client.get(reverse("campaigns:revision_pdf", args=[campaign.pk, 1]))
    pdf_again = b"".join(again.streaming_content)
    assert hashlib.sha256(pdf_again).hexdigest() == hashlib.sha256(pdf_before).hexdigest()
    page = client.get(reverse("campaigns:revision", args=[campaign.pk, 1])).content.decode()
    assert "Chủ đề khi ban hành." in page and "Chủ đề sau khi sửa." not in page

    # The plan's own link still gives the issued PDF, byte for byte.
    current = get_pdf(client, reverse("campaigns:pdf", args=[campaign.pk]))
    assert b"".join(current.streaming_content) == pdf_before
    detail = client.get(reverse("campaigns:detail", args=[campaign.pk])).content.decode()
    assert "Bản ban hành" in detail and "Kế hoạch sửa đổi, bổ sung" in detail


def test_clerk_sees_only_make_campaigns_of_his_unit(
    client, authority, other_authority, clerk
) -> None:
    other_unit = UnitFactory(authority=authority, name="UBND xã Ba Vì")
    school = UnitKind.objects.get(code="school")
    visible_all = _published(authority, title="Kế hoạch cho mọi đơn vị")
    visible_unit = _published(
        authority,
        title="Kế hoạch có đơn vị tôi",
        participant_mode="units",
        participant_units=[clerk.unit, other_unit],
    )
    other_units = _published(
        authority,
        title="Kế hoạch của đơn vị khác",
        participant_mode="units",
        participant_units=[other_unit],
    )
    other_kind = _published(
        authority,
        title="Kế hoạch cho trường học",
        participant_mode="kinds",
        participant_kinds=[school],
    )
    draft = make_campaign(authority, publish=False, issued_on=LAUNCH, title="Kế hoạch còn dự thảo")
    closed = close_campaign(_published(authority, title="Kế hoạch đã đóng"))
    foreign = _published(other_authority, title="Kế hoạch của xã khác")

    client.force_login(clerk)
    home = client.get(reverse("home_clerk"))
    body = home.content.decode()
    titles = [c.title for c, _css, _text in home.context["rows"]]
    assert sorted(titles) == ["Kế hoạch cho mọi đơn vị", "Kế hoạch có đơn vị tôi"]
    assert "Còn " in body
    for hidden in (other_units, other_kind, draft, closed, foreign):
        assert hidden.title not in body
    for shown in (visible_all, visible_unit, closed):
        assert client.get(reverse("campaigns:detail", args=[shown.pk])).status_code == 200
    for forbidden in (other_units, other_kind, draft, foreign):
        for name in ("campaigns:detail", "campaigns:pdf"):
            response = client.get(reverse(name, args=[forbidden.pk]))
            assert response.status_code == 404, (name, forbidden.title)
    listing = client.get(reverse("campaigns:list")).context["campaigns"]
    assert {c.title for c in listing} == {
        "Kế hoạch cho mọi đơn vị",
        "Kế hoạch có đơn vị tôi",
        "Kế hoạch đã đóng",
    }


def test_clerk_downloads_plan_pdf(client, authority, clerk) -> None:
    campaign = _published(authority)
    client.force_login(clerk)
    response = get_pdf(client, reverse("campaigns:pdf", args=[campaign.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    content = b"".join(response.streaming_content)
    assert hashlib.sha256(content).hexdigest() == response["X-Content-SHA256"]


def test_deadline_countdown_on_clerk_home(client, authority, clerk) -> None:
    from django.utils import timezone

    today = timezone.localdate()
    _published(
        authority,
        title="Sắp hết hạn",
        issued_on=today,
        nomination_deadline=today + dt.timedelta(days=3),
    )
    client.force_login(clerk)
    body = client.get(reverse("home_clerk")).content.decode()
    assert 'class="deadline-soon" data-testid="countdown">Còn 3 ngày<' in body


def test_questions_flow_between_units(client, authority, clerk, appraiser) -> None:
    other_clerk = make_person(
        Role.CLERK, authority=authority, unit=UnitFactory(authority=authority)
    )
    campaign = _published(authority)
    client.force_login(clerk)
    response = client.post(
        reverse("campaigns:ask", args=[campaign.pk]), {"text": "Hồ sơ nộp mấy bộ?"}
    )
    assert response.status_code == 302
    question = campaign.questions.get()
    client.force_login(other_clerk)
    assert (
        "Hồ sơ nộp mấy bộ?"
        not in client.get(reverse("campaigns:detail", args=[campaign.pk])).content.decode()
    )
    client.force_login(appraiser)
    response = client.post(
        reverse("campaigns:answer", args=[campaign.pk, question.pk]),
        {"answer": "Nộp một bộ bản chính."},
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == QuestionStatus.ANSWERED
    client.force_login(other_clerk)
    body = client.get(reverse("campaigns:detail", args=[campaign.pk])).content.decode()
    assert "Hồ sơ nộp mấy bộ?" in body and "Nộp một bộ bản chính." in body


def test_empty_question_keeps_page_with_message(client, authority, clerk) -> None:
    campaign = _published(authority)
    client.force_login(clerk)
    response = client.post(reverse("campaigns:ask", args=[campaign.pk]), {"text": "   "})
    assert response.status_code == 400
    assert "Vui lòng nhập nội dung phản ánh, vướng mắc." in response.content.decode()
    assert not campaign.questions.exists()


def test_empty_answer_keeps_typed_question_page(client, authority, clerk, appraiser) -> None:
    campaign = _published(authority)
    question = ask_question(actor=clerk, campaign=campaign, text="Câu hỏi cần trả lời")
    client.force_login(appraiser)
    response = client.post(
        reverse("campaigns:answer", args=[campaign.pk, question.pk]), {"answer": ""}
    )
    assert response.status_code == 400
    assert "Vui lòng nhập nội dung trả lời." in response.content.decode()
    question.refresh_from_db()
    assert question.status == QuestionStatus.OPEN


@pytest.mark.parametrize("rows", [1, 15])
def test_campaign_list_query_count(
    client, authority, appraiser, django_assert_max_num_queries, rows
) -> None:
    for i in range(rows):
        campaign = _published(authority, title=f"Kế hoạch {i}")
        ask_question(
            actor=make_person(Role.CLERK, authority=authority), campaign=campaign, text="Hỏi"
        )
    client.force_login(appraiser)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("campaigns:list"))
    assert len(response.context["campaigns"]) == rows
    assert response.content.decode().count('<span class="badge text-bg-warning">1</span>') == rows


@pytest.mark.parametrize("rows", [1, 15])
def test_clerk_home_query_count(
    client, authority, clerk, django_assert_max_num_queries, rows
) -> None:
    for i in range(rows):
        _published(authority, title=f"Kế hoạch {i}")
    client.force_login(clerk)
    # Session, user, unit, roles, authority, the bell's unread count, then the page's own reads
    # (campaigns, the unit's dossiers, the monitoring notices: reminders, guidance, the plans his
    # office follows): constant in the number of campaigns.
    with django_assert_max_num_queries(13):
        response = client.get(reverse("home_clerk"))
    assert len(response.context["rows"]) == rows


def test_navigation_shows_campaigns_to_staff_not_clerks(client, appraiser, clerk) -> None:
    client.force_login(appraiser)
    assert reverse("campaigns:list") in client.get(reverse("home_appraiser")).content.decode()
    client.force_login(clerk)
    assert reverse("campaigns:list") not in client.get(reverse("home_clerk")).content.decode()


def test_new_campaign_form_suggests_chairman_as_signer(
    client, authority, appraiser, chairman
) -> None:
    client.force_login(appraiser)
    form = client.get(reverse("campaigns:create")).context["form"]
    assert form.initial["signer_name"] == "Phạm Xuân Vinh"
    assert form.initial["signer_title"] == "CHỦ TỊCH"


def test_edit_draft_removes_ticked_task_and_keeps_order(client, authority, appraiser) -> None:
    campaign = make_campaign(authority, publish=False, issued_on=LAUNCH)
    client.force_login(appraiser)
    data = form_data(
        authority,
        **{
            "tasks-TOTAL_FORMS": "3",
            "tasks-0-text": "Nhiệm vụ thứ nhất",
            "tasks-1-text": "Nhiệm vụ bỏ đi",
            "tasks-1-role": "all",
            "tasks-1-DELETE": "on",
            "tasks-2-unit": "",
            "tasks-2-role": "lead",
            "tasks-2-text": "Nhiệm vụ thứ ba\n- ý a\n- ý b",
        },
    )
    response = client.post(reverse("campaigns:edit", args=[campaign.pk]), data)
    assert response.status_code == 302
    tasks = list(campaign.tasks.values_list("order", "role", "text"))
    assert tasks == [(1, "all", "Nhiệm vụ thứ nhất"), (2, "lead", "Nhiệm vụ thứ ba\n- ý a\n- ý b")]
    from campaigns.documents import plan_data

    campaign.refresh_from_db()
    section = plan_data(campaign)["sections"][-1]
    assert section == {
        "heading": "VI. TỔ CHỨC THỰC HIỆN",  # V. is the award forms' section
        "paragraphs": ["1. Nhiệm vụ thứ nhất", "2. Nhiệm vụ thứ ba", "- ý a", "- ý b"],
    }


@pytest.mark.parametrize("value", [str(2**63), str(-(2**63)), "9" * 40])
def test_create_with_an_id_no_column_can_hold_is_an_invalid_choice(
    client, authority, appraiser, value
) -> None:
    """Found by tests/test_hostile_endpoints.py: 2⁶³ in a model choice raised OverflowError (500)."""
    client.force_login(appraiser)
    data = form_data(authority)
    data["participant_mode"] = "kinds"
    data["participant_kinds"] = [value]
    response = client.post(reverse("campaigns:create"), data)
    assert response.status_code == 200
    errors = response.context["form"].errors["participant_kinds"]
    assert errors == ["Lựa chọn không hợp lệ.", "Vui lòng chọn ít nhất một loại đơn vị."]
    assert Campaign.objects.count() == 0
