from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from appraisal.models import Appraisal
from appraisal.selectors import council_agenda, nominee_contexts
from appraisal.services import (
    appraise_nominee,
    forward_dossier,
    receive_dossier,
    reject_dossier,
    return_dossier,
    send_due_reminders,
)
from audit.models import AuditEntry
from audit.workflow import TransitionError
from nominations.enums import DossierStatus
from nominations.enums import NomineeStatus as NS
from nominations.services.dossiers import notify_appraisers_of_submission
from notifications.models import Notification
from organizations.enums import Role
from tests.factories import (
    UnitFactory,
    add_person,
    award,
    make_dossier,
    make_person,
    offer,
    resubmit,
    submit,
    submitted_dossier,
)
from workdays.services import add_working_days

pytestmark = pytest.mark.django_db


def _names(dossier):
    return {n.full_name: n for n in dossier.nominees.all()}


def test_receive_dossier_numbers_and_starts_clock(dossier, appraiser, authority) -> None:
    receive_dossier(actor=appraiser, dossier=dossier)
    year = timezone.localdate().year
    assert dossier.status == DossierStatus.RECEIVED
    assert dossier.incoming_number == f"01/{year}"
    assert dossier.due_date == add_working_days(timezone.localdate(), 20, authority)
    entry = AuditEntry.objects.for_object(dossier).get(action="dossier.receive")
    assert (entry.actor, entry.from_state, entry.to_state) == (appraiser, "submitted", "received")
    assert entry.data["incoming_number"] == f"01/{year}"


def test_receive_dossier_numbers_run_per_authority_and_year(
    campaign, clerk, appraiser, other_authority
) -> None:
    first = submitted_dossier(campaign, clerk)
    second = submitted_dossier(campaign, clerk)
    receive_dossier(actor=appraiser, dossier=first)
    receive_dossier(actor=appraiser, dossier=second)
    year = timezone.localdate().year
    assert (first.incoming_number, second.incoming_number) == (f"01/{year}", f"02/{year}")
    from tests.factories import make_campaign

    other_campaign = make_campaign(other_authority)
    other_clerk = make_person(Role.CLERK, authority=other_authority)
    other_appraiser = make_person(Role.APPRAISER, authority=other_authority)
    third = submitted_dossier(other_campaign, other_clerk)
    receive_dossier(actor=other_appraiser, dossier=third)
    assert third.incoming_number == f"01/{year}"


def test_appraise_nominee_first_verdict_starts_appraisal(dossier, appraiser) -> None:
    receive_dossier(actor=appraiser, dossier=dossier)
    luy = _names(dossier)["Đinh Văn Lũy"]
    appraisal = appraise_nominee(
        actor=appraiser,
        nominee=luy,
        verdict=NS.ELIGIBLE,
        checklist={"documents_complete": True, "in_scope": True, "bogus": True},
        expected_appraisal_id=0,
    )
    dossier.refresh_from_db()
    luy.refresh_from_db()
    assert dossier.status == DossierStatus.UNDER_APPRAISAL
    assert luy.status == NS.ELIGIBLE
    assert appraisal.checklist == {
        "documents_complete": True,
        "in_scope": True,
        "quota_respected": False,
        "unit_minutes": False,
    }
    actions = list(
        AuditEntry.objects.filter(action__in=["dossier.start_appraisal", "nominee.mark_eligible"])
        .order_by("pk")
        .values_list("action", "from_state", "to_state")
    )
    assert actions == [
        ("dossier.start_appraisal", "received", "under_appraisal"),
        ("nominee.mark_eligible", "pending", "eligible"),
    ]


