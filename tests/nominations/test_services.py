from __future__ import annotations

import datetime as dt
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from appraisal.services import receive_dossier, return_dossier
from audit.models import AuditEntry
from audit.workflow import TransitionError
from campaigns.enums import CampaignAction, RecipientKind
from campaigns.services import transition_campaign
from nominations.enums import DossierStatus
from nominations.models import Dossier, DossierSnapshot, Nominee
from nominations.services import dossiers as services
from nominations.uploads import check_upload
from organizations.models import Ethnicity
from tests.factories import PDF_BYTES, add_person, complete_dossier, make_campaign, offer, staff

pytestmark = pytest.mark.django_db


def last_entry(dossier: Dossier) -> AuditEntry:
    return AuditEntry.objects.for_object(dossier).order_by("-id").first()


def test_create_dossier_opens_a_draft_with_an_audit_entry(clerk, campaign) -> None:
    dossier = services.create_dossier(actor=clerk, campaign=campaign)
    assert dossier.status == DossierStatus.DRAFT
    assert dossier.unit == clerk.unit
    entry = last_entry(dossier)
    assert (entry.action, entry.actor, entry.to_state) == ("dossier.create", clerk, "draft")


def test_create_dossier_refuses_beyond_the_unit_limit(clerk, campaign) -> None:
    services.create_dossier(actor=clerk, campaign=campaign)
    with pytest.raises(TransitionError, match="tối đa 1 hồ sơ"):
        services.create_dossier(actor=clerk, campaign=campaign)
    assert Dossier.objects.count() == 1


def test_create_dossier_refuses_unpublished_or_late_campaigns(clerk, authority, campaign) -> None:
    draft = make_campaign(authority, publish=False)
    with pytest.raises(TransitionError, match="không nhận hồ sơ"):
        services.create_dossier(actor=clerk, campaign=draft)
    # The deadline has passed since publication (a date, not a state: set directly).
    campaign.nomination_deadline = timezone.localdate() - timedelta(days=1)
    campaign.save()
    with pytest.raises(TransitionError, match="quá hạn"):
        services.create_dossier(actor=clerk, campaign=campaign)


def test_update_dossier_bumps_version_and_refuses_stale_version(clerk, campaign) -> None:
    dossier = services.create_dossier(actor=clerk, campaign=campaign)
    version = dossier.version
    services.update_dossier(
        actor=clerk, dossier=dossier, expected_version=version, data={"letter_number": "1/TTr"}
    )
    assert dossier.version == version + 1
    with pytest.raises(services.DossierConflict) as refused:
        services.update_dossier(
            actor=clerk, dossier=dossier, expected_version=version, data={"letter_number": "2/TTr"}
        )
    assert refused.value.current_version == version + 1
    dossier.refresh_from_db()
    assert dossier.letter_number == "1/TTr"
    assert last_entry(dossier).action == "dossier.update"


def test_add_nominee_checks_the_award_form_kind(clerk, campaign) -> None:
    dossier = services.create_dossier(actor=clerk, campaign=campaign)
    with pytest.raises(TransitionError, match="dành cho tập thể"):
        services.add_nominee(
            actor=clerk,
            dossier=dossier,
            data={
                "kind": RecipientKind.INDIVIDUAL,
                "full_name": "Đinh Văn A",
                "award_offer": offer(campaign, RecipientKind.COLLECTIVE),
            },
        )
    nominee = services.add_nominee(
        actor=clerk,
        dossier=dossier,
        data={
            "kind": RecipientKind.INDIVIDUAL,
            "full_name": "Đinh Văn A",
            "award_offer": offer(campaign, RecipientKind.INDIVIDUAL),
            "ethnicity": Ethnicity.objects.get(code="19"),
        },
    )
    assert nominee.name_key == "dinh van a"
    assert last_entry(dossier).action == "nominee.add"


def test_other_units_clerk_cannot_edit(clerk, other_clerk, campaign) -> None:
    dossier = services.create_dossier(actor=clerk, campaign=campaign)
    with pytest.raises(TransitionError, match="Chỉ cán bộ của đơn vị"):
        services.update_dossier(
            actor=other_clerk, dossier=dossier, expected_version=dossier.version, data={}
        )


