"""Drafting, returning, signing: the decision's services on real PostgreSQL, real renders and a
real PAdES signature (a self-signed certificate made for the session)."""

from __future__ import annotations

import io
import subprocess

import pytest
from django.db import IntegrityError, transaction
from pypdf import PdfReader

from audit.models import AuditEntry
from audit.workflow import TransitionError
from decisions import signing
from decisions.enums import DecisionPurpose, DecisionStatus, Grouping, ListOrder
from decisions.models import Decision, DecisionLine
from decisions.services import (
    draft_correction,
    draft_decisions,
    return_decision,
    sign_decisions,
    submit_decision,
    update_decision,
)
from documents.models import RegisterCounter, RegisterEntry
from nominations.enums import NomineeStatus
from nominations.models import Nominee
from notifications.models import Notification

from .conftest import SIGN_DAY_BEFORE, SIGN_DAY_OF_CHANGE

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    """The PDF's text with runs of white space (line breaks of the layout) made one space."""
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())


def signed_bytes(decision: Decision) -> bytes:
    with decision.signed_file.open("rb") as fh:
        return fh.read()


def test_draft_one_decision_per_form_puts_every_nominee_in_exactly_one(
    awardable, appraiser, chairman
) -> None:
    decisions, warnings = draft_decisions(actor=appraiser, campaign=awardable, signer=chairman)
    assert warnings == []
    assert [d.lines.count() for d in decisions] == [3, 2]
    forms = [{line.award_form.code for line in d.lines.all()} for d in decisions]
    assert forms == [{"gk-ca-nhan"}, {"gk-tap-the"}]
    lines = DecisionLine.objects.filter(decision__in=decisions)
    recommended = Nominee.objects.filter(dossier__campaign=awardable, status="recommended")
    assert sorted(lines.values_list("nominee_id", flat=True)) == sorted(
        recommended.values_list("pk", flat=True)
    )
    with pytest.raises(TransitionError, match="Không còn tập thể, cá nhân nào"):
        draft_decisions(actor=appraiser, campaign=awardable, signer=chairman)
    assert AuditEntry.objects.filter(action="decision.draft").count() == 2


