import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from audit.models import AuditEntry
from audit.workflow import TransitionError
from campaigns.enums import CampaignAction, CampaignStatus, QuestionStatus
from campaigns.models import Campaign, CampaignRevision
from campaigns.services import (
    answer_question,
    ask_question,
    transition_campaign,
    update_campaign,
)
from documents.models import RegisterEntry
from organizations.enums import Role
from tests.factories import (
    UnitFactory,
    approve_pending,
    award_form,
    make_campaign,
    make_person,
    staff,
)

pytestmark = pytest.mark.django_db

S = CampaignStatus
A = CampaignAction
LAUNCH = dt.date(2024, 4, 15)


def draft(authority, **fields) -> Campaign:
    """A draft plan of 15/4/2024, as the seed's."""
    fields.setdefault("issued_on", LAUNCH)
    return make_campaign(authority, publish=False, **fields)


def publish(campaign: Campaign, manager=None) -> Campaign:
    """The manager sends the plan to its signer, who approves it (the number is given then)."""
    transition_campaign(
        actor=manager or staff(campaign.authority), campaign=campaign, action=A.SEND
    )
    approve_pending("plan", campaign.pk)
    campaign.refresh_from_db()
    return campaign


def _at(campaign: Campaign, status: str) -> Campaign:
    path = {
        S.DRAFT: [],
        S.PUBLISHED: [],
        S.CLOSED: [A.CLOSE],
        S.FINISHED: [A.CLOSE, A.FINISH],
    }[status]
    if status != S.DRAFT:
        campaign = publish(campaign)
    manager = staff(campaign.authority)
    for step in path:
        campaign = transition_campaign(actor=manager, campaign=campaign, action=step)
    return campaign


def test_publish_numbers_freezes_and_audits(authority, appraiser) -> None:
    campaign = draft(authority)
    campaign = transition_campaign(actor=appraiser, campaign=campaign, action=A.SEND)
    assert campaign.status == S.SIGNING and campaign.number is None
    assert not RegisterEntry.objects.exists()  # no number before the signer approves
    campaign = publish_signed(campaign)
    assert campaign.status == S.PUBLISHED
    assert campaign.number == 1
    assert campaign.reference == "01/KH-UBND"
    assert campaign.published_at is not None
    entry = RegisterEntry.objects.get(authority=authority)
    assert (entry.number, entry.symbol, entry.issued_on) == (1, "KH-UBND", dt.date(2024, 4, 15))
    assert (entry.target_kind, entry.target_id) == ("plan", str(campaign.pk))
    revision = CampaignRevision.objects.get(campaign=campaign)
    assert revision.number == 1
    assert revision.data["number"] == 1 and revision.data["draft"] is False
    audit = AuditEntry.objects.for_object(campaign).get(action="campaign.publish")
    assert (audit.actor, audit.from_state, audit.to_state) == (
        campaign.signer,
        "signing",
        "published",
    )
    assert audit.data == {"number": 1, "reference": "01/KH-UBND"}
    sent = AuditEntry.objects.for_object(campaign).get(action="campaign.send")
    assert (sent.actor, sent.from_state, sent.to_state) == (appraiser, "draft", "signing")


def publish_signed(campaign: Campaign) -> Campaign:
    approve_pending("plan", campaign.pk)
    campaign.refresh_from_db()
    return campaign


def test_publish_without_launch_date_uses_today(authority) -> None:
    campaign = draft(authority, issued_on=None, nomination_deadline=dt.date(2099, 1, 1))
    campaign = publish(campaign)
    from django.utils import timezone

    assert campaign.issued_on == timezone.localdate()
    assert RegisterEntry.objects.get().year == campaign.issued_on.year


def test_publish_incomplete_campaign_is_refused(authority) -> None:
    campaign = draft(authority, nomination_deadline=None, signer=None)
    campaign.award_offers.all().delete()
    with pytest.raises(TransitionError) as exc:
        transition_campaign(actor=staff(authority), campaign=campaign, action=A.SEND)
    assert exc.value.code == "incomplete"
    assert set(exc.value.errors) == {"nomination_deadline", "signer", "award_offers"}
    campaign.refresh_from_db()
    assert campaign.status == S.DRAFT and campaign.number is None
    assert not RegisterEntry.objects.exists()


