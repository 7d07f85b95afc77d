from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from appraisal.services import (
    appraise_nominee,
    forward_dossier,
    receive_dossier,
    return_dossier,
)
from nominations.enums import NomineeStatus as NS
from nominations.models import Dossier, Nominee
from organizations.enums import Role
from organizations.models import UnitKind
from tests.documents.jobs import get_pdf
from tests.factories import (
    PASSWORD,
    UnitFactory,
    add_pdf,
    make_dossier,
    make_person,
    resubmit,
    submit,
    submitted_dossier,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(client, appraiser):
    client.login(username=appraiser.username, password=PASSWORD)
    return client


def _rows(response) -> list[str]:
    return [d.unit.name for d in response.context["page"].object_list]


def test_inbox_search_ignores_accents(desk, campaign, clerk, authority) -> None:
    other = UnitFactory(authority=authority, name="UBND xã Ba Cung")
    other_clerk = make_person(Role.CLERK, authority=authority, unit=other)
    submitted_dossier(campaign, clerk, names=("Nguyễn Văn Đức",))
    submitted_dossier(campaign, other_clerk, names=("Đinh Thị Mai",))
    url = reverse("appraisal:inbox")
    assert _rows(desk.get(url, {"q": "nguyen van"})) == [clerk.unit.name]
    assert _rows(desk.get(url, {"q": "NGUYEN VAN DUC"})) == [clerk.unit.name]
    assert _rows(desk.get(url, {"q": "dinh thi"})) == ["UBND xã Ba Cung"]
    assert _rows(desk.get(url, {"q": "ba cung"})) == ["UBND xã Ba Cung"]
    assert _rows(desk.get(url, {"q": "khong ai"})) == []


def test_inbox_filters_and_counts(desk, campaign, clerk, appraiser, authority) -> None:
    school = UnitFactory(
        authority=authority, name="Trường DTNT", kind=UnitKind.objects.get(code="school")
    )
    school_clerk = make_person(Role.CLERK, authority=authority, unit=school)
    a = submitted_dossier(campaign, clerk)
    b = submitted_dossier(campaign, school_clerk)
    make_dossier(campaign, clerk)  # a draft: never in the inbox
    receive_dossier(actor=appraiser, dossier=a)
    url = reverse("appraisal:inbox")
    response = desk.get(url)
    assert response.context["total"] == 2
    tabs = {value: count for value, _l, count, _q in response.context["status_tabs"]}
    assert tabs["received"] == 1
    assert tabs["submitted"] == 1
    assert _rows(desk.get(url, {"status": "received"})) == [clerk.unit.name]
    assert _rows(desk.get(url, {"unit_kind": school.kind.pk})) == ["Trường DTNT"]
    assert _rows(desk.get(url, {"unit": school.pk})) == ["Trường DTNT"]
    assert _rows(desk.get(url, {"q": a.incoming_number})) == [clerk.unit.name]
    # Overdue: only dossiers whose clock runs and whose due date passed.
    Dossier.objects.filter(pk=a.pk).update(due_date=timezone.localdate() - dt.timedelta(days=1))
    overdue = desk.get(url, {"due": "overdue"})
    assert _rows(overdue) == [clerk.unit.name]
    assert 'data-due="overdue"' in overdue.content.decode()
    assert b.pk not in [d.pk for d in overdue.context["page"].object_list]


def test_inbox_sort_by_due_date(desk, campaign, clerk, appraiser) -> None:
    first = submitted_dossier(campaign, clerk)
    second = submitted_dossier(campaign, clerk)
    receive_dossier(actor=appraiser, dossier=first)
    receive_dossier(actor=appraiser, dossier=second)
    Dossier.objects.filter(pk=second.pk).update(due_date=timezone.localdate())
    rows = desk.get(reverse("appraisal:inbox"), {"sort": "due"}).context["page"].object_list
    assert [d.pk for d in rows] == [second.pk, first.pk]


def test_inbox_query_count_one_and_many(
    desk, campaign, clerk, authority, django_assert_max_num_queries
) -> None:
    submitted_dossier(campaign, clerk, names=("Nguyễn Văn A",))
    url = reverse("appraisal:inbox")
    with django_assert_max_num_queries(16) as one:
        assert desk.get(url, {"q": "nguyen van"}).context["page"].paginator.count == 1
    for i in range(30):
        unit = UnitFactory(authority=authority)
        unit_clerk = make_person(Role.CLERK, authority=authority, unit=unit)
        submitted_dossier(campaign, unit_clerk, names=(f"Nguyễn Văn {i}", "Lê Thị B"))
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = desk.get(url, {"q": "nguyen van"})
    assert response.context["page"].paginator.count == 31


def test_dossier_page_query_count_one_and_many(
    desk, campaign, clerk, django_assert_max_num_queries
) -> None:
    small = submitted_dossier(campaign, clerk, names=("Nguyễn Văn A",))
    with django_assert_max_num_queries(30) as one:
        desk.get(reverse("appraisal:dossier", args=[small.pk]))
    big = make_dossier(campaign, clerk, names=tuple(f"Người số {i}" for i in range(40)))
    for nominee in big.nominees.all()[:5]:
        add_pdf(big, nominee=nominee)
    submit(big, clerk)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = desk.get(reverse("appraisal:dossier", args=[big.pk]))
    assert len(response.context["nominees"]) == 20  # a page; the others on pages 2
    assert response.context["nominee_page"].paginator.count == 40


def test_dossier_page_previews_pdf_attachment_through_protected_view(
    desk, client, campaign, clerk, other_authority
) -> None:
    dossier = make_dossier(campaign, clerk)
    pdf = add_pdf(dossier, nominee=dossier.nominees.first(), name="bang-diem.pdf")
    submit(dossier, clerk)
    page = desk.get(reverse("appraisal:dossier", args=[dossier.pk])).content.decode()
    url = reverse("appraisal:attachment", args=[pdf.pk])
    assert f'<iframe class="preview-frame" src="{url}"' in page
    response = desk.get(url)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    outsider = make_person(Role.APPRAISER, authority=other_authority)
    client.logout()
    client.login(username=outsider.username, password=PASSWORD)
    assert client.get(url).status_code == 404


def test_appraise_form_errors_keep_input(desk, appraiser, dossier) -> None:
    receive_dossier(actor=appraiser, dossier=dossier)
    nominee = dossier.nominees.first()
    url = reverse("appraisal:appraise", args=[dossier.pk, nominee.pk])
    response = desk.post(
        url,
        {
            f"n{nominee.pk}-verdict": "not_eligible",
            f"n{nominee.pk}-reason": "",
            f"n{nominee.pk}-check_in_scope": "on",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Vui lòng ghi lý do không đủ điều kiện." in body
    assert (
        f'<input type="checkbox" name="n{nominee.pk}-check_in_scope" class="form-check-input" '
        f'id="id_n{nominee.pk}-check_in_scope" checked>'
    ) in body
    assert (
        f'<input type="radio" name="n{nominee.pk}-verdict" value="not_eligible" '
        f'class="form-check-input" id="id_n{nominee.pk}-verdict_1" required checked>'
    ) in body
    nominee.refresh_from_db()
    assert nominee.status == NS.PENDING


def test_dossier_page_shows_changes_since_return(desk, appraiser, clerk, dossier) -> None:
    receive_dossier(actor=appraiser, dossier=dossier)
    hoa = dossier.nominees.get(full_name="Phạm Thị Hoa")
    appraise_nominee(actor=appraiser, nominee=hoa, verdict=NS.NEEDS_CORRECTION, reason="Số liệu")
    return_dossier(
        actor=appraiser, dossier=dossier, reason="", correction_deadline=timezone.localdate()
    )
    Nominee.objects.filter(pk=hoa.pk).update(achievement_summary="Vận động 30 hộ thoát nghèo")
    add_pdf(dossier, nominee=hoa, name="xac-nhan.pdf")
    resubmit(dossier, clerk)
    response = desk.get(reverse("appraisal:dossier", args=[dossier.pk]))
    changes = response.context["changes"]
    assert [(s.change.scope, s.change.label, s.field_label, s.change.kind) for s in changes] == [
        ("nominee", "Phạm Thị Hoa", "tóm tắt thành tích", "changed"),
        ("attachment", "xac-nhan.pdf", "", "added"),
    ]
    body = response.content.decode()
    assert "Vận động 30 hộ thoát nghèo" in body
    assert 'data-testid="changes"' in body


def test_timeline_lists_every_step_once(desk, appraiser, clerk, dossier) -> None:
    receive_dossier(actor=appraiser, dossier=dossier)
    for nominee in dossier.nominees.all():
        appraise_nominee(actor=appraiser, nominee=nominee, verdict=NS.ELIGIBLE)
    forward_dossier(actor=appraiser, dossier=dossier)
    response = desk.get(reverse("appraisal:timeline", args=[dossier.pk]))
    actions = [e.action for e in response.context["timeline"]]
    assert actions == [
        "dossier.create",
        "dossier.update",
        "dossier.letter_file",
        "nominee.add",
        "nominee.add",
        "nominee.add",
        "dossier.submit",
        "dossier.receive",
        "dossier.start_appraisal",
        "nominee.mark_eligible",
        "nominee.mark_eligible",
        "nominee.mark_eligible",
        "dossier.forward",
    ]


def test_appraiser_home_summary_counts(
    desk, campaign, clerk, appraiser, authority, django_assert_max_num_queries
) -> None:
    first = submitted_dossier(campaign, clerk)
    with django_assert_max_num_queries(20) as one:
        desk.get(reverse("home_appraiser"))
    receive_dossier(actor=appraiser, dossier=first)
    Dossier.objects.filter(pk=first.pk).update(due_date=timezone.localdate())
    for _ in range(12):
        submitted_dossier(campaign, make_person(Role.CLERK, authority=authority))
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = desk.get(reverse("home_appraiser"))
    body = response.content.decode()
    assert '<div class="display-6" data-testid="summary-waiting">12</div>' in body
    assert '<div class="display-6" data-testid="summary-in-progress">1</div>' in body
    assert '<div class="display-6 text-danger" data-testid="summary-urgent">1</div>' in body


def test_dossier_page_warns_of_duplicate_from_another_unit(
    desk, campaign, clerk, authority
) -> None:
    birth = dt.date(1979, 5, 6)
    other = UnitFactory(authority=authority, name="UBND xã Ba Cung")
    other_clerk = make_person(Role.CLERK, authority=authority, unit=other)
    mine = make_dossier(campaign, clerk, names=())
    from tests.factories import add_person

    add_person(mine, "Phạm Văn Xê", birth_date=birth)
    submit(mine, clerk)
    theirs = make_dossier(campaign, other_clerk, names=())
    add_person(theirs, "Pham Van Xe", birth_date=birth)
    submit(theirs, other_clerk)
    body = desk.get(reverse("appraisal:dossier", args=[mine.pk])).content.decode()
    assert (
        "Có thể trùng: UBND xã Ba Cung cũng đề nghị người cùng họ tên, ngày sinh trong kế hoạch này."
        in body
    )


def test_appraiser_prints_a_nominee_achievement_report(client, appraiser, dossier) -> None:
    import io

    from pypdf import PdfReader

    nominee = dossier.nominees.order_by("pk").first()
    client.force_login(appraiser)
    page = client.get(reverse("appraisal:dossier", args=[dossier.pk])).content.decode()
    url = reverse("nominations:nominee_report_pdf", args=[dossier.pk, nominee.pk])
    assert url in page
    response = get_pdf(client, url)
    assert response["Content-Type"] == "application/pdf"
    pdf = b"".join(response.streaming_content)
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "BÁO CÁO THÀNH TÍCH" in text
    assert nominee.full_name in text