def test_draft_a_nominee_cannot_sit_in_two_award_decisions(awardable, appraiser, chairman) -> None:
    (decision,), _ = draft_decisions(
        actor=appraiser, campaign=awardable, signer=chairman, grouping=Grouping.SINGLE
    )
    line = decision.lines.first()
    other = Decision.objects.create(
        authority=decision.authority, campaign=awardable, title="x", signer=chairman
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        DecisionLine.objects.create(
            decision=other,
            purpose=DecisionPurpose.AWARD,
            nominee=line.nominee,
            award_form=line.award_form,
            recipient_kind=line.recipient_kind,
            full_name=line.full_name,
            unit_name=line.unit_name,
        )


def test_draft_list_is_ordered_by_unit_then_given_name_with_register_numbers(
    awardable, appraiser, chairman
) -> None:
    (decision,), _ = draft_decisions(
        actor=appraiser, campaign=awardable, signer=chairman, grouping=Grouping.SINGLE
    )
    rows = list(decision.lines.order_by("order").values_list("register_number", "full_name"))
    # Collectives first (I. TẬP THỂ), then individuals; by unit (Trường THCS Ba Tơ before
    # UBND xã Ba Bích: T < U), then by given name in Vietnamese order (Anh < Ân < Bình).
    assert rows == [
        (1, "Tổ Toán - Tin"),
        (2, "Thôn Gò Ghềnh"),
        (3, "Nguyễn Thị Anh"),
        (4, "Đinh Thị Ân"),
        (5, "Phạm Văn Bình"),
    ]
    update_decision(
        actor=appraiser,
        decision=decision,
        expected_version=decision.version,
        data={"list_order": ListOrder.NAME},
    )
    rows = list(decision.lines.order_by("order").values_list("register_number", "full_name"))
    assert [name for _n, name in rows] == [
        "Thôn Gò Ghềnh",  # Ghềnh < Tin (given name of a collective: its last word too)
        "Tổ Toán - Tin",
        "Nguyễn Thị Anh",
        "Đinh Thị Ân",
        "Phạm Văn Bình",
    ]


def test_draft_refuses_a_signer_who_is_not_chairman_or_vice(awardable, appraiser) -> None:
    with pytest.raises(TransitionError) as refused:
        draft_decisions(actor=appraiser, campaign=awardable, signer=appraiser)
    assert refused.value.errors == {"signer": ["Chọn Chủ tịch hoặc một Phó Chủ tịch."]}
    assert not Decision.objects.exists()


def test_draft_same_person_twice_gets_the_highest_prize_only_with_a_warning(
    awardable, appraiser, chairman, settings
) -> None:
    from decisions.models import PrizeCoefficient
    from tests.factories import UnitFactory, clerk_of, offer, recommended_dossier

    twin = Nominee.objects.get(full_name="Phạm Văn Bình")
    higher = offer(awardable, "bk-ca-nhan")
    PrizeCoefficient.objects.filter(
        award_form=higher.award_form, recipient_kind="individual"
    ).update(coefficient="1.0")
    # The same person (name and birth date), proposed by another unit for a higher form.
    unit = UnitFactory(authority=awardable.authority, name="Hội Nông dân xã")
    recommended_dossier(
        awardable,
        clerk_of(unit),
        names=(),
        people=(("Phạm Văn Bình", {"birth_date": twin.birth_date, "award_offer": higher}),),
    )
    decisions, warnings = draft_decisions(
        actor=appraiser, campaign=awardable, signer=chairman, grouping=Grouping.SINGLE
    )
    assert warnings == [
        "Phạm Văn Bình được đề nghị nhiều hình thức cho cùng thành tích: chỉ hưởng mức tiền "
        "thưởng cao nhất."
    ]
    lines = decisions[0].lines.filter(full_name="Phạm Văn Bình").order_by("amount")
    # Priced on the drafting day (after 01/7/2026: 2,530,000): 0.3 → 759,000 → 760,000, not
    # paid; 1.0 → 2,530,000, paid.
    assert [(line.amount, line.paid, line.note) for line in lines] == [
        (760_000, False, "Hưởng mức tiền thưởng cao nhất"),
        (2_530_000, True, ""),
    ]


def test_return_from_the_signing_page_needs_a_reason_and_the_drafter_sees_it(
    awardable, appraiser, chairman
) -> None:
    from documents.services import pending_signoff, return_signoff

    (decision,), _ = draft_decisions(
        actor=appraiser, campaign=awardable, signer=chairman, grouping=Grouping.SINGLE
    )
    submit_decision(actor=appraiser, decision=decision)
    signoff = pending_signoff(kind="decision", object_id=decision.pk)
    assert (signoff.signer, signoff.signer_form, signoff.preview_kind) == (
        chairman, "direct", "decision",
    )  # fmt: skip
    assert signoff.preview_data["number"] is None and signoff.preview_data["draft"] is True
    with pytest.raises(TransitionError) as refused:
        return_signoff(actor=chairman, signoff=signoff, reason="  ")
    assert refused.value.errors == {"reason": ["Vui lòng ghi lý do trả lại."]}
    return_signoff(actor=chairman, signoff=signoff, reason="Sửa trích yếu cho gọn.")
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.RETURNED
    assert decision.return_comment == "Sửa trích yếu cho gọn."
    note = Notification.objects.get(verb="decision.returned")
    assert (note.recipient, note.body) == (appraiser, "Sửa trích yếu cho gọn.")
    # The drafter revises and submits again: a new request waits for the signer.
    update_decision(
        actor=appraiser,
        decision=decision,
        expected_version=decision.version,
        data={"title": "Về việc tặng Giấy khen"},
    )
    submit_decision(actor=appraiser, decision=decision)
    decision.refresh_from_db()
    assert (decision.status, decision.title) == (DecisionStatus.SUBMITTED, "Về việc tặng Giấy khen")
    assert pending_signoff(kind="decision", object_id=decision.pk).title == "Về việc tặng Giấy khen"
    with pytest.raises(TransitionError) as refused:
        return_decision(actor=chairman, decision=decision, comment="")
    assert refused.value.errors == {"comment": ["Bắt buộc."]}


@pytest.mark.postgres
def test_approval_on_the_signing_page_signs_through_the_worker(
    awardable, appraiser, signer_with_certificate, eager_tasks, django_capture_on_commit_callbacks
) -> None:
    from documents.services import approve_signoff, pending_signoff

    chairman = signer_with_certificate
    (decision,), _ = draft_decisions(
        actor=appraiser, campaign=awardable, signer=chairman, grouping=Grouping.SINGLE
    )
    submit_decision(actor=appraiser, decision=decision)
    signoff = pending_signoff(kind="decision", object_id=decision.pk)
    with django_capture_on_commit_callbacks(execute=True):
        approve_signoff(actor=chairman, signoff=signoff)
    decision.refresh_from_db()
    signoff.refresh_from_db()
    assert decision.status == DecisionStatus.SIGNED and decision.signature_source == "app"
    assert (signoff.status, signoff.register_entry) == ("approved", decision.register_entry)


def test_only_the_named_signer_may_sign(awardable, appraiser, chairman, vice_chairman) -> None:
    (decision,), _ = draft_decisions(
        actor=appraiser, campaign=awardable, signer=vice_chairman, grouping=Grouping.SINGLE
    )
    submit_decision(actor=appraiser, decision=decision)
    for actor in (appraiser, chairman):
        with pytest.raises(TransitionError) as refused:
            sign_decisions(actor=actor, decisions=[decision], day=SIGN_DAY_BEFORE)
        assert refused.value.code == "forbidden"
    assert not RegisterEntry.objects.filter(target_kind="decision").exists()


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("day", "collective", "individual", "total", "words"),
    [
        # 0.6 × 2,340,000 = 1,404,000 → 1,410,000; 0.3 × 2,340,000 = 702,000 → 710,000
        (SIGN_DAY_BEFORE, "1.410.000", "710.000", "4.950.000", "Bốn triệu chín trăm năm mươi"),
        # 0.6 × 2,530,000 = 1,518,000 → 1,520,000; 0.3 × 2,530,000 = 759,000 → 760,000
        (SIGN_DAY_OF_CHANGE, "1.520.000", "760.000", "5.320.000", "Năm triệu ba trăm hai mươi"),
    ],
)
def test_sign_prices_numbers_renders_signs_and_awards(
    awardable, appraiser, signer_with_certificate, artifacts_dir, day, collective, individual,
    total, words,
) -> None:  # fmt: skip
    chairman = signer_with_certificate
    (decision,), _ = draft_decisions(
        actor=appraiser, campaign=awardable, signer=chairman, grouping=Grouping.SINGLE
    )
    submit_decision(actor=appraiser, decision=decision)
    (signed,) = sign_decisions(actor=chairman, decisions=[decision], day=day)
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.SIGNED
    # One shared series: the plan took the number before.
    number = awardable.number + 1
    assert (decision.number, decision.signed_on) == (number, day)
    assert decision.register_entry.reference == f"{number:02d}/QĐ-UBND"
    content = signed_bytes(decision)
    text = pdf_text(content)
    assert f"Số: {number:02d}/QĐ-UBND" in text
    assert f"Ba Tơ, ngày {day.day:02d} tháng {day.month} năm {day.year}" in text
    assert "QUYẾT ĐỊNH:" in text
    assert "cho 02 tập thể và 03 cá nhân (có danh sách kèm theo)" in text
    assert f"mỗi tập thể {collective} đồng" in text and f"mỗi cá nhân {individual} đồng" in text
    assert f"Tổng số tiền thưởng: {total} đồng ({words} nghìn đồng)" in text
    assert "I. TẬP THỂ" in text and "II. CÁ NHÂN" in text
    for name in (
        "Tổ Toán - Tin",
        "Thôn Gò Ghềnh",
        "Nguyễn Thị Anh",
        "Đinh Thị Ân",
        "Phạm Văn Bình",
    ):
        assert text.count(name) == 1, name
    assert "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15/6/2022;" in text
    assert "Nghị định số 152/2025/NĐ-CP" in text and "98/2023" not in text
    assert "CHỦ TỊCH Phạm Xuân Vinh" in text and "KT. CHỦ TỊCH" not in text
    # A real signature by the configured certificate over the whole file.
    report = signing.validate(content, certificate=signing.signer_certificate(chairman))
    assert (report.intact, report.valid, report.trusted, report.entire_file) == (
        True, True, True, True,
    )  # fmt: skip
    # The signed file is the issued PDF plus the signature (an incremental update).
    issued = decision.register_entry.document
    with issued.file.open("rb") as fh:
        assert content.startswith(fh.read())
    assert Nominee.objects.filter(dossier__campaign=awardable, status="awarded").count() == 5
    assert AuditEntry.objects.filter(action="decision.sign", to_state="signed").count() == 1
    assert AuditEntry.objects.filter(action="nominee.award").count() == 5
    assert signed.signature_source == "app"
    (artifacts_dir / f"quyet-dinh-{day.isoformat()}.pdf").write_bytes(content)


