"""Random and hostile input to every form and POST endpoint outside the clerk's dossier pages
(those are in tests/nominations/test_hostile_input.py): never a server error, never a script
from the input running in a page, and a refused request changes nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from appraisal.models import Appraisal
from appraisal.services import receive_dossier
from audit.models import AuditEntry
from campaigns.enums import CampaignStatus
from campaigns.models import Campaign
from campaigns.services import ask_question
from nominations.models import Nominee
from tests.campaigns.test_views import form_data
from tests.factories import PASSWORD, make_campaign, submitted_dossier
from tests.hostile import (
    assert_no_crash,
    assert_safe,
    fields,
    hostile_settings,
    numbers,
    texts,
    values,
)

pytestmark = pytest.mark.django_db

SETTINGS = hostile_settings(30)
REFUSED = {400, 403, 404, 405}


def _client(client, user):
    client.force_login(user)
    return client


def _state(obj) -> tuple:
    obj.refresh_from_db()
    return (obj.status, getattr(obj, "version", None), AuditEntry.objects.changes().count())


# --- login, language, logout ------------------------------------------------------------------


def test_login_survives_hostile_input(client, clerk) -> None:
    url = reverse("login")

    @SETTINGS
    @given(data=fields(["username", "password", "next"]), query=fields(["next", "expired"]))
    def run(data, query):
        client.logout()
        assert_no_crash(client.get(url, query))
        assert_no_crash(client.post(url, data))

    run()
    client.logout()
    response = client.post(url, {"username": clerk.username, "password": PASSWORD})
    assert response.status_code == 302


def test_language_switch_and_logout_survive_hostile_input(client, clerk) -> None:
    @SETTINGS
    @given(data=fields(["language", "next"]), logged_in=st.booleans())
    def run(data, logged_in):
        if logged_in:
            client.force_login(clerk)
        # An anonymous body over ANONYMOUS_MAX_BODY_BYTES is refused before it is read (413).
        too_big = set() if logged_in else {413}
        assert_no_crash(client.post("/i18n/setlang/", data), {200, 204, 302, *too_big})
        assert_no_crash(client.post(reverse("logout"), data), {200, 302, *too_big})
        assert_no_crash(client.get(reverse("logout")), {302, 405})

    run()


# --- campaigns ----------------------------------------------------------------------------------


# The campaign form's fields by kind; each kind is spoiled on an otherwise valid form, so the
# spoiled value gets past the validation of the others and reaches the service and the database.
CAMPAIGN_GROUPS = {
    "text": (
        [
            "title",
            "place_name",
            "preamble",
            "purpose",
            "theme",
            "contents_intro",
            "event_name",
            "period_text",
            "closing",
            "signer_capacity",
            "signer_title",
            "signer_name",
            "tasks-0-text",
            "offers-0-criteria",
        ],
        values,
    ),
    "lists": (["legal_bases", "contents", "recipients"], values),
    "numbers": (
        ["number", "max_dossiers_per_unit", "offers-0-quota", "offers-0-quota_per_unit"],
        numbers,
    ),
    "dates": (
        ["issued_on", "period_start", "period_end", "event_date", "nomination_deadline"],
        values,
    ),
    "choices": (
        [
            "participant_mode",
            "participant_kinds",
            "participant_units",
            "appraising_unit",
            "lead_unit",
            "coordinating_units",
            "unit_minutes_required",
            "tasks-0-unit",
            "tasks-0-role",
            "tasks-0-DELETE",
            "offers-0-award_form",
            "offers-0-DELETE",
            "offers-1-award_form",
        ],
        numbers,
    ),
    "formsets": (
        [
            "tasks-TOTAL_FORMS",
            "tasks-INITIAL_FORMS",
            "tasks-MAX_NUM_FORMS",
            "offers-TOTAL_FORMS",
            "offers-INITIAL_FORMS",
            "tasks-1-text",
            "offers-1-quota",
        ],
        numbers,
    ),
}


@pytest.mark.parametrize("group", CAMPAIGN_GROUPS)
@pytest.mark.parametrize("editing", [False, True], ids=["create", "edit"])
def test_campaign_form_survives_hostile_input(client, authority, appraiser, editing, group) -> None:
    _client(client, appraiser)
    campaign = make_campaign(authority, publish=False) if editing else None
    url = reverse("campaigns:edit", args=[campaign.pk]) if editing else reverse("campaigns:create")
    names, strategy = CAMPAIGN_GROUPS[group]

    @hostile_settings(15)
    @given(
        changes=st.dictionaries(st.sampled_from(names), strategy, min_size=1, max_size=2),
        missing=st.lists(st.sampled_from(names), max_size=1),
    )
    def run(changes, missing):
        data = form_data(authority)
        data.update(changes)
        for name in missing:
            if name not in changes:
                data.pop(name, None)
        before = AuditEntry.objects.changes().count()
        count = Campaign.objects.count()
        response = client.post(url, data)
        assert_no_crash(response)
        if response.status_code != 302:
            assert AuditEntry.objects.changes().count() == before
            assert Campaign.objects.count() == count

    run()
    assert_safe(client.get(reverse("campaigns:list")).content.decode())
    for pk in Campaign.objects.values_list("pk", flat=True)[:5]:
        assert_safe(client.get(reverse("campaigns:detail", args=[pk])).content.decode())
        assert_safe(client.get(reverse("campaigns:edit", args=[pk])).content.decode())


@pytest.mark.parametrize("key", ["legal_bases", "contents", "recipients", "title", "tasks-0-text"])
def test_campaign_form_strips_control_characters(client, authority, appraiser, key) -> None:
    """NUL in an ordered list used to reach PostgreSQL's jsonb and fail with a server error."""
    _client(client, appraiser)
    data = form_data(authority)
    data[key] = "Luật Thi đua,\x00 khen thưởng\x1b\nDòng hai"
    response = client.post(reverse("campaigns:create"), data)
    assert response.status_code == 302
    campaign = Campaign.objects.get()
    stored = {
        "legal_bases": campaign.legal_bases,
        "contents": campaign.contents,
        "recipients": campaign.recipients,
        "title": [campaign.title],
        "tasks-0-text": [t.text for t in campaign.tasks.all()],
    }[key]
    assert "\n".join(stored) == "Luật Thi đua, khen thưởng\nDòng hai"