def test_appraise_nominee_requires_reasons(dossier, appraiser) -> None:
    receive_dossier(actor=appraiser, dossier=dossier)
    luy = _names(dossier)["Đinh Văn Lũy"]
    with pytest.raises(TransitionError, match="lý do không đủ điều kiện"):
        appraise_nominee(actor=appraiser, nominee=luy, verdict=NS.NOT_ELIGIBLE)
    with pytest.raises(TransitionError, match="nội dung cần bổ sung"):
        appraise_nominee(actor=appraiser, nominee=luy, verdict=NS.NEEDS_CORRECTION, reason=" ")
    assert Appraisal.objects.count() == 0
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.RECEIVED


def test_appraise_nominee_stale_form_is_refused(dossier, appraiser, authority) -> None:
    other = make_person(Role.APPRAISER, authority=authority)
    receive_dossier(actor=appraiser, dossier=dossier)
    luy = _names(dossier)["Đinh Văn Lũy"]
    appraise_nominee(actor=other, nominee=luy, verdict=NS.ELIGIBLE, expected_appraisal_id=0)
    with pytest.raises(TransitionError, match="vừa ghi kết luận"):
        appraise_nominee(
            actor=appraiser,
            nominee=luy,
            verdict=NS.NOT_ELIGIBLE,
            reason="Thiếu",
            expected_appraisal_id=0,
        )
    luy.refresh_from_db()
    assert luy.status == NS.ELIGIBLE
    assert Appraisal.objects.filter(nominee=luy).count() == 1


def test_appraise_nominee_changes_award_form_with_reason(dossier, appraiser, campaign) -> None:
    receive_dossier(actor=appraiser, dossier=dossier)
    luy = _names(dossier)["Đinh Văn Lũy"]
    higher = offer(campaign, "bk-ca-nhan")
    with pytest.raises(TransitionError, match="lý do thay đổi"):
        appraise_nominee(actor=appraiser, nominee=luy, verdict=NS.ELIGIBLE, award_offer=higher)
    with pytest.raises(TransitionError, match="không dành cho đối tượng"):
        appraise_nominee(
            actor=appraiser,
            nominee=luy,
            verdict=NS.ELIGIBLE,
            award_offer=offer(campaign, "gk-tap-the"),
            award_change_reason="x",
        )
    appraisal = appraise_nominee(
        actor=appraiser,
        nominee=luy,
        verdict=NS.ELIGIBLE,
        award_offer=higher,
        award_change_reason="Thành tích tiêu biểu, đề nghị cấp tỉnh",
    )
    luy.refresh_from_db()
    assert luy.award_offer == higher
    assert appraisal.award_offer_before == offer(campaign)
    assert appraisal.award_offer_after == higher
    entry = AuditEntry.objects.get(action="nominee.mark_eligible")
    assert entry.data["award_form_after"] == "Đề nghị Bằng khen cho cá nhân"


def test_return_dossier_notifies_clerk_in_app_and_by_email(
    dossier, appraiser, clerk, django_capture_on_commit_callbacks, eager_tasks
) -> None:
    receive_dossier(actor=appraiser, dossier=dossier)
    hoa = _names(dossier)["Phạm Thị Hoa"]
    appraise_nominee(
        actor=appraiser, nominee=hoa, verdict=NS.NEEDS_CORRECTION, reason="Bổ sung số liệu"
    )
    deadline = timezone.localdate() + dt.timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        return_dossier(
            actor=appraiser,
            dossier=dossier,
            reason="Thiếu tờ trình ký",
            correction_deadline=deadline,
        )
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.RETURNED
    assert dossier.return_count == 1
    assert dossier.correction_deadline == deadline
    note = Notification.objects.get(recipient=clerk)
    assert note.verb == "dossier.returned"
    assert "Phạm Thị Hoa: Bổ sung số liệu" in note.body
    assert "Thiếu tờ trình ký" in note.body
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [clerk.email]
    assert "Phạm Thị Hoa: Bổ sung số liệu" in mail.outbox[0].body
    entry = AuditEntry.objects.get(action="dossier.return")
    assert entry.data["nominees"] == [
        {"id": hoa.pk, "name": "Phạm Thị Hoa", "reason": "Bổ sung số liệu"}
    ]