@pytest.mark.postgres
def test_sign_pdfsig_agrees(awardable, appraiser, signer_with_certificate, tmp_path) -> None:
    chairman = signer_with_certificate
    decisions, _ = draft_decisions(actor=appraiser, campaign=awardable, signer=chairman)
    for d in decisions:
        submit_decision(actor=appraiser, decision=d)
    sign_decisions(actor=chairman, decisions=decisions, day=SIGN_DAY_BEFORE)
    first = awardable.number + 1
    numbers = sorted(Decision.objects.values_list("number", flat=True))
    assert numbers == [first, first + 1]
    path = tmp_path / "qd.pdf"
    path.write_bytes(signed_bytes(Decision.objects.get(number=first)))
    out = subprocess.run(
        ["pdfsig", str(path)], capture_output=True, text=True, check=False, timeout=30
    ).stdout
    assert "Signature #1" in out
    assert "Signature Validation: Signature is Valid." in out
    assert "Signer Certificate Common Name: Phạm Xuân Vinh" in out
    assert "The signature form field is signed" in out or "Total document signed" in out


@pytest.mark.postgres
def test_sign_that_fails_half_way_consumes_no_number_and_signs_nothing(
    awardable, appraiser, signer_with_certificate, monkeypatch
) -> None:
    chairman = signer_with_certificate
    decisions, _ = draft_decisions(actor=appraiser, campaign=awardable, signer=chairman)
    for d in decisions:
        submit_decision(actor=appraiser, decision=d)
    calls = []

    def broken_render(*, template_name, data):
        calls.append(data["number"])
        if len(calls) == 2:
            raise RuntimeError("WeasyPrint died")
        from documents.rendering import render_pdf

        return render_pdf(template_name=template_name, data=data)

    monkeypatch.setattr("documents.services.render_pdf", broken_render)
    with pytest.raises(RuntimeError, match="WeasyPrint died"):
        sign_decisions(actor=chairman, decisions=decisions, day=SIGN_DAY_BEFORE)
    first = awardable.number + 1
    # The first was numbered, rendered and signed, the second raised while rendering.
    assert calls == [first, first + 1]
    assert not RegisterEntry.objects.filter(target_kind="decision").exists()
    assert list(RegisterCounter.objects.values_list("last_number", flat=True)) == [awardable.number]
    assert sorted(Decision.objects.values_list("status", "number")) == [
        ("submitted", None),
        ("submitted", None),
    ]
    assert not Nominee.objects.filter(status="awarded").exists()
    assert not AuditEntry.objects.filter(action="decision.sign").exists()
    # Fixed, the same sign-off takes numbers 1 and 2.
    monkeypatch.undo()
    sign_decisions(actor=chairman, decisions=decisions, day=SIGN_DAY_BEFORE)
    assert sorted(Decision.objects.values_list("number", flat=True)) == [first, first + 1]


