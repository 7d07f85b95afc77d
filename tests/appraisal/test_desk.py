"""The appraiser's volume work: verdicts saved in place (htmx), "all remaining eligible", a
verdict's own reason, a changed award form shown with the original proposal, long dossiers in
pages, and constant queries whatever the number of nominees."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from appraisal.documents import appraisal_report_data
from appraisal.models import Appraisal
from appraisal.selectors import appraisal_outcomes
from appraisal.services import (
    appraise_nominee,
    appraise_remaining_eligible,
    forward_dossier,
    receive_dossier,
)
from audit.models import AuditEntry
from audit.workflow import TransitionError
from nominations.enums import DossierStatus
from nominations.enums import NomineeStatus as NS
from nominations.models import Nominee
from organizations.enums import Role
from tests.factories import (
    PASSWORD,
    UnitFactory,
    add_person,
    make_dossier,
    make_person,
    offer,
    submit,
    submitted_dossier,
)

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def desk(client, appraiser):
    client.login(username=appraiser.username, password=PASSWORD)
    return client


def _post_verdict(desk, nominee, verdict, reason="", **extra):
    url = reverse("appraisal:appraise", args=[nominee.dossier_id, nominee.pk])
    data = {f"n{nominee.pk}-verdict": verdict, f"n{nominee.pk}-reason": reason}
    data.update({f"n{nominee.pk}-{k}": v for k, v in extra.items()})
    return desk.post(url, data, **HX)


def test_htmx_verdict_without_reason_answers_the_block_with_the_error_beside_the_field(
    desk, appraiser, dossier
) -> None:
    receive_dossier(actor=appraiser, dossier=dossier)
    nominee = dossier.nominees.order_by("pk").first()
    response = _post_verdict(desk, nominee, "not_eligible", "", check_in_scope="on")
    body = response.content.decode()
    assert "<html" not in body  # a fragment, not the page
    assert body.startswith(f'<div id="appraise-{nominee.pk}"')
    reason_block = body.split('<div class="reason-field">')[1].split("</div>\n  <div")[0]
    assert "Vui lòng ghi lý do không đủ điều kiện." in reason_block
    assert f'name="n{nominee.pk}-check_in_scope" class="form-check-input" ' in body
    assert "checked" in body.split(f'name="n{nominee.pk}-check_in_scope"')[1][:80]
    nominee.refresh_from_db()
    assert nominee.status == NS.PENDING
    assert not Appraisal.objects.filter(nominee=nominee).exists()


def test_htmx_verdict_saved_answers_block_and_updates_status_out_of_band(
    desk, appraiser, dossier
) -> None:
    receive_dossier(actor=appraiser, dossier=dossier)
    nominee = dossier.nominees.order_by("pk").first()
    response = _post_verdict(desk, nominee, "eligible")
    body = response.content.decode()
    assert f"Đã ghi kết luận “Đủ điều kiện” cho {nominee.full_name}." in body
    assert (
        f'<span id="nominee-status-{nominee.pk}" class="badge text-bg-success" '
        'data-testid="nominee-status" hx-swap-oob="true">Đủ điều kiện</span>'
    ) in body
    assert 'id="dossier-status" class="badge status-badge status-under_appraisal"' in body
    assert "Còn 2 tập thể, cá nhân chưa có kết luận." in body
    # The action bar comes back with the dossier's new version (its forms stay usable).
    dossier.refresh_from_db()
    assert f'name="version" value="{dossier.version}"' in body.split('<div id="dossier-actions"')[1]
    assert dossier.status == DossierStatus.UNDER_APPRAISAL


def test_eligible_verdict_keeps_no_stale_reason(desk, appraiser, clerk, dossier) -> None:
    receive_dossier(actor=appraiser, dossier=dossier)
    nominee = dossier.nominees.order_by("pk").first()
    appraise_nominee(
        actor=appraiser, nominee=nominee, verdict="needs_correction", reason="Bổ sung minh chứng"
    )
    # The form still holds the old text when the appraiser switches to "eligible".
    _post_verdict(desk, nominee, "eligible", "Bổ sung minh chứng")
    current = Appraisal.objects.get(nominee=nominee, is_current=True)
    assert (current.verdict, current.reason) == ("eligible", "")
    assert appraisal_outcomes([nominee])[nominee.pk].note == ""
    page = desk.get(reverse("appraisal:dossier", args=[dossier.pk])).content.decode()
    block = page.split(f'<div id="appraise-{nominee.pk}"')[1].split("</form>")[0]
    assert "Bổ sung minh chứng" not in block
    # The clerk's page shows the verdict without the old reason.
    desk.logout()
    desk.login(username=clerk.username, password=PASSWORD)
    clerk_page = desk.get(reverse("nominations:detail", args=[dossier.pk])).content.decode()
    assert "Đủ điều kiện" in clerk_page
    assert "Bổ sung minh chứng" not in clerk_page


def test_changed_award_form_shows_original_to_unit_and_report_and_survives_next_verdict(
    desk, appraiser, clerk, campaign, dossier
) -> None:
    receive_dossier(actor=appraiser, dossier=dossier)
    nominee = dossier.nominees.order_by("pk").first()
    original = nominee.award_offer
    better = offer(campaign, "bk-ca-nhan")
    response = _post_verdict(
        desk,
        nominee,
        "eligible",
        award_offer=str(better.pk),
        award_change_reason="",
    )
    assert "Vui lòng ghi lý do thay đổi hình thức khen thưởng." in response.content.decode()
    _post_verdict(
        desk,
        nominee,
        "eligible",
        award_offer=str(better.pk),
        award_change_reason="Thành tích tiêu biểu cấp huyện",
        expected_appraisal_id="0",
    )
    nominee.refresh_from_db()
    assert nominee.award_offer == better
    note = appraisal_outcomes([nominee])[nominee.pk].note
    assert note == (
        f"Đổi hình thức từ “{original.award_form.name}” sang “{better.award_form.name}”: "
        "Thành tích tiêu biểu cấp huyện"
    )
    # A later verdict on the same nominee keeps the record of the change.
    appraise_nominee(actor=appraiser, nominee=nominee, verdict="eligible")
    current = Appraisal.objects.get(nominee=nominee, is_current=True)
    assert (current.award_offer_before, current.award_offer_after) == (original, better)
    assert current.award_change_reason == "Thành tích tiêu biểu cấp huyện"
    for other in dossier.nominees.exclude(pk=nominee.pk):
        appraise_nominee(actor=appraiser, nominee=other, verdict="eligible")
    forward_dossier(actor=appraiser, dossier=dossier)
    data = appraisal_report_data(campaign)
    people = [p for g in data["groups"] for f in g["forms"] for p in f["people"]]
    changed = [p for p in people if p["change"]]
    assert [(p["name"], p["change"]) for p in changed] == [
        (
            nominee.full_name,
            {"proposed": original.award_form.name, "reason": "Thành tích tiêu biểu cấp huyện"},
        )
    ]
    # The clerk sees the original proposal and the reason on his nominee's page.
    desk.logout()
    desk.login(username=clerk.username, password=PASSWORD)
    clerk_page = desk.get(
        reverse("nominations:nominee_detail", args=[dossier.pk, nominee.pk])
    ).content.decode()
    assert "Thành tích tiêu biểu cấp huyện" in clerk_page
    assert original.award_form.name in clerk_page


def test_remaining_eligible_marks_only_the_pending_ones_with_an_audit_entry_each(
    desk, appraiser, dossier
) -> None:
    receive_dossier(actor=appraiser, dossier=dossier)
    first, second, third = dossier.nominees.order_by("pk")
    appraise_nominee(actor=appraiser, nominee=first, verdict="not_eligible", reason="Chưa đủ")
    url = reverse("appraisal:appraise_remaining", args=[dossier.pk])
    body = desk.post(url, {"page": "1"}, **HX).content.decode()
    assert "Đã ghi “Đủ điều kiện” cho 2 tập thể, cá nhân còn lại." in body
    assert body.startswith('<div id="nominee-list"')
    assert "Mọi tập thể, cá nhân đã có kết luận thẩm định." in body
    assert dict(dossier.nominees.values_list("pk", "status")) == {
        first.pk: NS.NOT_ELIGIBLE,
        second.pk: NS.ELIGIBLE,
        third.pk: NS.ELIGIBLE,
    }
    current = Appraisal.objects.filter(dossier=dossier, is_current=True).order_by("nominee_id")
    assert [(a.nominee_id, a.verdict, a.appraiser_id) for a in current] == [
        (first.pk, "not_eligible", appraiser.pk),
        (second.pk, "eligible", appraiser.pk),
        (third.pk, "eligible", appraiser.pk),
    ]
    assert all(current[1].checklist.values()) and len(current[1].checklist) == 4
    entries = AuditEntry.objects.filter(action="nominee.mark_eligible").order_by("pk")
    assert [(e.target_id, e.from_state, e.to_state) for e in entries] == [
        (str(second.pk), "pending", "eligible"),
        (str(third.pk), "pending", "eligible"),
    ]
    with pytest.raises(TransitionError) as refused:
        appraise_remaining_eligible(actor=appraiser, dossier=dossier)
    assert str(refused.value) == "Không còn tập thể, cá nhân nào chờ thẩm định trong hồ sơ này."
    assert "Không còn tập thể" in desk.post(url, **HX).content.decode()


def test_remaining_eligible_refused_outside_appraisal_and_for_a_clerk(
    client, appraiser, clerk, dossier
) -> None:
    with pytest.raises(TransitionError) as refused:
        appraise_remaining_eligible(actor=appraiser, dossier=dossier)  # not received yet
    assert refused.value.code == "illegal_state"
    receive_dossier(actor=appraiser, dossier=dossier)
    client.login(username=clerk.username, password=PASSWORD)
    response = client.post(reverse("appraisal:appraise_remaining", args=[dossier.pk]), **HX)
    assert response.status_code == 403
    assert set(dossier.nominees.values_list("status", flat=True)) == {NS.PENDING}


def test_dossier_page_queries_constant_in_nominee_count_with_namesakes(
    desk, appraiser, campaign, clerk, authority, django_assert_max_num_queries
) -> None:
    birth = dt.date(1980, 1, 1)
    small = make_dossier(campaign, clerk, names=())
    add_person(small, "Đinh Văn Lũy", birth_date=birth)
    submit(small, clerk)
    receive_dossier(actor=appraiser, dossier=small)
    url = reverse("appraisal:dossier", args=[small.pk])
    with django_assert_max_num_queries(40) as one:
        desk.get(url)
    # 45 nominees, each with a namesake of the same birth date in another unit, and many
    # namesakes born on other days (the database matches them, Python never sees them).
    big = make_dossier(campaign, clerk, names=())
    people = [add_person(big, f"Nguyễn Văn Thử {i}", birth_date=birth) for i in range(45)]
    submit(big, clerk)
    receive_dossier(actor=appraiser, dossier=big)
    appraise_nominee(actor=appraiser, nominee=people[0], verdict="eligible")
    other = UnitFactory(authority=authority, name="UBND xã Ba Cung")
    theirs = make_dossier(campaign, make_person(Role.CLERK, authority=authority, unit=other))
    for i in range(20):
        add_person(theirs, f"Nguyen Van Thu {i}", birth_date=birth)
        add_person(theirs, f"Nguyen Van Thu {i}", birth_date=dt.date(1990, 1, 1))
    submit(theirs)
    url = reverse("appraisal:dossier", args=[big.pk])
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = desk.get(url)
    nominees = response.context["nominees"]
    assert [n.full_name for n in nominees] == [f"Nguyễn Văn Thử {i}" for i in range(20)]
    assert [len(n.ctx.duplicates) for n in nominees] == [1] * 20
    assert response.context["nominee_page"].paginator.count == 45
    body = response.content.decode()
    assert body.count('data-testid="appraise-form"') == 20
    assert "Tập thể, cá nhân được đề nghị (45)" in body
    last = desk.get(url, {"page": "3"})
    assert [n.number for n in last.context["nominees"]] == [41, 42, 43, 44, 45]
    assert [len(n.ctx.duplicates) for n in last.context["nominees"]] == [0] * 5


@pytest.mark.postgres
def test_a_2000_nominee_dossier_page_is_paginated_and_small(
    desk, appraiser, campaign, clerk, django_assert_max_num_queries
) -> None:
    dossier = submitted_dossier(campaign, clerk, names=("Đinh Văn Lũy",))
    receive_dossier(actor=appraiser, dossier=dossier)
    template = dossier.nominees.get()
    Nominee.objects.bulk_create(
        [
            Nominee(
                dossier=dossier,
                kind=template.kind,
                award_offer_id=template.award_offer_id,
                full_name=f"Người thử số {i}",
                name_key=f"nguoi thu so {i}",
                birth_date=template.birth_date,
                report_text="Thành tích " * 200,
                order=i + 1,
            )
            for i in range(2000)
        ]
    )
    with django_assert_max_num_queries(40):
        response = desk.get(reverse("appraisal:dossier", args=[dossier.pk]))
    assert len(response.content) < 400_000
    assert response.content.decode().count('data-testid="nominee"') == 20
    assert response.context["nominee_page"].paginator.num_pages == 101
