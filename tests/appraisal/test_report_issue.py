"""The appraisal report's issue step: the head of the appraising office issues it (number from
the register, in the office's own series where it has one; today's date; his name and signer
form) and it is frozen; the council and the leaders read it once issued."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from appraisal.documents import draft_report_data
from appraisal.models import AppraisalReport
from appraisal.services import (
    appraise_nominee,
    forward_dossier,
    issue_appraisal_report,
    receive_dossier,
    report_draft_hash,
)
from audit.models import AuditEntry
from audit.workflow import TransitionError
from campaigns.models import Campaign
from documents.models import RegisterEntry, RenderedDocument, RenderJob
from documents.rendering import render_html
from nominations.enums import NomineeStatus as NS
from organizations.enums import Role
from organizations.models import UnitKind
from tests.documents.artifacts import broken_words, save_pages
from tests.documents.jobs import get_pdf, run_jobs
from tests.documents.pdf_checks import page_texts, squash
from tests.factories import UnitFactory, make_person, submitted_dossier

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(authority):
    return UnitFactory(
        authority=authority,
        name="Phòng Nội vụ",
        short_name="Phòng Nội vụ",
        kind=UnitKind.objects.get(code="department"),
        document_code="PNV",
        head_title="Trưởng phòng",
    )


@pytest.fixture
def head(authority, office):
    person = make_person(
        Role.COUNCIL_MEMBER, authority=authority, unit=office, full_name="Võ Văn Hùng"
    )
    office.head = person
    office.save()
    return person


@pytest.fixture
def forwarded(campaign, clerk, appraiser, office, head):
    Campaign.objects.filter(pk=campaign.pk).update(appraising_unit=office)
    dossier = submitted_dossier(campaign, clerk, names=("Đinh Văn Lũy", "Phạm Thị Hoa"))
    receive_dossier(actor=appraiser, dossier=dossier)
    for nominee in dossier.nominees.all():
        appraise_nominee(actor=appraiser, nominee=nominee, verdict=NS.ELIGIBLE)
    forward_dossier(actor=appraiser, dossier=dossier)
    campaign.refresh_from_db()
    return dossier


def _text(pdf: bytes) -> str:
    return squash(" ".join(page_texts(pdf)[1]))


def test_head_issues_the_report_numbered_dated_signed(forwarded, campaign, head) -> None:
    report = issue_appraisal_report(actor=head, campaign=campaign)
    today = timezone.localdate()
    entry = report.entry
    # One series shared with the authority's own documents (the plan took 01/KH-UBND).
    assert (entry.number, entry.symbol, entry.series) == (2, "BC-PNV", "")
    assert (entry.target_kind, entry.target_id, entry.issued_on) == (
        "appraisal_report",
        str(campaign.pk),
        today,
    )
    assert report.data["number"] == 2 and report.data["issued_on"] == today.isoformat()
    assert report.data["signature"] == {
        "capacity": "",
        "title": "TRƯỞNG PHÒNG",
        "name": "Võ Văn Hùng",
    }
    assert report.data["draft"] is False
    audit = AuditEntry.objects.get(action="appraisal_report.issue")
    assert (audit.actor, audit.comment) == (head, "02/BC-PNV")
    # Rendered by the worker from a job written in the issuing transaction.
    job = RenderJob.objects.get(kind="appraisal_report", object_id=str(campaign.pk))
    assert {j.status for j in run_jobs()} == {"done"}  # the plan's and the report's
    job.refresh_from_db()
    entry.refresh_from_db()
    assert entry.document_id == job.document_id
    pdf = job.document.file.read()
    pages = save_pages(pdf, "appraisal-report-issued")
    assert pages
    text = _text(pdf)
    assert "DỰ THẢO" not in text
    assert "Số: 02/BC-PNV" in text
    assert f"Ba Tơ, ngày {today.day:02d} tháng" in text
    assert text.rstrip().endswith("TRƯỞNG PHÒNG Võ Văn Hùng") or "Võ Văn Hùng" in text[-80:]
    spec_html = render_html(template_name="pdf/appraisal_report.html", data=report.data)
    assert broken_words(pdf, spec_html) == []
    assert job.document.filename == f"02-{today.year}_BC-PNV_Bao-cao-tham-dinh.pdf"


def test_issued_report_is_frozen_whatever_happens_after(
    forwarded, campaign, head, clerk, appraiser, client, monkeypatch
) -> None:
    issue_appraisal_report(actor=head, campaign=campaign)
    run_jobs()
    first = RenderedDocument.objects.get(kind="appraisal_report")
    # Another dossier forwarded, and the next day: the same PDF, no new rendering.
    late = submitted_dossier(campaign, clerk, names=("Hồ Văn Ước",))
    receive_dossier(actor=appraiser, dossier=late)
    appraise_nominee(actor=appraiser, nominee=late.nominees.get(), verdict=NS.ELIGIBLE)
    forward_dossier(actor=appraiser, dossier=late)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: tomorrow)
    client.force_login(head)
    response = client.get(reverse("appraisal:report", args=[campaign.pk]))
    assert response.status_code == 200
    assert response["X-Content-SHA256"] == first.sha256
    assert RenderedDocument.objects.filter(kind="appraisal_report").count() == 1
    assert response["Content-Disposition"].startswith(
        f'inline; filename="02-{first.data["issued_on"][:4]}_BC-PNV_Bao-cao-tham-dinh.pdf"; '
        "filename*=UTF-8''"
    )
    with pytest.raises(TransitionError) as refused:
        issue_appraisal_report(actor=head, campaign=campaign)
    assert refused.value.code == "illegal_state"


def test_draft_has_no_number_no_date_and_is_stable(forwarded, campaign, monkeypatch) -> None:
    data = draft_report_data(campaign)
    assert (data["number"], data["issued_on"], data["draft"]) == (None, None, True)
    assert data["signature"]["name"] == "Võ Văn Hùng"
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: tomorrow)
    assert draft_report_data(campaign) == data  # no new PDF for each day it is downloaded


def test_office_with_its_own_series_numbers_apart(forwarded, campaign, head, office) -> None:
    office.own_register = True
    office.save()
    assert RegisterEntry.objects.filter(series="").count() == 1  # the plan: 01/KH-UBND
    report = issue_appraisal_report(actor=head, campaign=campaign)
    assert (report.entry.series, report.entry.number, report.entry.reference) == (
        "PNV",
        1,
        "01/BC-PNV",
    )


def test_only_the_head_issues_and_only_what_he_read(
    forwarded, campaign, head, appraiser, chairman
) -> None:
    for person in (appraiser, chairman):
        with pytest.raises(TransitionError) as refused:
            issue_appraisal_report(actor=person, campaign=campaign)
        assert refused.value.code == "forbidden"
    with pytest.raises(TransitionError) as stale:
        issue_appraisal_report(actor=head, campaign=campaign, seen_hash="0" * 32)
    assert stale.value.code == "stale"
    assert (
        not AppraisalReport.objects.exists()
        and not RegisterEntry.objects.filter(doc_type="BC").exists()
    )


def test_nothing_forwarded_nothing_to_issue(campaign, head, office) -> None:
    Campaign.objects.filter(pk=campaign.pk).update(appraising_unit=office)
    campaign.refresh_from_db()
    with pytest.raises(TransitionError) as refused:
        issue_appraisal_report(actor=head, campaign=campaign)
    assert refused.value.code == "incomplete"


def test_issue_page_asks_for_confirmation_then_issues(forwarded, campaign, head, client) -> None:
    client.force_login(head)
    url = reverse("appraisal:report_page", args=[campaign.pk])
    page = client.get(url)
    assert page.context["can_issue"] is True
    seen = page.context["form"]["seen_hash"].value()
    assert seen == report_draft_hash(draft_report_data(campaign))
    refused = client.post(url, {"seen_hash": seen})
    assert refused.status_code == 200
    assert "Vui lòng xác nhận đã đọc bản dự thảo" in refused.content.decode()
    assert not AppraisalReport.objects.exists()
    done = client.post(url, {"seen_hash": seen, "confirm": "on"}, follow=True)
    assert "Đã ban hành Báo cáo số 02/BC-PNV." in done.content.decode()
    assert 'data-testid="report-number">02/BC-PNV<' in done.content.decode()


@pytest.mark.parametrize("role", [Role.COUNCIL_MEMBER, Role.CHAIRMAN, Role.VICE_CHAIRMAN])
def test_council_and_leaders_read_it_once_issued(
    forwarded, campaign, head, authority, role, client
) -> None:
    reader = make_person(role, authority=authority)
    client.force_login(reader)
    url = reverse("appraisal:report", args=[campaign.pk])
    before = client.get(url)
    assert before.status_code == 404
    assert "chưa được ban hành" in before.content.decode()
    issue_appraisal_report(actor=head, campaign=campaign)
    run_jobs()
    after = client.get(url)
    assert after.status_code == 200 and after["Content-Type"] == "application/pdf"
    home = client.get(reverse("home"), follow=True)
    assert "02/BC-PNV" in home.content.decode()


def test_clerk_and_outsider_never_read_it(
    forwarded, campaign, head, clerk, other_authority, client
) -> None:
    issue_appraisal_report(actor=head, campaign=campaign)
    run_jobs()
    url = reverse("appraisal:report", args=[campaign.pk])
    client.force_login(clerk)
    refused = client.get(url)
    assert refused.status_code == 403
    assert "Báo cáo thẩm định chỉ dành cho cán bộ thẩm định" in refused.content.decode()
    client.force_login(make_person(Role.CHAIRMAN, authority=other_authority))
    assert client.get(url).status_code == 404


def test_appraiser_reads_the_draft_through_a_job(forwarded, campaign, appraiser, client) -> None:
    client.force_login(appraiser)
    response = get_pdf(client, reverse("appraisal:report", args=[campaign.pk]))
    pdf = b"".join(response.streaming_content)
    save_pages(pdf, "appraisal-report-draft")
    text = _text(pdf)
    assert "DỰ THẢO" in text and "Số: /BC-PNV" in text
    assert "ngày …… tháng …… năm ……" in text


def test_appraiser_sends_it_and_the_head_issues_it_on_his_signing_page(
    forwarded, campaign, head, appraiser, client
) -> None:
    from documents.enums import SignOffStatus
    from documents.models import SignOffRequest

    client.force_login(appraiser)
    page_url = reverse("appraisal:report_page", args=[campaign.pk])
    assert client.get(page_url).context["can_send"] is True
    sent = client.post(page_url, {"action": "send"}, follow=True)
    assert "chờ Võ Văn Hùng duyệt ký" in sent.content.decode()
    signoff = SignOffRequest.objects.get(kind="appraisal_report", object_id=str(campaign.pk))
    assert (signoff.signer, signoff.status) == (head, SignOffStatus.PENDING)
    assert signoff.preview_data["number"] is None and signoff.preview_data["draft"] is True
    assert not AppraisalReport.objects.exists()  # nothing numbered before he approves
    client.force_login(head)
    head_page = client.get(page_url).content.decode()
    assert reverse("signoff:detail", args=[signoff.pk]) in head_page
    approved = client.post(
        reverse("signoff:approve", args=[signoff.pk]), {"version": signoff.version}, follow=True
    )
    assert approved.status_code == 200
    signoff.refresh_from_db()
    report = AppraisalReport.objects.get(campaign=campaign)
    assert signoff.status == SignOffStatus.APPROVED and signoff.register_entry == report.entry
    assert report.issued_by == head and report.data["signature"]["name"] == "Võ Văn Hùng"


def test_the_text_sent_is_the_text_issued(forwarded, campaign, head, appraiser, clerk) -> None:
    from appraisal.services import send_appraisal_report_for_signature
    from documents.services import approve_signoff

    signoff = send_appraisal_report_for_signature(actor=appraiser, campaign=campaign)
    late = submitted_dossier(campaign, clerk, names=("Hồ Văn Ước",))
    receive_dossier(actor=appraiser, dossier=late)
    appraise_nominee(actor=appraiser, nominee=late.nominees.get(), verdict=NS.ELIGIBLE)
    forward_dossier(actor=appraiser, dossier=late)  # the draft changed since it was sent
    with pytest.raises(TransitionError) as stale:
        approve_signoff(actor=head, signoff=signoff)
    assert stale.value.code == "stale"
    assert not AppraisalReport.objects.exists()


def test_sending_needs_a_recorded_head(forwarded, campaign, appraiser, office) -> None:
    from appraisal.services import send_appraisal_report_for_signature

    office.head = None
    office.save()
    campaign.refresh_from_db()
    with pytest.raises(TransitionError) as refused:
        send_appraisal_report_for_signature(actor=appraiser, campaign=campaign)
    assert refused.value.code == "invalid" and "người đứng đầu" in refused.value.message