def test_publish_with_typed_number_already_used_is_refused(authority) -> None:
    first = _at(draft(authority, title="Kế hoạch một", number=7), S.PUBLISHED)
    assert first.number == 7
    second = draft(authority, title="Kế hoạch hai", number=7)
    transition_campaign(actor=staff(authority), campaign=second, action=A.SEND)
    with pytest.raises(TransitionError) as exc:
        approve_pending("plan", second.pk)
    assert exc.value.errors == {"number": ["Số 07 đã được dùng trong năm 2024."]}
    second.refresh_from_db()
    assert second.status == S.SIGNING  # the approval rolled back whole


def test_reopen_keeps_number_and_revision(authority) -> None:
    campaign = _at(draft(authority), S.CLOSED)
    campaign = transition_campaign(actor=staff(authority), campaign=campaign, action=A.REOPEN)
    assert campaign.number == 1
    assert RegisterEntry.objects.count() == 1
    assert campaign.revisions.count() == 1
    assert AuditEntry.objects.for_object(campaign).filter(action="campaign.reopen").count() == 1


@pytest.mark.parametrize("role", [Role.CLERK, Role.CHAIRMAN, Role.COUNCIL_MEMBER])
def test_only_managers_may_move_a_campaign(authority, role) -> None:
    campaign = draft(authority)
    person = make_person(role, authority=authority)
    with pytest.raises(TransitionError) as exc:
        transition_campaign(actor=person, campaign=campaign, action=A.SEND)
    assert exc.value.code == "forbidden"
    assert str(exc.value) == (
        "Anh/chị không có quyền thực hiện thao tác “Trình ký” với kế hoạch này."
    )
    campaign.refresh_from_db()
    assert campaign.status == S.DRAFT


def test_manager_of_other_authority_may_not(authority, other_authority) -> None:
    campaign = draft(authority)
    outsider = make_person(Role.ADMIN, authority=other_authority)
    with pytest.raises(TransitionError) as exc:
        transition_campaign(actor=outsider, campaign=campaign, action=A.SEND)
    assert exc.value.code == "forbidden"
    campaign.refresh_from_db()
    assert campaign.status == S.DRAFT


def _fields(campaign: Campaign, **changes):
    from campaigns.services import EDITABLE_FIELDS

    fields = {name: getattr(campaign, name) for name in EDITABLE_FIELDS}
    fields.update(changes)
    return fields


def test_edit_after_publish_adds_revision_and_keeps_first(authority, administrator) -> None:
    campaign = _at(draft(authority, theme="Chủ đề ban đầu."), S.PUBLISHED)
    first = campaign.revisions.get()
    frozen = dict(first.data)
    offers = [{"award_form": award_form(authority), "criteria": "Có thành tích xuất sắc."}]
    update_campaign(
        actor=administrator,
        campaign=campaign,
        fields=_fields(campaign, theme="Chủ đề đã sửa."),
        tasks=[{"unit": None, "role": "all", "text": "Triển khai."}],
        offers=offers,
        comment="Sửa chủ đề",
    )
    revisions = list(campaign.revisions.order_by("number"))
    assert [r.number for r in revisions] == [1, 2]
    revisions[0].refresh_from_db()
    assert revisions[0].data == frozen
    assert revisions[0].data["sections"][1]["paragraphs"] == ["Chủ đề ban đầu."]
    assert revisions[1].data["sections"][1]["paragraphs"] == ["Chủ đề đã sửa."]
    assert revisions[1].data["number"] == 1
    audit = AuditEntry.objects.for_object(campaign).get(action="campaign.update")
    assert audit.data == {"fields": ["theme"], "revision": 2}