@pytest.mark.postgres
def test_vice_chairman_signs_kt_chu_tich(
    awardable, appraiser, vice_chairman, cert_dir, chairman_p12
) -> None:
    from .conftest import PASSPHRASE

    (cert_dir / f"{vice_chairman.username}.p12").write_bytes(chairman_p12)
    (cert_dir / f"{vice_chairman.username}.pass").write_text(PASSPHRASE.decode())
    (decision,), _ = draft_decisions(
        actor=appraiser, campaign=awardable, signer=vice_chairman, grouping=Grouping.SINGLE
    )
    submit_decision(actor=appraiser, decision=decision)
    sign_decisions(actor=vice_chairman, decisions=[decision], day=SIGN_DAY_BEFORE)
    decision.refresh_from_db()
    text = pdf_text(signed_bytes(decision))
    assert "KT. CHỦ TỊCH PHÓ CHỦ TỊCH" in text
    assert "Đinh Thị Mai" in text


@pytest.mark.postgres
def test_revoking_decision_keeps_both_links_and_revokes_the_awards(
    awardable, appraiser, signer_with_certificate
) -> None:
    chairman = signer_with_certificate
    (decision,), _ = draft_decisions(
        actor=appraiser, campaign=awardable, signer=chairman, grouping=Grouping.SINGLE
    )
    submit_decision(actor=appraiser, decision=decision)
    sign_decisions(actor=chairman, decisions=[decision], day=SIGN_DAY_BEFORE)
    decision.refresh_from_db()
    wrong = decision.lines.get(full_name="Phạm Văn Bình")
    revoking = draft_correction(
        actor=appraiser,
        target=decision,
        purpose=DecisionPurpose.REVOKE,
        signer=chairman,
        lines=[wrong],
    )
    assert revoking.target == decision and list(decision.corrections.all()) == [revoking]
    submit_decision(actor=appraiser, decision=revoking)
    sign_decisions(actor=chairman, decisions=[revoking], day=SIGN_DAY_BEFORE)
    decision.refresh_from_db()
    revoking.refresh_from_db()
    assert (revoking.status, revoking.number) == (DecisionStatus.SIGNED, decision.number + 1)
    assert decision.status == DecisionStatus.AMENDED  # four awards stand
    assert Nominee.objects.get(pk=wrong.nominee_id).status == NomineeStatus.REVOKED
    text = pdf_text(signed_bytes(revoking))
    assert f"Hủy bỏ việc khen thưởng tại Quyết định số {decision.reference} ngày 30/6/2026" in text
    assert "Thu hồi Giấy khen và số tiền thưởng đã nhận: 710.000 đồng" in text
    # The unit's clerk sees the award as revoked.
    from nominations.outcomes import outcomes_for

    outcome = outcomes_for([Nominee.objects.get(pk=wrong.nominee_id)])[wrong.nominee_id][-1]
    assert (outcome.result, outcome.note) == (
        "Đã hủy khen thưởng",
        f"Quyết định số {revoking.reference} ngày 30/06/2026",
    )