def test_submit_lists_what_is_missing_and_changes_nothing(clerk, campaign) -> None:
    dossier = services.create_dossier(actor=clerk, campaign=campaign)
    add_person(dossier, report_text="", ethnicity=None)
    with pytest.raises(services.DossierIncomplete) as refused:
        services.submit_dossier(actor=clerk, dossier=dossier)
    messages = [p.message for p in refused.value.problems]
    assert "Chưa nhập số Tờ trình của đơn vị." in messages
    assert "Chưa tải lên bản Tờ trình đã ký (PDF)." in messages
    assert any("thiếu dân tộc, báo cáo thành tích" in m for m in messages)
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.DRAFT
    assert not DossierSnapshot.objects.exists()


def test_submit_sends_takes_a_snapshot_and_audits(clerk, campaign) -> None:
    dossier = complete_dossier(clerk, campaign, nominees=2)
    services.submit_dossier(actor=clerk, dossier=dossier, comment="Kính gửi")
    assert dossier.status == DossierStatus.SUBMITTED
    assert dossier.submitted_at is not None
    snapshot = dossier.snapshots.get()
    assert snapshot.number == 1 and len(snapshot.data["nominees"]) == 2
    entry = last_entry(dossier)
    assert (entry.action, entry.from_state, entry.to_state, entry.comment) == (
        "dossier.submit",
        "draft",
        "submitted",
        "Kính gửi",
    )


def test_submit_after_deadline_is_refused_with_the_deadline(clerk, campaign) -> None:
    dossier = complete_dossier(clerk, campaign)
    campaign.nomination_deadline = timezone.localdate() - timedelta(days=3)
    campaign.save()
    with pytest.raises(services.DossierIncomplete) as refused:
        services.submit_dossier(actor=clerk, dossier=dossier)
    deadline = campaign.nomination_deadline.strftime("%d/%m/%Y")
    assert [p.message for p in refused.value.problems] == [
        f"Đã quá hạn nộp hồ sơ của kế hoạch (hạn cuối: {deadline})."
    ]
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.DRAFT


def test_submit_respects_quota_per_unit(clerk, campaign) -> None:
    individual = offer(campaign, RecipientKind.INDIVIDUAL)
    individual.quota_per_unit = 1
    individual.save()
    dossier = complete_dossier(clerk, campaign, nominees=2)
    with pytest.raises(services.DossierIncomplete) as refused:
        services.submit_dossier(actor=clerk, dossier=dossier)
    assert any("tối đa 1, đơn vị đang đề nghị 2" in p.message for p in refused.value.problems)


def test_submitted_dossier_cannot_be_edited(clerk, campaign) -> None:
    dossier = complete_dossier(clerk, campaign)
    services.submit_dossier(actor=clerk, dossier=dossier)
    with pytest.raises(TransitionError, match="Đã gửi"):
        services.update_dossier(
            actor=clerk,
            dossier=dossier,
            expected_version=dossier.version,
            data={"letter_number": "x"},
        )
    nominee = dossier.nominees.get()
    with pytest.raises(TransitionError):
        services.remove_nominee(actor=clerk, nominee=nominee)
    assert Nominee.objects.filter(pk=nominee.pk).exists()


def test_withdraw_before_receipt(clerk, appraiser, campaign) -> None:
    dossier = complete_dossier(clerk, campaign)
    services.submit_dossier(actor=clerk, dossier=dossier)
    services.withdraw_dossier(actor=clerk, dossier=dossier, comment="Nộp nhầm")
    assert dossier.status == DossierStatus.WITHDRAWN
    entry = last_entry(dossier)
    assert (entry.action, entry.from_state, entry.to_state) == (
        "dossier.withdraw",
        "submitted",
        "withdrawn",
    )


def test_withdraw_refused_after_receipt(clerk, appraiser, campaign) -> None:
    dossier = complete_dossier(clerk, campaign)
    services.submit_dossier(actor=clerk, dossier=dossier)
    receive_dossier(actor=appraiser, dossier=dossier)
    with pytest.raises(TransitionError, match="Đã tiếp nhận"):
        services.withdraw_dossier(actor=clerk, dossier=dossier)
    assert dossier.status == DossierStatus.RECEIVED