def test_return_dossier_needs_a_reason_and_a_future_deadline(dossier, appraiser) -> None:
    receive_dossier(actor=appraiser, dossier=dossier)
    notified = Notification.objects.count()  # the appraisers', of the submission
    with pytest.raises(TransitionError, match="hạn bổ sung"):
        return_dossier(actor=appraiser, dossier=dossier, reason="x", correction_deadline=None)
    with pytest.raises(TransitionError, match="trước ngày hôm nay"):
        return_dossier(
            actor=appraiser,
            dossier=dossier,
            reason="x",
            correction_deadline=timezone.localdate() - dt.timedelta(days=1),
        )
    with pytest.raises(TransitionError, match="lý do trả lại"):
        return_dossier(
            actor=appraiser, dossier=dossier, reason="", correction_deadline=timezone.localdate()
        )
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.RECEIVED
    assert Notification.objects.count() == notified


def test_reject_dossier_requires_reason_and_notifies(
    dossier, appraiser, clerk, django_capture_on_commit_callbacks, eager_tasks
) -> None:
    with pytest.raises(TransitionError, match="lý do không tiếp nhận"):
        reject_dossier(actor=appraiser, dossier=dossier, reason="")
    with django_capture_on_commit_callbacks(execute=True):
        reject_dossier(actor=appraiser, dossier=dossier, reason="Nộp sau hạn")
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.REJECTED
    assert Notification.objects.get(recipient=clerk).body == "Lý do: Nộp sau hạn"
    assert [m.to for m in mail.outbox] == [[clerk.email]]


def test_forward_dossier_refuses_missing_or_correction_verdicts(dossier, appraiser) -> None:
    receive_dossier(actor=appraiser, dossier=dossier)
    people = _names(dossier)
    appraise_nominee(actor=appraiser, nominee=people["Đinh Văn Lũy"], verdict=NS.ELIGIBLE)
    with pytest.raises(TransitionError, match="chưa có kết luận thẩm định cho"):
        forward_dossier(actor=appraiser, dossier=dossier)
    appraise_nominee(
        actor=appraiser, nominee=people["Phạm Thị Hoa"], verdict=NS.NEEDS_CORRECTION, reason="x"
    )
    appraise_nominee(actor=appraiser, nominee=people["Nguyễn Văn Đức"], verdict=NS.ELIGIBLE)
    with pytest.raises(TransitionError, match="Phạm Thị Hoa còn"):
        forward_dossier(actor=appraiser, dossier=dossier)
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.UNDER_APPRAISAL
    assert not AuditEntry.objects.filter(action="dossier.forward").exists()


def test_forward_dossier_puts_eligible_on_council_agenda(
    dossier, appraiser, campaign, authority, django_capture_on_commit_callbacks, eager_tasks
) -> None:
    secretary = make_person(Role.COUNCIL_SECRETARY, authority=authority)
    receive_dossier(actor=appraiser, dossier=dossier)
    people = _names(dossier)
    appraise_nominee(actor=appraiser, nominee=people["Đinh Văn Lũy"], verdict=NS.ELIGIBLE)
    appraise_nominee(actor=appraiser, nominee=people["Nguyễn Văn Đức"], verdict=NS.ELIGIBLE)
    appraise_nominee(
        actor=appraiser, nominee=people["Phạm Thị Hoa"], verdict=NS.NOT_ELIGIBLE, reason="Thiếu"
    )
    with django_capture_on_commit_callbacks(execute=True):
        forward_dossier(actor=appraiser, dossier=dossier)
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.FORWARDED
    assert dossier.forwarded_at is not None
    # Vietnamese order: by given name (Đức before Lũy).
    assert [n.full_name for n in council_agenda(campaign)] == ["Nguyễn Văn Đức", "Đinh Văn Lũy"]
    assert Notification.objects.get(recipient=secretary).verb == "dossier.forwarded"
    assert AuditEntry.objects.get(action="dossier.forward").data == {
        "eligible": 2,
        "not_eligible": 1,
    }