@pytest.mark.parametrize("key", ["offers-0-quota", "offers-0-quota_per_unit"])
def test_campaign_form_refuses_a_huge_quota_next_to_the_field(
    client, authority, appraiser, key
) -> None:
    """A quota beyond the database column used to fail with a server error on save."""
    _client(client, appraiser)
    data = form_data(authority, **{key: str(2**70)})
    response = client.post(reverse("campaigns:create"), data)
    assert response.status_code == 200
    assert Campaign.objects.count() == 0
    offers = response.context["offers"]
    field = key.rsplit("-", 1)[1]
    assert offers.forms[0].errors[field] == [
        "Đảm bảo giá trị này là nhỏ hơn hoặc bằng với 100000 ."
    ]
    assert str(2**70) in response.content.decode()


@pytest.mark.parametrize("total", [str(2**70), "1000000", "abc"])
def test_campaign_form_refuses_a_tampered_row_count(client, authority, appraiser, total) -> None:
    """A forged TOTAL_FORMS builds at most MAX_ROWS rows and says so in Vietnamese."""
    _client(client, appraiser)
    data = form_data(authority, **{"tasks-TOTAL_FORMS": total})
    response = client.post(reverse("campaigns:create"), data)
    assert response.status_code == 200
    assert Campaign.objects.count() == 0
    tasks = response.context["tasks"]
    assert len(tasks.forms) <= 100
    assert tasks.non_form_errors() in (
        ["Danh sách có quá nhiều mục: tối đa 100 mục."],
        ["Dữ liệu của danh sách bị thiếu hoặc đã bị sửa. Vui lòng tải lại trang và nhập lại."],
    )
    assert "Thi đua chào mừng Đại hội" in response.content.decode()


