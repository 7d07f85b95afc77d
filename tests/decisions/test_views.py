"""The drafter's and the signer's pages: thin views over the services, errors next to the field,
scoped to the authority, constant query counts."""

from __future__ import annotations

import pytest
from django.urls import reverse

from decisions.enums import DecisionStatus, Grouping
from decisions.models import Decision
from decisions.services import draft_decisions, submit_decision
from organizations.enums import Role
from tests.factories import clerk_of, make_person, staff

pytestmark = pytest.mark.django_db


def test_draft_page_lists_the_awardable_and_drafts_per_form(client, awardable, appraiser, chairman):
    client.force_login(appraiser)
    url = reverse("decisions:draft", args=[awardable.pk])
    page = client.get(url).content.decode()
    for name in (
        "Tổ Toán - Tin",
        "Thôn Gò Ghềnh",
        "Nguyễn Thị Anh",
        "Đinh Thị Ân",
        "Phạm Văn Bình",
    ):
        assert name in page
    response = client.post(
        url,
        {"signer": chairman.pk, "grouping": Grouping.PER_FORM, "list_order": "unit_name",
         "proposal_text": "Xét đề nghị của Trưởng phòng Nội vụ.", "extra_bases": ""},
        follow=True,
    )  # fmt: skip
    assert Decision.objects.count() == 2
    assert "Đã lập 2 dự thảo quyết định." in response.content.decode()
    first = Decision.objects.order_by("pk").first()
    assert response.redirect_chain[-1][0] == reverse("decisions:detail", args=[first.pk])


def test_draft_page_keeps_the_input_and_shows_the_error_by_the_field(
    client, awardable, appraiser
) -> None:
    client.force_login(appraiser)
    url = reverse("decisions:draft", args=[awardable.pk])
    response = client.post(
        url, {"signer": "999999", "grouping": "per_form", "list_order": "name",
              "proposal_text": "Xét đề nghị giữ nguyên"},
    )  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 200
    assert "Xét đề nghị giữ nguyên" in html
    assert "Hãy chọn một lựa chọn hợp lệ" in html or "Select a valid choice" in html
    assert not Decision.objects.exists()


def test_detail_is_scoped_to_the_authority_staff(
    client, awardable, appraiser, chairman, other_authority
) -> None:
    (decision,), _ = draft_decisions(
        actor=appraiser, campaign=awardable, signer=chairman, grouping=Grouping.SINGLE
    )
    url = reverse("decisions:detail", args=[decision.pk])
    answers = {}
    people = {
        "appraiser": appraiser,
        "chairman": chairman,
        "clerk": clerk_of(decision.lines.first().nominee.dossier.unit),
        "outsider": staff(other_authority, Role.APPRAISER),
        "council": make_person(Role.COUNCIL_MEMBER, authority=awardable.authority),
    }
    for who, person in people.items():
        client.force_login(person)
        answers[who] = client.get(url).status_code
    assert answers == {"appraiser": 200, "chairman": 200, "clerk": 404, "outsider": 404,
                       "council": 404}  # fmt: skip