@pytest.mark.postgres
def test_failed_worker_signoff_shows_the_error_and_the_signer_signs_again(
    client, awardable, appraiser, signer_with_certificate, eager_tasks, monkeypatch,
    django_capture_on_commit_callbacks,
) -> None:  # fmt: skip
    from django.urls import reverse

    from documents.services import approve_signoff, pending_signoff

    chairman = signer_with_certificate
    (decision,), _ = draft_decisions(
        actor=appraiser, campaign=awardable, signer=chairman, grouping=Grouping.SINGLE
    )
    submit_decision(actor=appraiser, decision=decision)

    def broken(**kwargs):
        raise RuntimeError("WeasyPrint died")

    monkeypatch.setattr("documents.services.render_pdf", broken)
    # The worker's task fails (the outbox records it); the approval itself stands.
    with django_capture_on_commit_callbacks(execute=True):
        approve_signoff(
            actor=chairman, signoff=pending_signoff(kind="decision", object_id=decision.pk)
        )
    decision.refresh_from_db()
    assert (decision.status, decision.number) == (DecisionStatus.SUBMITTED, None)
    assert decision.signing_error == "Lỗi khi ký: RuntimeError"
    monkeypatch.undo()
    client.force_login(chairman)
    page = client.get(reverse("decisions:detail", args=[decision.pk])).content.decode()
    assert "Lỗi khi ký: RuntimeError" in page and 'data-testid="sign"' in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("decisions:sign", args=[decision.pk]))
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.SIGNED and decision.signing_error == ""