def test_resubmitted_dossier_keeps_incoming_number(dossier, appraiser, clerk) -> None:
    receive_dossier(actor=appraiser, dossier=dossier)
    number = dossier.incoming_number
    hoa = _names(dossier)["Phạm Thị Hoa"]
    appraise_nominee(actor=appraiser, nominee=hoa, verdict=NS.NEEDS_CORRECTION, reason="x")
    return_dossier(
        actor=appraiser, dossier=dossier, reason="", correction_deadline=timezone.localdate()
    )
    resubmit(dossier, clerk)
    receive_dossier(actor=appraiser, dossier=dossier)
    assert dossier.incoming_number == number
    assert dossier.snapshots.count() == 2


def test_nominee_contexts_duplicates_and_history(campaign, clerk, authority) -> None:
    other_unit = UnitFactory(authority=authority, name="UBND xã Ba Cung")
    other_clerk = make_person(Role.CLERK, authority=authority, unit=other_unit)
    birth = dt.date(1975, 3, 2)
    mine = make_dossier(campaign, clerk, names=())
    luy = add_person(mine, "Đinh Văn Lũy", birth_date=birth)
    submit(mine, clerk)
    theirs = make_dossier(campaign, other_clerk, names=())
    add_person(theirs, "DINH VAN LUY", birth_date=birth)
    add_person(theirs, "Đinh Văn Lũy", birth_date=dt.date(1990, 1, 1))  # another person
    submit(theirs, other_clerk)
    from tests.factories import make_campaign

    earlier = make_campaign(authority, title="Phong trào năm trước")
    old = make_dossier(earlier, clerk, names=())
    awarded = add_person(old, "Đinh Văn Lũy", birth_date=birth)
    submit(old, clerk)
    award(awarded)
    ctx = nominee_contexts(mine, [luy])[luy.pk]
    assert [(kind, n.dossier.unit.name) for kind, n in ctx.duplicates] == [
        ("other_unit", "UBND xã Ba Cung")
    ]
    assert [n.dossier.campaign.title for n in ctx.history] == ["Phong trào năm trước"]


def test_send_due_reminders_notifies_only_appraisers_with_due_dossiers(
    campaign, clerk, appraiser, authority, other_authority
) -> None:
    second = make_person(Role.APPRAISER, authority=authority)
    make_person(Role.COUNCIL_MEMBER, authority=authority)
    idle_appraiser = make_person(Role.APPRAISER, authority=other_authority)
    due = submitted_dossier(campaign, clerk)
    receive_dossier(actor=appraiser, dossier=due)
    today = due.due_date  # due today: nearly due
    result = send_due_reminders(today=today)
    assert result == {authority.pk: sorted([appraiser.pk, second.pk])}
    reminders = Notification.objects.filter(verb="appraisal.due_reminder")
    assert set(reminders.values_list("recipient_id", flat=True)) == {
        appraiser.pk,
        second.pk,
    }
    assert not Notification.objects.filter(recipient=idle_appraiser).exists()
    # Long before the due date nothing is sent.
    Notification.objects.all().delete()
    assert send_due_reminders(today=timezone.localdate() - dt.timedelta(days=60)) == {}
    assert Notification.objects.count() == 0


def test_notify_appraisers_of_submission(campaign, clerk, appraiser, authority) -> None:
    make_person(Role.CLERK, authority=authority)
    dossier = make_dossier(campaign, clerk)
    notify_appraisers_of_submission(dossier=dossier)
    # (the clerks were told of the plan's publication before)
    note = Notification.objects.get(verb="dossier.submitted")
    assert (note.recipient, note.verb) == (appraiser, "dossier.submitted")
    assert note.link == f"/tham-dinh/ho-so/{dossier.pk}/"