@pytest.mark.postgres
def test_sign_button_signs_through_the_worker_task(
    client, awardable, appraiser, signer_with_certificate, eager_tasks,
    django_capture_on_commit_callbacks,
) -> None:  # fmt: skip
    chairman = signer_with_certificate
    (decision,), _ = draft_decisions(
        actor=appraiser, campaign=awardable, signer=chairman, grouping=Grouping.SINGLE
    )
    client.force_login(appraiser)
    client.post(reverse("decisions:submit", args=[decision.pk]))
    client.force_login(chairman)
    page = client.get(reverse("decisions:detail", args=[decision.pk])).content.decode()
    assert 'data-testid="sign"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("decisions:sign", args=[decision.pk]), follow=True)
    assert "Đang cấp số, tạo bản PDF và ký số quyết định." in response.content.decode()
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.SIGNED
    pdf = client.get(reverse("decisions:pdf", args=[decision.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")


def test_return_without_comment_is_refused_with_a_message(
    client, awardable, appraiser, chairman
) -> None:
    (decision,), _ = draft_decisions(
        actor=appraiser, campaign=awardable, signer=chairman, grouping=Grouping.SINGLE
    )
    submit_decision(actor=appraiser, decision=decision)
    client.force_login(chairman)
    response = client.post(reverse("decisions:return", args=[decision.pk]), {"comment": ""},
                           follow=True)  # fmt: skip
    assert "Vui lòng ghi ý kiến để người soạn chỉnh sửa." in response.content.decode()
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.SUBMITTED


def test_upload_of_a_non_pdf_is_refused_with_a_message(
    client, awardable, appraiser, chairman
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    (decision,), _ = draft_decisions(
        actor=appraiser, campaign=awardable, signer=chairman, grouping=Grouping.SINGLE
    )
    submit_decision(actor=appraiser, decision=decision)
    client.force_login(chairman)
    response = client.post(
        reverse("decisions:upload_signed", args=[decision.pk]),
        {"file": SimpleUploadedFile("qd.pdf", b"not a pdf", content_type="application/pdf")},
        follow=True,
    )
    assert "Tệp tải lên không phải tệp PDF." in response.content.decode()
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.SUBMITTED


def test_list_and_detail_queries_do_not_grow_with_the_rows(
    client, awardable, appraiser, chairman, django_assert_max_num_queries
) -> None:
    client.force_login(appraiser)
    decisions, _ = draft_decisions(actor=appraiser, campaign=awardable, signer=chairman)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("decisions:list"))
    assert page.content.decode().count('href="/quyet-dinh/') >= 2
    with django_assert_max_num_queries(14):
        page = client.get(reverse("decisions:detail", args=[decisions[0].pk]))
    assert page.content.decode().count("<tr><td>") == 3
    # Many more rows: the same ceilings.
    from tests.factories import UnitFactory, recommended_dossier

    unit = UnitFactory(authority=awardable.authority, name="Trường Mầm non Ba Tơ")
    recommended_dossier(awardable, clerk_of(unit), names=[f"Lê Văn Số {i}" for i in range(12)])
    more, _ = draft_decisions(actor=appraiser, campaign=awardable, signer=chairman,
                              grouping=Grouping.SINGLE)  # fmt: skip
    with django_assert_max_num_queries(12):
        page = client.get(reverse("decisions:list"))
    assert page.content.decode().count('href="/quyet-dinh/') >= 3
    with django_assert_max_num_queries(14):
        page = client.get(reverse("decisions:detail", args=[more[0].pk]))
    assert page.content.decode().count("<tr><td>") == 12


HOSTILE = ["\x00", "x" * 100_000, "<script>alert(1)</script>", "' OR 1=1 --", "-1", "９９"]


def test_decision_pages_survive_hostile_input(client, awardable, appraiser, chairman) -> None:
    (decision,), _ = draft_decisions(
        actor=appraiser, campaign=awardable, signer=chairman, grouping=Grouping.SINGLE
    )
    client.force_login(appraiser)
    for value in HOSTILE:
        for field in ("signer", "grouping", "list_order", "proposal_text", "extra_bases"):
            data = {"signer": chairman.pk, "grouping": "single", "list_order": "name",
                    field: value}  # fmt: skip
            response = client.post(reverse("decisions:draft", args=[awardable.pk]), data)
            assert response.status_code in (200, 302), (field, value[:10])
        for field in ("title", "signer", "version", "recipients_text", "list_order"):
            data = {"title": "T", "signer": chairman.pk, "list_order": "name",
                    "version": decision.version, field: value}  # fmt: skip
            response = client.post(reverse("decisions:edit", args=[decision.pk]), data)
            assert response.status_code in (200, 302), (field, value[:10])
    client.force_login(chairman)
    for value in HOSTILE:
        response = client.post(reverse("decisions:return", args=[decision.pk]), {"comment": value})
        assert response.status_code == 302
    for url in ("decisions:detail", "decisions:pdf", "decisions:edit", "decisions:correct"):
        assert client.get(reverse(url, args=[2_147_483_647])).status_code == 404
    assert client.get("/quyet-dinh/99999999999999999999/").status_code == 404
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.DRAFT
    assert "\x00" not in decision.title and "<script>" not in decision.title