def test_resubmit_after_return_takes_a_second_snapshot(clerk, appraiser, campaign) -> None:
    dossier = complete_dossier(clerk, campaign)
    services.submit_dossier(actor=clerk, dossier=dossier)
    receive_dossier(actor=appraiser, dossier=dossier)
    return_dossier(
        actor=appraiser,
        dossier=dossier,
        reason="Bổ sung",
        correction_deadline=timezone.localdate() + dt.timedelta(days=5),
    )
    # The campaign's deadline has passed meanwhile: a returned dossier may still come back.
    campaign.nomination_deadline = timezone.localdate() - timedelta(days=1)
    campaign.save()
    campaign = transition_campaign(
        actor=staff(campaign.authority), campaign=campaign, action=CampaignAction.CLOSE
    )
    nominee = dossier.nominees.get()
    services.update_nominee(
        actor=clerk,
        nominee=nominee,
        data={"full_name": "Đinh Văn Sửa", "award_offer": nominee.award_offer},
        expected_version=dossier.version,
    )
    services.resubmit_dossier(actor=clerk, dossier=dossier)
    assert dossier.status == DossierStatus.RESUBMITTED
    assert list(dossier.snapshots.values_list("number", flat=True)) == [1, 2]
    assert last_entry(dossier).action == "dossier.resubmit"


def test_attachment_add_and_remove_are_audited(clerk, campaign) -> None:
    dossier = services.create_dossier(actor=clerk, campaign=campaign)
    upload = SimpleUploadedFile("minh-chung.pdf", PDF_BYTES)
    checked = check_upload(upload)
    attachment = services.add_attachment(
        actor=clerk, dossier=dossier, upload=upload, checked=checked
    )
    assert attachment.content_type == "application/pdf"
    assert attachment.file.name.startswith("dossiers/") and "minh-chung" not in attachment.file.name
    services.remove_attachment(actor=clerk, attachment=attachment)
    assert [e.action for e in AuditEntry.objects.for_object(dossier)] == [
        "dossier.create",
        "attachment.add",
        "attachment.remove",
    ]


def test_resubmit_after_the_correction_deadline_is_refused(clerk, appraiser, campaign) -> None:
    dossier = complete_dossier(clerk, campaign)
    services.submit_dossier(actor=clerk, dossier=dossier)
    receive_dossier(actor=appraiser, dossier=dossier)
    return_dossier(
        actor=appraiser,
        dossier=dossier,
        reason="Bổ sung",
        correction_deadline=timezone.localdate(),
    )
    # The correction deadline has since passed (a date, not a state: set directly).
    late = timezone.localdate() - timedelta(days=1)
    Dossier.objects.filter(pk=dossier.pk).update(correction_deadline=late)
    with pytest.raises(services.DossierIncomplete) as refused:
        services.resubmit_dossier(actor=clerk, dossier=dossier)
    assert [p.message for p in refused.value.problems] == [
        f"Đã quá hạn bổ sung hồ sơ (hạn bổ sung: {late.strftime('%d/%m/%Y')})."
    ]
    assert dossier.status == DossierStatus.RETURNED


def test_submit_and_resubmit_notify_the_appraisers(
    clerk, campaign, appraiser, eager_tasks, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    from appraisal import services as appraisal
    from notifications.models import Notification

    dossier = complete_dossier(clerk, campaign)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_dossier(actor=clerk, dossier=dossier)
    # (The plan's own notifications, from its publication, are not the dossier's.)
    sent = Notification.objects.get(recipient=appraiser, verb__startswith="dossier.")
    assert sent.verb == "dossier.submitted"
    assert sent.title.startswith("Hồ sơ mới gửi đến")
    assert [m.to for m in mailoutbox] == [[appraiser.email]]
    appraisal.receive_dossier(actor=appraiser, dossier=dossier)
    appraisal.return_dossier(
        actor=appraiser,
        dossier=dossier,
        reason="Bổ sung báo cáo thành tích",
        correction_deadline=timezone.localdate() + timedelta(days=5),
    )
    services.resubmit_dossier(actor=clerk, dossier=dossier)
    verbs = list(
        Notification.objects.filter(recipient=appraiser, verb__startswith="dossier.")
        .order_by("pk")
        .values_list("verb", flat=True)
    )
    assert verbs == ["dossier.submitted", "dossier.resubmitted"]


def test_appraiser_timeline_labels_every_clerk_action(client, clerk, campaign, appraiser) -> None:
    from django.urls import reverse

    dossier = complete_dossier(clerk, campaign)
    services.update_dossier(
        actor=clerk, dossier=dossier, expected_version=dossier.version, data={"note": "Bổ sung"}
    )
    services.submit_dossier(actor=clerk, dossier=dossier)
    client.force_login(appraiser)
    body = client.get(reverse("appraisal:dossier", args=[dossier.pk])).content.decode()
    timeline = body[body.index('data-testid="timeline"') :]
    assert "Cập nhật Tờ trình, ghi chú" in timeline
    assert "Đơn vị gửi hồ sơ" in timeline
    assert "dossier.update" not in timeline.replace('data-action="dossier.update"', "")