def test_edit_after_publish_cannot_change_number_or_date(authority) -> None:
    campaign = _at(draft(authority), S.PUBLISHED)
    update_campaign(
        actor=staff(authority),
        campaign=campaign,
        fields=_fields(campaign, number=99, issued_on=dt.date(2025, 1, 1)),
        tasks=[{"unit": None, "role": "all", "text": "Các cơ quan, đơn vị triển khai thực hiện."}],
        offers=[
            {"award_form": award_form(authority, code), "criteria": "Có thành tích xuất sắc."}
            for code in ("gk-ca-nhan", "gk-tap-the", "bk-ca-nhan")
        ],
    )
    campaign.refresh_from_db()
    assert (campaign.number, campaign.issued_on) == (1, dt.date(2024, 4, 15))
    assert campaign.revisions.count() == 1  # nothing printed changed


def test_unchanged_save_of_make_campaign_adds_no_revision(authority) -> None:
    campaign = _at(draft(authority), S.PUBLISHED)
    update_campaign(
        actor=staff(authority),
        campaign=campaign,
        fields=_fields(campaign),
        tasks=[{"unit": None, "role": "all", "text": "Các cơ quan, đơn vị triển khai thực hiện."}],
        offers=[
            {"award_form": award_form(authority, code), "criteria": "Có thành tích xuất sắc."}
            for code in ("gk-ca-nhan", "gk-tap-the", "bk-ca-nhan")
        ],
    )
    assert campaign.revisions.count() == 1


def test_question_asked_then_answered_for_all(authority, clerk, appraiser) -> None:
    campaign = _at(draft(authority), S.PUBLISHED)
    question = ask_question(
        actor=clerk, campaign=campaign, text="Hồ sơ nộp bản giấy hay bản điện tử?"
    )
    assert question.status == QuestionStatus.OPEN and question.unit == clerk.unit
    answered = answer_question(actor=appraiser, question=question, answer="Nộp trên hệ thống.")
    assert answered.status == QuestionStatus.ANSWERED
    assert (answered.answered_by, answered.answer) == (appraiser, "Nộp trên hệ thống.")
    actions = list(AuditEntry.objects.for_object(question).values_list("action", "to_state"))
    assert actions == [("question.ask", "open"), ("question.answer", "answered")]


def test_clerk_cannot_answer_and_outsider_cannot_ask(authority, clerk) -> None:
    campaign = _at(
        draft(authority, participant_mode="units", participant_units=[clerk.unit]),
        S.PUBLISHED,
    )
    question = ask_question(actor=clerk, campaign=campaign, text="Câu hỏi?")
    with pytest.raises(TransitionError) as exc:
        answer_question(actor=clerk, question=question, answer="Tự trả lời")
    assert str(exc.value) == "Anh/chị không có quyền trả lời phản ánh này."
    outsider = make_person(Role.CLERK, authority=authority, unit=UnitFactory(authority=authority))
    with pytest.raises(PermissionDenied):
        ask_question(actor=outsider, campaign=campaign, text="Đơn vị tôi không tham gia")


def test_no_questions_on_a_draft(authority, clerk) -> None:
    campaign = draft(authority)
    with pytest.raises(PermissionDenied):
        ask_question(actor=clerk, campaign=campaign, text="Câu hỏi?")


def test_demo_loads_seed_plan_once() -> None:
    from campaigns import demo
    from organizations import demo as org_demo

    org_demo.load()
    first = demo.load()
    second = demo.load()
    campaign = Campaign.objects.get(title=demo.TITLE)
    assert first[0].startswith("Kế hoạch demo: 01/KH-UBND ngày 15/04/2024")
    assert second == ["Kế hoạch demo: 01/KH-UBND (đã có, giữ nguyên)"]
    assert campaign.status == S.PUBLISHED
    assert campaign.nomination_deadline > dt.date(2026, 11, 25)
    assert (campaign.lead_unit.name, campaign.appraising_unit.name) == (
        "Phòng Dân tộc",
        "Phòng Nội vụ",
    )
    assert sorted(campaign.award_offers.values_list("award_form__code", flat=True)) == [
        "bang-khen-chu-tich-tinh",
        "giay-khen-ca-nhan",
        "giay-khen-tap-the",
    ]
    assert RegisterEntry.objects.count() == 1 and campaign.revisions.count() == 1
    assert campaign.signer_name == "Phạm Xuân Vinh" and campaign.signer_title == "CHỦ TỊCH"