def test_login_strips_control_characters_and_answers_in_vietnamese(client, clerk) -> None:
    response = client.post(reverse("login"), {"username": "\x00" + clerk.username, "password": "x"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý: mật khẩu phân biệt chữ hoa, chữ thường."
    ]
    assert response.context["form"]["username"].value() == clerk.username


def test_inbox_search_with_control_characters_still_filters(client, appraiser, desk) -> None:
    _campaign, dossier = desk
    _client(client, appraiser)
    response = client.get(reverse("appraisal:inbox"), {"q": "\x00Lũy\x07"})
    assert response.status_code == 200
    assert response.context["form"].cleaned_data["q"] == "Lũy"
    assert [d.pk for d in response.context["page"].object_list] == [dossier.pk]


def test_campaign_form_turns_away_a_clerk(client, authority, clerk) -> None:
    _client(client, clerk)
    campaign = make_campaign(authority, publish=False)

    @hostile_settings(10)
    @given(changes=fields([n for names, _s in CAMPAIGN_GROUPS.values() for n in names]))
    def run(changes):
        for url in (
            reverse("campaigns:create"),
            reverse("campaigns:edit", args=[campaign.pk]),
            reverse("campaigns:transition", args=[campaign.pk, "trinh-ky"]),
        ):
            assert_no_crash(client.post(url, changes), REFUSED)

    run()
    assert _state(campaign)[0] == CampaignStatus.DRAFT


def test_campaign_transitions_survive_hostile_input(client, authority, appraiser) -> None:
    _client(client, appraiser)
    campaign = make_campaign(authority, publish=False)

    @SETTINGS
    @given(
        action=st.one_of(
            st.sampled_from(["trinh-ky", "rut-lai", "dong", "mo-lai", "ket-thuc"]), texts
        ),
        data=fields(["comment"]),
    )
    def run(action, data):
        if action == "ket-thuc":
            action = "dong"  # keep the campaign open to further transitions
        slug_ok = action.isascii() and action.replace("-", "").replace("_", "").isalnum()
        if not slug_ok:
            return
        assert_no_crash(
            client.post(reverse("campaigns:transition", args=[campaign.pk, action]), data),
            {302, 404},
        )

    run()
    assert_safe(client.get(reverse("campaigns:detail", args=[campaign.pk])).content.decode())


def test_campaign_questions_survive_hostile_input(client, authority, clerk, appraiser) -> None:
    campaign = make_campaign(authority)
    question = ask_question(actor=clerk, campaign=campaign, text="Hồ sơ nộp mấy bản?")

    @SETTINGS
    @given(data=fields(["text", "answer"]), as_clerk=st.booleans())
    def run(data, as_clerk):
        _client(client, clerk if as_clerk else appraiser)
        before = AuditEntry.objects.changes().count()
        asked = client.post(reverse("campaigns:ask", args=[campaign.pk]), data)
        assert_no_crash(asked, {302, 400, 403})
        if asked.status_code != 302:
            assert AuditEntry.objects.changes().count() == before
        answered = client.post(reverse("campaigns:answer", args=[campaign.pk, question.pk]), data)
        assert_no_crash(answered, {302, 400, 403, 404})

    run()
    for user in (clerk, appraiser):
        _client(client, user)
        assert_safe(client.get(reverse("campaigns:detail", args=[campaign.pk])).content.decode())


# --- appraisal desk -----------------------------------------------------------------------------

INBOX_PARAMS = ["q", "campaign", "unit", "unit_kind", "status", "award_form", "due", "sort", "page"]


@pytest.fixture
def desk(authority, clerk):
    campaign = make_campaign(authority, title="Phong trào <b>thi đua</b>")
    dossier = submitted_dossier(campaign, clerk, names=("Đinh Văn Lũy", "Phạm Thị Hoa"))
    return campaign, dossier


def test_appraisal_inbox_survives_hostile_query(client, appraiser, clerk, desk) -> None:
    url = reverse("appraisal:inbox")

    @SETTINGS
    @given(query=fields(INBOX_PARAMS))
    def run(query):
        _client(client, appraiser)
        assert_no_crash(client.get(url, query), {200})
        _client(client, clerk)
        assert_no_crash(client.get(url, query), {403})

    run()


def test_appraisal_receive_and_forward_survive_hostile_input(
    client, appraiser, clerk, desk
) -> None:
    _campaign, dossier = desk

    @SETTINGS
    @given(
        data=fields(["version", "comment"]),
        action=st.sampled_from(["receive", "forward"]),
        as_clerk=st.booleans(),
    )
    def run(data, action, as_clerk):
        _client(client, clerk if as_clerk else appraiser)
        before = _state(dossier)
        response = client.post(reverse(f"appraisal:{action}", args=[dossier.pk]), data)
        assert_no_crash(response, {302, 403})
        if as_clerk:
            assert _state(dossier) == before

    run()
    _client(client, appraiser)
    assert_safe(client.get(reverse("appraisal:dossier", args=[dossier.pk])).content.decode())


def test_appraisal_return_and_reject_survive_hostile_input(
    client, authority, appraiser, clerk
) -> None:
    campaign = make_campaign(authority)
    dossier = submitted_dossier(campaign, clerk)
    receive_dossier(actor=appraiser, dossier=dossier)

    @SETTINGS
    @given(
        data=fields(["reason", "correction_deadline", "version"]),
        action=st.sampled_from(["return", "reject"]),
        as_clerk=st.booleans(),
    )
    def run(data, action, as_clerk):
        _client(client, clerk if as_clerk else appraiser)
        before = _state(dossier)
        response = client.post(reverse(f"appraisal:{action}", args=[dossier.pk]), data)
        assert_no_crash(response, {302, 400, 403})
        if response.status_code != 302:
            assert _state(dossier) == before

    run()
    _client(client, appraiser)
    assert_safe(client.get(reverse("appraisal:dossier", args=[dossier.pk])).content.decode())
    assert_safe(client.get(reverse("appraisal:timeline", args=[dossier.pk])).content.decode())


def test_appraise_nominee_survives_hostile_input(client, appraiser, clerk, desk) -> None:
    campaign, dossier = desk
    receive_dossier(actor=appraiser, dossier=dossier)
    nominee = Nominee.objects.filter(dossier=dossier).first()
    prefix = f"n{nominee.pk}-"
    offer_pk = str(campaign.award_offers.first().pk)
    names = [
        "verdict",
        "reason",
        "award_offer",
        "award_change_reason",
        "expected_appraisal_id",
        "check_documents_complete",
        "check_in_scope",
    ]

    @SETTINGS
    @given(
        data=fields(names),
        verdict=st.sampled_from(["", "eligible", "not_eligible", "needs_correction", "x"]),
        use_offer=st.booleans(),
        as_clerk=st.booleans(),
    )
    def run(data, verdict, use_offer, as_clerk):
        _client(client, clerk if as_clerk else appraiser)
        data.setdefault("verdict", verdict)
        if use_offer:
            data["award_offer"] = offer_pk
        posted = {prefix + k: v for k, v in data.items()}
        nominee.refresh_from_db()
        before = (_state(dossier), Appraisal.objects.count(), nominee.status)
        response = client.post(reverse("appraisal:appraise", args=[dossier.pk, nominee.pk]), posted)
        assert_no_crash(response, {302, 400, 403})
        if response.status_code != 302:
            nominee.refresh_from_db()
            assert (_state(dossier), Appraisal.objects.count(), nominee.status) == before

    run()
    _client(client, appraiser)
    assert_safe(client.get(reverse("appraisal:dossier", args=[dossier.pk])).content.decode())


def test_appraisal_and_document_urls_with_unknown_ids_never_crash(
    client, authority, appraiser, clerk, desk
) -> None:
    campaign, dossier = desk
    huge = "9" * 30
    paths = [
        f"/tham-dinh/ho-so/{huge}/",
        f"/tham-dinh/ho-so/{dossier.pk}/nguoi/{huge}/tham-dinh/",
        f"/tham-dinh/ho-so/{dossier.pk}/dong-thoi-gian/",
        f"/tham-dinh/ho-so/{huge}/dong-thoi-gian/",
        f"/tham-dinh/ho-so/{dossier.pk}/tep/khac/",
        f"/tham-dinh/ho-so/{dossier.pk}/tep/to-trinh/",
        f"/tham-dinh/ho-so/{dossier.pk}/tep/bien-ban/",
        f"/tham-dinh/tep/{huge}/",
        "/tham-dinh/tep/0/",
        f"/tham-dinh/nguoi/{huge}/bao-cao/",
        f"/tham-dinh/ke-hoach/{huge}/bao-cao-tham-dinh.pdf",
        f"/van-ban/{huge}/tai-ve/",
        "/van-ban/0/tai-ve/",
        f"/van-ban/so-van-ban-di/{huge}/",
        f"/van-ban/so-van-ban-di/{huge}/pdf/",
        f"/van-ban/viec/{huge}/",
        "/van-ban/viec/0/",
        f"/van-ban/viec/{huge}/thu-lai/",
        "/van-ban/so-van-ban-di/0/",
        "/van-ban/so-van-ban-di/99999/",
        f"/ke-hoach/{huge}/",
        f"/ke-hoach/{campaign.pk}/phien-ban/{huge}/",
        f"/ke-hoach/{campaign.pk}/phan-anh/{huge}/tra-loi/",
        f"/don-vi/{huge}/",
        "/thong-bao/?page=-1",
        f"/thong-bao/?page={huge}",
        "/thong-bao/?page=%00",
        "/thong-bao/?page=abc&page=2",
        "/healthz?x=%00",
    ]
    for user in (appraiser, clerk):
        _client(client, user)
        for path in paths:
            response = client.get(path)
            assert response.status_code in {200, 202, 302, 403, 404, 405, 503}, (path, user)
            if response.get("Content-Type", "").startswith("text/html"):
                assert_safe(response.content.decode())
        for path in [*paths[:3], f"/tham-dinh/ho-so/{huge}/tiep-nhan/", "/thong-bao/da-doc/"]:
            response = client.post(path, {"version": "\x00", "comment": "<script>"})
            assert response.status_code in {200, 302, 400, 403, 404, 405}, (path, user)


# --- notifications ------------------------------------------------------------------------------


def test_notifications_survive_hostile_input(client, appraiser, clerk, desk) -> None:
    @SETTINGS
    @given(query=fields(["page"]), data=fields(["page", "ids"]), as_clerk=st.booleans())
    def run(query, data, as_clerk):
        _client(client, clerk if as_clerk else appraiser)
        assert_no_crash(client.get(reverse("notifications:list"), query), {200})
        assert_no_crash(client.post(reverse("notifications:mark_all_read"), data), {302})

    run()


def test_register_book_turns_away_a_clerk_and_takes_any_year(client, appraiser, clerk) -> None:
    @hostile_settings(10)
    @given(year=st.integers(min_value=0, max_value=10**12))
    def run(year):
        _client(client, appraiser)
        assert_no_crash(client.get(reverse("documents:register", args=[year])), {200})
        _client(client, clerk)
        assert_no_crash(client.get(reverse("documents:register", args=[year])), {404})

    run()


def test_hostile_values_reach_every_page_escaped(client, authority, appraiser) -> None:
    """A campaign saved with markup everywhere it can take text still renders inert."""
    _client(client, appraiser)
    script = '<script>alert(1)</script>"><img src=x onerror=alert(1)>'
    data = form_data(authority)
    for key in ("title", "legal_bases", "purpose", "theme", "contents", "closing", "recipients"):
        data[key] = script
    data["tasks-0-text"] = script
    data["offers-0-criteria"] = script
    response = client.post(reverse("campaigns:create"), data)
    assert response.status_code == 302
    campaign = Campaign.objects.get(title=script)
    for name in ("campaigns:detail", "campaigns:edit"):
        assert_safe(client.get(reverse(name, args=[campaign.pk])).content.decode())
    assert_safe(client.get(reverse("campaigns:list")).content.decode())
