"""Every figure on the dashboard equals a count made here independently, straight from the
tables (raw SQL over the demo data), and the page issues a constant number of queries."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from monitoring.selectors import Scope, dashboard_figures
from tests.factories import clerk_of, make_dossier, submit
from tests.monitoring.conftest import user

pytestmark = pytest.mark.django_db


def count(sql: str, *params) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


SENT = "d.status NOT IN ('draft', 'withdrawn')"
NOMINEES = (
    "FROM nominations_nominee n JOIN nominations_dossier d ON d.id = n.dossier_id "
    f"WHERE d.campaign_id = %s AND {SENT}"
)
AWARDED_PEOPLE = f"{NOMINEES} AND n.status = 'awarded' AND n.kind = 'individual'"


def figure(html: str, name: str) -> int:
    match = re.search(rf'data-figure="{name}">([\d.,]+)<', html)
    assert match, name
    return int(match.group(1).replace(".", "").replace(",", ""))


def bar(figures_list, label: str) -> int:
    return next(b.value for b in figures_list if str(b.label) == label)


def test_every_dashboard_figure_equals_an_independent_count(client, demo) -> None:
    c = demo.pk
    client.force_login(user("thamdinh"))
    response = client.get(reverse("monitoring:dashboard", args=[c]))
    assert response.status_code == 200
    html = response.content.decode()
    f = dashboard_figures(Scope(demo))

    sent = count(
        f"SELECT count(*) FROM nominations_dossier d WHERE d.campaign_id = %s AND {SENT}", c
    )
    nominees = count(f"SELECT count(*) {NOMINEES}", c)
    awarded = count(f"SELECT count(*) {NOMINEES} AND n.status = 'awarded'", c)
    people = count(f"SELECT count(*) {AWARDED_PEOPLE}", c)
    minority = count(
        f"SELECT count(*) {AWARDED_PEOPLE.replace('WHERE', 'JOIN organizations_ethnicity e ON e.id = n.ethnicity_id WHERE', 1)}"
        " AND e.code <> '01'",
        c,
    )
    prize = count(
        "SELECT coalesce(sum(l.amount), 0) FROM decisions_decisionline l "
        "JOIN decisions_decision q ON q.id = l.decision_id "
        "JOIN nominations_nominee n ON n.id = l.nominee_id "
        "WHERE q.campaign_id = %s AND q.status IN ('signed', 'amended', 'revoked') "
        "AND l.purpose = 'award' AND l.paid AND n.status = 'awarded'",
        c,
    )
    # The demo has something to count in each.
    assert sent >= 2 and nominees >= 7 and awarded >= 3 and people >= 3 and prize > 0
    assert figure(html, "dossiers_sent") == sent
    assert figure(html, "nominees") == nominees
    assert figure(html, "awarded") == awarded
    assert figure(html, "minority") == minority
    assert figure(html, "prize_total") == prize
    assert f.honoured_individuals == people

    # The funnels.
    received = count(
        "SELECT count(*) FROM nominations_dossier d WHERE d.campaign_id = %s AND d.status IN "
        "('received','under_appraisal','returned','resubmitted','forwarded','decided','awarded')",
        c,
    )
    assert [b.value for b in f.dossier_funnel] == [
        sent,
        received,
        count(
            "SELECT count(*) FROM nominations_dossier d WHERE d.campaign_id = %s "
            "AND d.status IN ('forwarded','decided','awarded')",
            c,
        ),
        count(
            "SELECT count(*) FROM nominations_dossier d WHERE d.campaign_id = %s "
            "AND d.status = 'awarded'",
            c,
        ),
    ]
    eligible = count(
        f"SELECT count(*) {NOMINEES} AND n.status IN "
        "('eligible','recommended','not_recommended','awarded','revoked')",
        c,
    )
    recommended = count(
        f"SELECT count(*) {NOMINEES} AND n.status IN ('recommended','awarded','revoked')", c
    )
    assert [b.value for b in f.nominee_funnel] == [nominees, eligible, recommended, awarded]

    # By unit, by award form.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT u.name, count(DISTINCT d.id), count(n.id), "
            "count(n.id) FILTER (WHERE n.status = 'awarded') "
            "FROM nominations_dossier d JOIN organizations_unit u ON u.id = d.unit_id "
            "LEFT JOIN nominations_nominee n ON n.dossier_id = d.id "
            f"WHERE d.campaign_id = %s AND {SENT} GROUP BY u.name",
            [c],
        )
        by_unit = {row[0]: tuple(row[1:]) for row in cursor.fetchall()}
        cursor.execute(
            "SELECT f.name, count(*), count(*) FILTER (WHERE n.status = 'awarded') "
            "FROM nominations_nominee n JOIN nominations_dossier d ON d.id = n.dossier_id "
            "JOIN campaigns_awardoffer o ON o.id = n.award_offer_id "
            "JOIN campaigns_awardform f ON f.id = o.award_form_id "
            f"WHERE d.campaign_id = %s AND {SENT} GROUP BY f.name",
            [c],
        )
        by_form = {row[0]: tuple(row[1:]) for row in cursor.fetchall()}
        cursor.execute(
            "SELECT coalesce(e.name, ''), count(*) FROM nominations_nominee n "
            "JOIN nominations_dossier d ON d.id = n.dossier_id "
            "LEFT JOIN organizations_ethnicity e ON e.id = n.ethnicity_id "
            f"WHERE d.campaign_id = %s AND {SENT} AND n.status = 'awarded' "
            "AND n.kind = 'individual' GROUP BY e.name",
            [c],
        )
        by_ethnicity = dict(cursor.fetchall())
    assert {
        r["unit__name"]: (r["dossier_count"], r["nominee_count"], r["awarded_count"])
        for r in f.by_unit
    } == by_unit
    for name, (dossiers, proposed, won) in by_unit.items():
        assert re.search(
            rf'data-unit="{re.escape(name)}"><td>[^<]+</td><td class="text-end">{dossiers}</td>'
            rf'<td class="text-end">{proposed}</td><td class="text-end">{won}</td>',
            html,
        ), name
    assert {b.label: (b.value, b.second) for b in f.by_award_form} == by_form
    assert {b.label: b.value for b in f.honoured_by_ethnicity} == by_ethnicity

    # Gender, grassroots/manager, age bands.
    assert bar(f.honoured_by_gender, "Nam") == count(
        f"SELECT count(*) {AWARDED_PEOPLE} AND n.gender = 'male'", c
    )
    assert bar(f.honoured_by_gender, "Nữ") == count(
        f"SELECT count(*) {AWARDED_PEOPLE} AND n.gender = 'female'", c
    )
    assert bar(f.honoured_by_category, "Người lao động trực tiếp, cơ sở") == count(
        f"SELECT count(*) {AWARDED_PEOPLE} AND n.staff_category = 'grassroots'", c
    )
    assert bar(f.honoured_by_category, "Cán bộ lãnh đạo, quản lý") == count(
        f"SELECT count(*) {AWARDED_PEOPLE} AND n.staff_category = 'manager'", c
    )
    ref = f.reference_date
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT n.birth_date {AWARDED_PEOPLE}", [c])
        births = [row[0] for row in cursor.fetchall()]

    def age(born: dt.date) -> int:
        return ref.year - born.year - ((ref.month, ref.day) < (born.month, born.day))

    ages = [age(b) for b in births if b]
    expected_bands = [
        sum(1 for a in ages if a < 30),
        sum(1 for a in ages if 30 <= a <= 39),
        sum(1 for a in ages if 40 <= a <= 49),
        sum(1 for a in ages if 50 <= a <= 59),
        sum(1 for a in ages if a >= 60),
    ]
    assert [b.value for b in f.honoured_by_age[:5]] == expected_bands
    assert sum(expected_bands) == len(ages) > 0

    # The charts are on the page, one data-value per bar.
    for chart in ("dossier_funnel", "nominee_funnel", "honoured_by_ethnicity", "by_award_form"):
        assert f'data-chart="{chart}"' in html
    assert html.count('<svg class="chart"') >= 8


def test_dashboard_queries_do_not_grow_with_the_data(client) -> None:
    from organizations.enums import Role
    from tests.factories import AuthorityFactory, UnitFactory, award, make_campaign, staff

    authority = AuthorityFactory()
    campaign = make_campaign(authority)
    client.force_login(staff(authority, Role.CHAIRMAN))
    url = reverse("monitoring:dashboard", args=[campaign.pk])

    def add_units(n: int) -> None:
        for _ in range(n):
            unit = UnitFactory(authority=authority)
            clerk = clerk_of(unit)
            dossier = make_dossier(campaign, clerk, names=["Hồ Văn Một", "Đinh Thị Hai"])
            submit(dossier, clerk)
            award(dossier.nominees.first())

    add_units(1)
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    add_units(5)
    with CaptureQueriesContext(connection) as after:
        response = client.get(url)
    assert response.status_code == 200
    assert figure(response.content.decode(), "awarded") == 6
    assert len(after) == len(before)
    assert len(after) <= 25


def test_a_clerk_reads_his_own_unit_figures_only(client, demo) -> None:
    clerk = user("canbo.truongdtnt")
    client.force_login(clerk)
    html = client.get(reverse("monitoring:dashboard", args=[demo.pk])).content.decode()
    own = count(
        f"SELECT count(*) {NOMINEES} AND d.unit_id = %s",
        demo.pk,
        clerk.unit_id,
    )
    everyone = count(f"SELECT count(*) {NOMINEES}", demo.pk)
    assert own < everyone
    assert figure(html, "nominees") == own
    assert "UBND thị trấn Ba Tơ" not in html  # another unit's row
    assert 'data-testid="scope-unit"' in html


def test_the_comparison_counts_each_campaign(client, demo) -> None:
    client.force_login(user("chutich"))
    html = client.get(reverse("monitoring:compare")).content.decode()
    awarded = count(f"SELECT count(*) {NOMINEES} AND n.status = 'awarded'", demo.pk)
    assert f'data-campaign="{demo.pk}"' in html
    assert re.search(
        rf'data-campaign="{demo.pk}">.*?<td class="text-end">\d+</td><td class="text-end">\d+</td><td class="text-end">{awarded}</td>',
        html,
        re.S,
    )
