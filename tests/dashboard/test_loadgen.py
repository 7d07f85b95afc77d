"""generate_load_data at a small size: counts, consistency of the states, a clear refusal the
second time, and the generated world served by the pages with a query count that does not grow."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from appraisal.models import Appraisal
from council.enums import SessionStatus
from council.models import AgendaItem, Ballot, CouncilSession, ItemResult, VoteReceipt
from dashboard.loadgen import USER_PREFIX, VOTING_TITLE
from decisions.enums import DecisionStatus
from decisions.models import Decision, DecisionLine
from nominations.enums import DossierStatus, NomineeStatus
from nominations.models import Dossier, Nominee
from organizations.enums import Role
from organizations.models import Unit, User

pytestmark = pytest.mark.django_db

SIZE = ["--units", "60", "--dossiers", "300", "--nominees", "1500", "--voting-items", "30"]


def _generate() -> str:
    out = StringIO()
    call_command("generate_load_data", *SIZE, stdout=out)
    return out.getvalue()


def _counts() -> tuple[int, ...]:
    return (
        Unit.objects.count(),
        User.objects.count(),
        Dossier.objects.count(),
        Nominee.objects.count(),
        Appraisal.objects.count(),
        AgendaItem.objects.count(),
        DecisionLine.objects.count(),
    )


def test_generates_the_sizes_asked_in_consistent_states() -> None:
    before_dossiers = Dossier.objects.count()  # empty: the demo is loaded by the command
    assert before_dossiers == 0
    text = _generate()
    assert "generated" in text and " s on " in text
    clerks = User.objects.filter(username__startswith=USER_PREFIX)
    demo = User.objects.get(username="canbo.bacung").unit.authority
    assert Unit.objects.filter(authority=demo).count() == 60
    assert (
        clerks.count()
        == 60 - Unit.objects.filter(authority=demo).exclude(pk__in=clerks.values("unit")).count()
    )
    assert all(c.has_role(Role.CLERK) and c.unit_id for c in clerks)
    generated = Dossier.objects.filter(unit__authority=demo).exclude(pk__in=[1, 2, 3])
    assert Dossier.objects.count() >= 300
    # Every generated dossier names someone; nominees in all add up to what was asked.
    assert not Dossier.objects.annotate(n=Count("nominees")).filter(n=0).exists()
    assert Nominee.objects.filter(dossier__in=generated).count() >= 1500
    # A variety of states, as on a deadline day.
    states = set(Dossier.objects.values_list("status", flat=True))
    assert {DossierStatus.DRAFT, DossierStatus.SUBMITTED, DossierStatus.FORWARDED,
            DossierStatus.DECIDED} <= states  # fmt: skip
    # Realistic people: Vietnamese names with diacritics, ethnic groups, birth dates.
    people = Nominee.objects.filter(kind="individual")
    assert people.exclude(ethnicity=None).count() > people.count() * 0.9
    assert people.exclude(ethnicity__name="Kinh").exclude(ethnicity=None).exists()
    assert people.filter(
        full_name__regex=r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệịỉĩọỏốồổỗộớờởỡợụủũứừửữựỳỷỹý]"
    ).exists()

    # Consistency: every nominee past the appraisal has one current verdict matching its state;
    # every decided nominee went through a closed session with a result; decision lines only for
    # those the council recommended.
    for n in Nominee.objects.filter(status=NomineeStatus.ELIGIBLE).select_related("dossier")[:200]:
        (verdict,) = Appraisal.objects.filter(nominee=n, is_current=True)
        assert verdict.verdict == "eligible"
    assert not Nominee.objects.filter(
        dossier__status=DossierStatus.FORWARDED, status=NomineeStatus.PENDING
    ).exists()
    decided = Nominee.objects.filter(
        dossier__status=DossierStatus.DECIDED,
        status__in=[NomineeStatus.RECOMMENDED, NomineeStatus.NOT_RECOMMENDED],
    )
    assert decided.exists()
    closed_items = AgendaItem.objects.filter(session__status=SessionStatus.CLOSED)
    assert set(decided.values_list("pk", flat=True)) <= set(
        closed_items.values_list("nominee_id", flat=True)
    )
    assert ItemResult.objects.filter(item__in=closed_items).count() == closed_items.count()
    lines = DecisionLine.objects.filter(decision__status=DecisionStatus.SUBMITTED)
    assert lines.exists()
    assert not lines.exclude(nominee__status=NomineeStatus.RECOMMENDED).exists()
    assert Decision.objects.filter(status=DecisionStatus.SUBMITTED).exists()
    # The open session: 30 agenda items of forwarded eligible nominees, half the members voted
    # (one ballot and one receipt each), the demo member "hoidong" not yet.
    voting = CouncilSession.objects.get(title=VOTING_TITLE)
    assert voting.status == SessionStatus.VOTING and voting.ballot_salt
    assert voting.items.count() == 30
    assert not voting.items.exclude(nominee__status=NomineeStatus.ELIGIBLE).exists()
    receipts = VoteReceipt.objects.filter(item__session=voting)
    assert receipts.count() == Ballot.objects.filter(item__session=voting).count() > 0
    assert not receipts.filter(member__person__username="hoidong").exists()


def test_a_second_run_is_refused_and_writes_nothing() -> None:
    _generate()
    first = _counts()
    with pytest.raises(CommandError, match="đã có dữ liệu thử tải"):
        _generate()
    assert _counts() == first


def test_the_generated_world_is_served_with_a_constant_query_count(
    client, django_assert_max_num_queries
) -> None:
    _generate()
    voting = CouncilSession.objects.get(title=VOTING_TITLE)
    pages = [
        ("thamdinh", "/tham-dinh/", 12),
        ("thamdinh", "/tham-dinh/?q=nguyen+van&status=under_appraisal", 13),
        ("hoidong", f"/hoi-dong/phien/{voting.pk}/xet/", 21),
        ("thamdinh", f"/hoi-dong/phien/{voting.pk}/kiem-dem/", 10),
        ("chutich", "/ky-duyet/", 8),
        ("quantri", "/trang-chu/quan-tri/", 10),
        ("canbo.bacung", "/trang-chu/can-bo-don-vi/", 14),  # + reminders, guidance, followed plans
        ("canbo.bacung", "/ho-so/", 9),
    ]
    for username, path, most in pages:
        client.force_login(User.objects.get(username=username))
        with django_assert_max_num_queries(most):
            response = client.get(path)
        assert response.status_code == 200, path
    # The admin's home shows the first 50 units of the 60, and says how many there are.
    client.force_login(User.objects.get(username="quantri"))
    page = client.get("/trang-chu/quan-tri/").content.decode()
    assert "Hiển thị 50 trên 60." in page
