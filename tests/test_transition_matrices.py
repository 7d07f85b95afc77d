"""Every state × every action of every workflow (dossier, nominee, campaign, question), against
matrices written out here, never read from the tables under test; then the helper's own
guarantees (rights, versions, prepare/after, batches) and the appraiser's URLs in every state.

Objects reach their states through the real services (tests/factories.dossier_in_state and the
council's and signer's transition_nominee), then the helper is called by an actor who holds the
action's right: a legal move lands on the written target with its audit entry, an illegal one is
refused with the written message and changes nothing.
"""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from appraisal.models import Appraisal
from appraisal.services import appraise_nominee
from audit.models import AuditEntry
from audit.workflow import TransitionError, transition
from campaigns.enums import CampaignAction, CampaignStatus, QuestionAction, QuestionStatus
from campaigns.models import CampaignQuestion
from campaigns.services import (
    CAMPAIGN_WORKFLOW,
    answer_question,
    ask_question,
    transition_campaign,
)
from nominations.enums import DossierAction, DossierStatus, NomineeAction, NomineeStatus
from nominations.models import Dossier, Nominee
from nominations.services.dossiers import update_dossier
from nominations.workflow import transition_dossier, transition_nominee, transition_nominees
from notifications.models import Notification
from organizations.enums import Role
from tests.factories import dossier_in_state, make_campaign, make_person, signer_of, staff

pytestmark = pytest.mark.django_db

X = "illegal_state"  # refused: the action is not allowed from this state

# --- Dossiers: 11 states × 10 actions --------------------------------------------------------

DOSSIER_ACTIONS = (
    "submit", "withdraw", "receive", "start_appraisal", "return",
    "resubmit", "reject", "forward", "decide", "award",
)  # fmt: skip
DOSSIER_MATRIX = {
    # state             submit       withdraw     receive     start_appraisal    return      resubmit       reject      forward      decide     award
    "draft":           ("submitted", X,           X,          X,                 X,          X,             X,          X,           X,         X),
    "submitted":       (X,           "withdrawn", "received", X,                 X,          X,             "rejected", X,           X,         X),
    "received":        (X,           X,           X,          "under_appraisal", "returned", X,             "rejected", "forwarded", X,         X),
    "under_appraisal": (X,           X,           X,          X,                 "returned", X,             "rejected", "forwarded", X,         X),
    "returned":        (X,           X,           X,          X,                 X,          "resubmitted", X,          X,           X,         X),
    "resubmitted":     (X,           "withdrawn", "received", X,                 X,          X,             "rejected", X,           X,         X),
    "forwarded":       (X,           X,           X,          X,                 X,          X,             X,          X,           "decided", X),
    "decided":         (X,           X,           X,          X,                 X,          X,             X,          X,           X,         "awarded"),
    "awarded":         (X,           X,           X,          X,                 X,          X,             X,          X,           X,         X),
    "rejected":        (X,           X,           X,          X,                 X,          X,             X,          X,           X,         X),
    "withdrawn":       (X,           X,           X,          X,                 X,          X,             X,          X,           X,         X),
}  # fmt: skip
# Who takes each action (one who holds its right).
DOSSIER_ACTORS = {
    "submit": "clerk",
    "withdraw": "clerk",
    "resubmit": "clerk",
    "receive": "appraiser",
    "start_appraisal": "appraiser",
    "return": "appraiser",
    "reject": "appraiser",
    "forward": "appraiser",
    "decide": "secretary",
    "award": "chairman",
}
DOSSIER_STATES = {
    "draft": "Đang soạn",
    "submitted": "Đã gửi",
    "received": "Đã tiếp nhận",
    "under_appraisal": "Đang thẩm định",
    "returned": "Trả lại để bổ sung",
    "resubmitted": "Đã gửi lại",
    "forwarded": "Đã chuyển Hội đồng",
    "decided": "Hội đồng đã xét",
    "awarded": "Đã khen thưởng",
    "rejected": "Không tiếp nhận",
    "withdrawn": "Đã rút",
}
DOSSIER_LABELS = {
    "submit": "Gửi hồ sơ",
    "withdraw": "Rút hồ sơ",
    "receive": "Tiếp nhận",
    "start_appraisal": "Bắt đầu thẩm định",
    "return": "Trả lại để bổ sung",
    "resubmit": "Gửi lại hồ sơ",
    "reject": "Không tiếp nhận",
    "forward": "Chuyển Hội đồng",
    "decide": "Ghi nhận kết quả xét",
    "award": "Khen thưởng",
}
DOSSIER_REFUSALS = {
    X: "Không thể “{action}” khi hồ sơ đang ở trạng thái “{state}”.",
}

# --- Nominees: 8 states × 7 actions ----------------------------------------------------------

NOMINEE_ACTIONS = (
    "mark_eligible", "mark_not_eligible", "mark_needs_correction",
    "recommend", "not_recommend", "award", "revoke",
)  # fmt: skip
NOMINEE_MATRIX = {
    # state              mark_eligible  mark_not_eligible  mark_needs_correction  recommend      not_recommend      award      revoke
    "pending":          ("eligible",    "not_eligible",    "needs_correction",    X,             X,                 X,         X),
    "needs_correction": ("eligible",    "not_eligible",    "needs_correction",    X,             X,                 X,         X),
    "eligible":         ("eligible",    "not_eligible",    "needs_correction",    "recommended", "not_recommended", X,         X),
    "not_eligible":     ("eligible",    "not_eligible",    "needs_correction",    X,             X,                 X,         X),
    "recommended":      (X,             X,                 X,                     X,             X,                 "awarded", X),
    "not_recommended":  (X,             X,                 X,                     X,             X,                 X,         X),
    "awarded":          (X,             X,                 X,                     X,             X,                 X,         "revoked"),
    "revoked":          (X,             X,                 X,                     X,             X,                 X,         X),
}  # fmt: skip
NOMINEE_ACTORS = {
    "mark_eligible": "appraiser",
    "mark_not_eligible": "appraiser",
    "mark_needs_correction": "appraiser",
    "recommend": "secretary",
    "not_recommend": "secretary",
    "award": "chairman",
    "revoke": "chairman",
}
NOMINEE_STATES = {
    "pending": "Chờ thẩm định",
    "needs_correction": "Cần bổ sung, chỉnh sửa",
    "eligible": "Đủ điều kiện",
    "not_eligible": "Không đủ điều kiện",
    "recommended": "Hội đồng đề nghị khen thưởng",
    "not_recommended": "Hội đồng không đề nghị",
    "awarded": "Đã khen thưởng",
    "revoked": "Đã hủy khen thưởng",
}
NOMINEE_LABELS = {
    "mark_eligible": "Kết luận đủ điều kiện",
    "mark_not_eligible": "Kết luận không đủ điều kiện",
    "mark_needs_correction": "Yêu cầu bổ sung, chỉnh sửa",
    "recommend": "Hội đồng đề nghị khen thưởng",
    "not_recommend": "Hội đồng không đề nghị",
    "award": "Khen thưởng",
    "revoke": "Hủy khen thưởng",
}
NOMINEE_REFUSALS = {
    X: "Không thể “{action}” khi tập thể, cá nhân đang ở trạng thái “{state}”.",
}

# --- Campaigns: 4 states × 4 actions; questions: 2 states × 1 action -------------------------

CAMPAIGN_ACTIONS = ("send", "publish", "return", "withdraw", "close", "reopen", "finish")
CAMPAIGN_MATRIX = {
    # state       send       publish      return   withdraw close     reopen       finish
    "draft":     ("signing", X,           X,       X,       X,        X,           X),
    "signing":   (X,         "published", "draft", "draft", X,        X,           X),
    "published": (X,         X,           X,       X,       "closed", X,           X),
    "closed":    (X,         X,           X,       X,       X,        "published", "finished"),
    "finished":  (X,         X,           X,       X,       X,        X,           X),
}  # fmt: skip
CAMPAIGN_ACTORS = {
    "send": "appraiser",
    "publish": "signer",
    "return": "signer",
    "withdraw": "appraiser",
    "close": "appraiser",
    "reopen": "appraiser",
    "finish": "appraiser",
}
CAMPAIGN_STATES = {
    "draft": "Dự thảo",
    "signing": "Chờ ký duyệt",
    "published": "Đã ban hành",
    "closed": "Đã hết hạn nhận hồ sơ",
    "finished": "Đã kết thúc",
}
CAMPAIGN_LABELS = {
    "send": "Trình ký",
    "publish": "Ban hành kế hoạch",
    "return": "Trả lại dự thảo",
    "withdraw": "Rút lại để sửa",
    "close": "Đóng nhận hồ sơ",
    "reopen": "Mở lại nhận hồ sơ",
    "finish": "Kết thúc kế hoạch",
}
CAMPAIGN_REFUSALS = {X: "Không thể “{action}” khi kế hoạch đang ở trạng thái “{state}”."}

QUESTION_ACTIONS = ("answer",)
QUESTION_MATRIX = {
    "open": ("answered",),
    "answered": ("answered",),  # an answer may be corrected
}
ANSWER = "Đơn vị gửi bản photo có chứng thực."

# Every workflow: (its actions, its matrix, who acts, state labels, action labels, refusals).
MATRICES = {
    "dossier": (
        DOSSIER_ACTIONS,
        DOSSIER_MATRIX,
        DOSSIER_ACTORS,
        DOSSIER_STATES,
        DOSSIER_LABELS,
        DOSSIER_REFUSALS,
    ),
    "nominee": (
        NOMINEE_ACTIONS,
        NOMINEE_MATRIX,
        NOMINEE_ACTORS,
        NOMINEE_STATES,
        NOMINEE_LABELS,
        NOMINEE_REFUSALS,
    ),
    "campaign": (
        CAMPAIGN_ACTIONS,
        CAMPAIGN_MATRIX,
        CAMPAIGN_ACTORS,
        CAMPAIGN_STATES,
        CAMPAIGN_LABELS,
        CAMPAIGN_REFUSALS,
    ),
    "question": (QUESTION_ACTIONS, QUESTION_MATRIX, {"answer": "appraiser"}, {}, {}, {}),
}


def cells(workflow: str) -> list:
    actions, matrix, *_ = MATRICES[workflow]
    return [
        pytest.param(state, action, expected, id=f"{state}-{action}")
        for state, row in matrix.items()
        for action, expected in zip(actions, row, strict=True)
    ]


@pytest.fixture
def campaign(authority):
    return make_campaign(authority, title="Phong trào thi đua đồng bào dân tộc thiểu số")


@pytest.fixture
def people(authority, other_authority, clerk):
    return {
        "clerk": clerk,
        "other_clerk": make_person(Role.CLERK, authority=authority),
        "appraiser": staff(authority, Role.APPRAISER),
        "council_member": staff(authority, Role.COUNCIL_MEMBER),
        "secretary": staff(authority, Role.COUNCIL_SECRETARY),
        "chairman": staff(authority, Role.CHAIRMAN),
        # The plans' signer (make_campaign's): the one leader who may issue them.
        "signer": signer_of(authority),
        "outsider": staff(other_authority, Role.APPRAISER),
        "outsider_secretary": staff(other_authority, Role.COUNCIL_SECRETARY),
        "inactive_appraiser": make_person(Role.APPRAISER, authority=authority, is_active=False),
        "anonymous": AnonymousUser(),
    }


# --- Bringing objects to a state, acting, and what "nothing changed" means -------------------


def nominee_in_state(campaign, clerk, people, state: str) -> Nominee:
    """The first nominee of a dossier, brought to `state` by the appraiser's service, then the
    council secretary's and the signer's transitions."""
    if state in ("pending", "needs_correction", "eligible", "not_eligible"):
        dossier = dossier_in_state(campaign, clerk, DossierStatus.RECEIVED)
        nominee = dossier.nominees.order_by("order", "pk").first()
        if state != "pending":
            reason = "" if state == "eligible" else "Thiếu xác nhận của thôn"
            appraise_nominee(
                actor=people["appraiser"], nominee=nominee, verdict=state, reason=reason
            )
        nominee.refresh_from_db()
        return nominee
    dossier = dossier_in_state(campaign, clerk, DossierStatus.FORWARDED)
    nominee = dossier.nominees.order_by("order", "pk").first()
    steps = {
        "recommended": [("secretary", "recommend")],
        "not_recommended": [("secretary", "not_recommend")],
        "awarded": [("secretary", "recommend"), ("chairman", "award")],
        "revoked": [("secretary", "recommend"), ("chairman", "award"), ("chairman", "revoke")],
    }[state]
    for who, action in steps:
        transition_nominee(actor=people[who], nominee=nominee, action=action)
    return nominee


def campaign_in_state(authority, state: str):
    campaign = make_campaign(authority, title="Kế hoạch ma trận", publish=False)
    actors = {"publish": signer_of(authority)}
    steps = {
        "draft": [],
        "signing": ["send"],
        "published": ["send", "publish"],
        "closed": ["send", "publish", "close"],
        "finished": ["send", "publish", "close", "finish"],
    }[state]
    for action in steps:
        actor = actors.get(action) or staff(authority, Role.APPRAISER)
        campaign = transition_campaign(actor=actor, campaign=campaign, action=action)
    return campaign


def question_in_state(campaign, clerk, people, state: str):
    question = ask_question(actor=clerk, campaign=campaign, text="Bản sao có cần chứng thực không?")
    if state == "answered":
        question = answer_question(
            actor=people["appraiser"], question=question, answer="Bản sao thường là đủ."
        )
    return question


def build(workflow: str, state: str, *, authority, campaign, clerk, people):
    if workflow == "dossier":
        return dossier_in_state(campaign, clerk, state)
    if workflow == "nominee":
        return nominee_in_state(campaign, clerk, people, state)
    if workflow == "campaign":
        return campaign_in_state(authority, state)
    return question_in_state(campaign, clerk, people, state)


def act(workflow: str, obj, action: str, actor):
    """Call the workflow's transition helper."""
    if workflow == "dossier":
        return transition_dossier(actor=actor, dossier=obj, action=action)
    if workflow == "nominee":
        return transition_nominee(actor=actor, nominee=obj, action=action)
    if workflow == "campaign":
        return transition_campaign(actor=actor, campaign=obj, action=action)
    return answer_question(actor=actor, question=obj, answer=ANSWER)


def observed(obj) -> tuple:
    """What a refused action must leave as it was: the state, the version (where the model has
    one), the whole audit trail, and for a nominee its dossier."""
    obj = type(obj).objects.get(pk=obj.pk)
    seen = (obj.status, getattr(obj, "version", None), AuditEntry.objects.changes().count())
    if isinstance(obj, Nominee):
        seen += (obj.dossier.status, obj.dossier.version)
    return seen


def last_entry(obj) -> tuple:
    entry = AuditEntry.objects.for_object(obj).order_by("-id").first()
    return entry.action, entry.actor, entry.from_state, entry.to_state


def _check_cell(workflow, state, action, expected, *, authority, campaign, clerk, people):
    _actions, _matrix, actors, states, labels, refusals = MATRICES[workflow]
    obj = build(workflow, state, authority=authority, campaign=campaign, clerk=clerk, people=people)
    assert obj.status == state
    actor = people[actors[action]]
    before = observed(obj)
    if expected == X:
        with pytest.raises(TransitionError) as refused:
            act(workflow, obj, action, actor)
        message = refusals[expected].format(action=labels[action], state=states[state])
        assert (refused.value.code, refused.value.message) == (expected, message)
        assert observed(obj) == before
        return
    entries = AuditEntry.objects.for_object(obj).count()
    act(workflow, obj, action, actor)
    after = observed(obj)
    assert after[0] == expected
    if before[1] is not None:
        assert after[1] == before[1] + 1
    assert AuditEntry.objects.for_object(obj).count() == entries + 1
    assert last_entry(obj) == (f"{workflow}.{action}", actor, state, expected)


@pytest.mark.parametrize(("state", "action", "expected"), cells("dossier"))
def test_dossier_every_state_and_action(
    state, action, expected, authority, campaign, clerk, people
) -> None:
    _check_cell(
        "dossier",
        state,
        action,
        expected,
        authority=authority,
        campaign=campaign,
        clerk=clerk,
        people=people,
    )


@pytest.mark.parametrize(("state", "action", "expected"), cells("nominee"))
def test_nominee_every_state_and_action(
    state, action, expected, authority, campaign, clerk, people
) -> None:
    _check_cell(
        "nominee",
        state,
        action,
        expected,
        authority=authority,
        campaign=campaign,
        clerk=clerk,
        people=people,
    )


@pytest.mark.parametrize(("state", "action", "expected"), cells("campaign"))
def test_campaign_every_state_and_action(
    state, action, expected, authority, campaign, clerk, people
) -> None:
    _check_cell(
        "campaign",
        state,
        action,
        expected,
        authority=authority,
        campaign=campaign,
        clerk=clerk,
        people=people,
    )


@pytest.mark.parametrize(("state", "action", "expected"), cells("question"))
def test_question_every_state_and_action(
    state, action, expected, authority, campaign, clerk, people
) -> None:
    _check_cell(
        "question",
        state,
        action,
        expected,
        authority=authority,
        campaign=campaign,
        clerk=clerk,
        people=people,
    )
    question = CampaignQuestion.objects.get(campaign=campaign)
    assert (question.answer, question.answered_by) == (ANSWER, people["appraiser"])


def test_matrices_cover_every_state_and_action() -> None:
    """The matrices above are complete: a state or an action added to an enum must be added
    here, with its expected answers."""
    assert (list(DOSSIER_MATRIX), set(DOSSIER_ACTIONS)) == (
        list(DossierStatus.values),
        set(DossierAction.values),
    )
    assert (list(NOMINEE_MATRIX), set(NOMINEE_ACTIONS)) == (
        list(NomineeStatus.values),
        set(NomineeAction.values),
    )
    assert (list(CAMPAIGN_MATRIX), set(CAMPAIGN_ACTIONS)) == (
        list(CampaignStatus.values),
        set(CampaignAction.values),
    )
    assert (list(QUESTION_MATRIX), set(QUESTION_ACTIONS)) == (
        list(QuestionStatus.values),
        set(QuestionAction.values),
    )


# --- Refused actors --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("workflow", "state", "action", "who", "message"),
    [
        ("dossier", "draft", "submit", "other_clerk",
         "Anh/chị không có quyền thực hiện thao tác “Gửi hồ sơ” với hồ sơ này."),
        ("dossier", "returned", "resubmit", "other_clerk",
         "Anh/chị không có quyền thực hiện thao tác “Gửi lại hồ sơ” với hồ sơ này."),
        ("dossier", "submitted", "withdraw", "appraiser",
         "Anh/chị không có quyền thực hiện thao tác “Rút hồ sơ” với hồ sơ này."),
        ("dossier", "submitted", "receive", "clerk",
         "Anh/chị không có quyền thực hiện thao tác “Tiếp nhận” với hồ sơ này."),
        ("dossier", "submitted", "receive", "outsider",
         "Anh/chị không có quyền thực hiện thao tác “Tiếp nhận” với hồ sơ này."),
        ("dossier", "submitted", "receive", "anonymous",
         "Anh/chị không có quyền thực hiện thao tác “Tiếp nhận” với hồ sơ này."),
        ("dossier", "submitted", "receive", "inactive_appraiser",
         "Anh/chị không có quyền thực hiện thao tác “Tiếp nhận” với hồ sơ này."),
        ("dossier", "under_appraisal", "forward", "council_member",
         "Anh/chị không có quyền thực hiện thao tác “Chuyển Hội đồng” với hồ sơ này."),
        ("dossier", "forwarded", "decide", "appraiser",
         "Anh/chị không có quyền thực hiện thao tác “Ghi nhận kết quả xét” với hồ sơ này."),
        ("dossier", "forwarded", "decide", "council_member",
         "Anh/chị không có quyền thực hiện thao tác “Ghi nhận kết quả xét” với hồ sơ này."),
        ("dossier", "forwarded", "decide", "outsider_secretary",
         "Anh/chị không có quyền thực hiện thao tác “Ghi nhận kết quả xét” với hồ sơ này."),
        ("dossier", "decided", "award", "secretary",
         "Anh/chị không có quyền thực hiện thao tác “Khen thưởng” với hồ sơ này."),
        ("nominee", "pending", "mark_eligible", "clerk",
         "Anh/chị không có quyền thực hiện thao tác “Kết luận đủ điều kiện” với tập thể, cá nhân này."),
        ("nominee", "pending", "mark_eligible", "outsider",
         "Anh/chị không có quyền thực hiện thao tác “Kết luận đủ điều kiện” với tập thể, cá nhân này."),
        ("nominee", "eligible", "recommend", "appraiser",
         "Anh/chị không có quyền thực hiện thao tác “Hội đồng đề nghị khen thưởng” với tập thể, cá nhân này."),
        ("nominee", "eligible", "recommend", "council_member",
         "Anh/chị không có quyền thực hiện thao tác “Hội đồng đề nghị khen thưởng” với tập thể, cá nhân này."),
        ("nominee", "recommended", "award", "secretary",
         "Anh/chị không có quyền thực hiện thao tác “Khen thưởng” với tập thể, cá nhân này."),
        ("nominee", "awarded", "revoke", "appraiser",
         "Anh/chị không có quyền thực hiện thao tác “Hủy khen thưởng” với tập thể, cá nhân này."),
        ("campaign", "draft", "send", "clerk", "Anh/chị không có quyền thực hiện thao tác “Trình ký” với kế hoạch này."),
        ("campaign", "draft", "send", "chairman", "Anh/chị không có quyền thực hiện thao tác “Trình ký” với kế hoạch này."),
        ("campaign", "draft", "send", "outsider", "Anh/chị không có quyền thực hiện thao tác “Trình ký” với kế hoạch này."),
        # Nobody but the plan's own signer issues it: not its drafter, not another leader.
        ("campaign", "signing", "publish", "appraiser", "Anh/chị không có quyền thực hiện thao tác “Ban hành kế hoạch” với kế hoạch này."),
        ("campaign", "signing", "publish", "chairman", "Anh/chị không có quyền thực hiện thao tác “Ban hành kế hoạch” với kế hoạch này."),
        ("campaign", "signing", "return", "appraiser", "Anh/chị không có quyền thực hiện thao tác “Trả lại dự thảo” với kế hoạch này."),
        ("campaign", "signing", "withdraw", "signer", "Anh/chị không có quyền thực hiện thao tác “Rút lại để sửa” với kế hoạch này."),
        ("campaign", "published", "close", "council_member",
         "Anh/chị không có quyền thực hiện thao tác “Đóng nhận hồ sơ” với kế hoạch này."),
        ("question", "open", "answer", "clerk", "Anh/chị không có quyền trả lời phản ánh này."),
        ("question", "open", "answer", "outsider", "Anh/chị không có quyền trả lời phản ánh này."),
    ],
)  # fmt: skip
def test_transition_refuses_an_actor_without_the_right(
    workflow, state, action, who, message, authority, campaign, clerk, people
) -> None:
    obj = build(workflow, state, authority=authority, campaign=campaign, clerk=clerk, people=people)
    before = observed(obj)
    with pytest.raises(TransitionError) as refused:
        act(workflow, obj, action, people[who])
    assert (refused.value.code, refused.value.message) == ("forbidden", message)
    assert observed(obj) == before


# --- The helper's guarantees -----------------------------------------------------------------


def test_transition_refuses_a_stale_dossier_version(campaign, clerk) -> None:
    dossier = dossier_in_state(campaign, clerk, DossierStatus.DRAFT)
    seen = dossier.version
    # The same dossier saved in another tab after this one was opened.
    update_dossier(actor=clerk, dossier=dossier, expected_version=seen, data={"note": "Bản mới"})
    before = observed(dossier)
    with pytest.raises(TransitionError) as refused:
        transition_dossier(actor=clerk, dossier=dossier, action="submit", expected_version=seen)
    assert (refused.value.code, refused.value.message) == (
        "stale",
        "Hồ sơ vừa được người khác thay đổi. Vui lòng tải lại trang để xem bản mới nhất.",
    )
    assert observed(dossier) == before
    moved = transition_dossier(
        actor=clerk, dossier=dossier, action="submit", expected_version=seen + 1
    )
    assert (moved.status, moved.version) == ("submitted", seen + 2)


def test_transition_refuses_a_stale_campaign_version(authority) -> None:
    campaign = campaign_in_state(authority, "published")
    actor = staff(authority, Role.APPRAISER)
    seen = campaign.version
    transition_campaign(actor=actor, campaign=campaign, action="close")
    transition_campaign(actor=actor, campaign=campaign, action="reopen")
    before = observed(campaign)
    with pytest.raises(TransitionError) as refused:
        transition(
            CAMPAIGN_WORKFLOW, actor=actor, obj=campaign, action="close", expected_version=seen
        )
    assert (refused.value.code, refused.value.message) == (
        "stale",
        "Kế hoạch vừa được người khác thay đổi. Vui lòng tải lại trang để xem bản mới nhất.",
    )
    assert observed(campaign) == before


def test_transition_refuses_an_unknown_action(campaign, clerk) -> None:
    dossier = dossier_in_state(campaign, clerk, DossierStatus.SUBMITTED)
    before = observed(dossier)
    with pytest.raises(TransitionError) as refused:
        transition_dossier(actor=clerk, dossier=dossier, action="publish")
    assert (refused.value.code, refused.value.message) == (
        "unknown_action",
        "Thao tác không hợp lệ.",
    )
    assert observed(dossier) == before


def test_transition_prepare_that_changes_the_state_raises_and_rolls_back(
    campaign, clerk, people
) -> None:
    dossier = dossier_in_state(campaign, clerk, DossierStatus.SUBMITTED)
    before = observed(dossier)

    def prepare(locked: Dossier) -> None:
        Dossier.objects.filter(pk=locked.pk).update(note="Ghi trong prepare")
        locked.status = DossierStatus.REJECTED  # deliberate tampering

    with pytest.raises(RuntimeError) as error:
        transition_dossier(
            actor=people["appraiser"], dossier=dossier, action="receive", prepare=prepare
        )
    assert str(error.value) == "dossier.receive: prepare() must not change the state"
    assert observed(dossier) == before
    assert Dossier.objects.get(pk=dossier.pk).note == ""


def test_transition_after_that_changes_the_state_raises_and_rolls_back(
    campaign, clerk, people
) -> None:
    dossier = dossier_in_state(campaign, clerk, DossierStatus.SUBMITTED)
    before = observed(dossier)

    def after(locked: Dossier) -> None:
        locked.status = DossierStatus.REJECTED  # deliberate tampering

    with pytest.raises(RuntimeError) as error:
        transition_dossier(
            actor=people["appraiser"], dossier=dossier, action="receive", after=after
        )
    assert str(error.value) == "dossier.receive: after() must not change the state"
    # The saved state and the audit entry written before after() ran are rolled back too.
    assert observed(dossier) == before


NAMES = ("Đinh Văn Lũy", "Phạm Thị Hoa", "Nguyễn Văn Đức")


def test_transition_many_locks_in_pk_order_and_audits_each_row(campaign, clerk, people) -> None:
    dossier = dossier_in_state(campaign, clerk, DossierStatus.FORWARDED, names=NAMES)
    nominees = list(dossier.nominees.order_by("pk"))
    pks = [n.pk for n in nominees]
    last_id = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first()
    batches = []
    with CaptureQueriesContext(connection) as queries:
        moved = transition_nominees(
            actor=people["secretary"],
            nominees=list(reversed(nominees)),
            action="recommend",
            after=lambda rows: batches.append([row.pk for row in rows]),
        )
    assert [n.pk for n in moved] == pks
    assert batches == [pks]
    assert [n.status for n in Nominee.objects.filter(pk__in=pks).order_by("pk")] == [
        "recommended"
    ] * 3
    entries = AuditEntry.objects.filter(id__gt=last_id).order_by("id")
    assert [(e.action, e.target_id, e.from_state, e.to_state) for e in entries] == [
        ("nominee.recommend", str(pk), "eligible", "recommended") for pk in pks
    ]
    lock = next(
        q["sql"] for q in queries.captured_queries if 'FROM "nominations_nominee"' in q["sql"]
    )
    assert '"nominations_nominee"."id" IN (' in lock
    assert lock.split("ORDER BY ")[1].startswith('"nominations_nominee"."id" ASC')
    if connection.vendor == "postgresql":
        assert lock.endswith('FOR UPDATE OF "nominations_nominee"')


def test_transition_many_moves_rows_to_the_state_their_action_names(
    campaign, clerk, people
) -> None:
    """Closing a council session: some nominees recommended, the others not."""
    dossier = dossier_in_state(campaign, clerk, DossierStatus.FORWARDED, names=NAMES)
    transition_nominees(
        actor=people["secretary"],
        nominees=dossier.nominees.all(),
        action=lambda n: "not_recommend" if n.full_name == "Phạm Thị Hoa" else "recommend",
    )
    assert list(dossier.nominees.order_by("order", "pk").values_list("full_name", "status")) == [
        ("Đinh Văn Lũy", "recommended"),
        ("Phạm Thị Hoa", "not_recommended"),
        ("Nguyễn Văn Đức", "recommended"),
    ]


def test_transition_many_is_all_or_nothing(campaign, clerk, people) -> None:
    dossier = dossier_in_state(campaign, clerk, DossierStatus.UNDER_APPRAISAL, names=NAMES)
    nominees = list(dossier.nominees.order_by("order", "pk"))
    appraise_nominee(
        actor=people["appraiser"],
        nominee=nominees[1],
        verdict="not_eligible",
        reason="Chưa đủ thời gian công tác",
    )
    before = [observed(n) for n in nominees]
    with pytest.raises(TransitionError) as refused:
        transition_nominees(actor=people["secretary"], nominees=nominees, action="recommend")
    assert (refused.value.code, refused.value.message) == (
        "illegal_state",
        "Không thể “Hội đồng đề nghị khen thưởng” khi tập thể, cá nhân đang ở trạng thái "
        "“Không đủ điều kiện”.",
    )
    assert [observed(n) for n in nominees] == before
    assert [n.status for n in Nominee.objects.filter(dossier=dossier).order_by("order", "pk")] == [
        "eligible",
        "not_eligible",
        "eligible",
    ]


# --- The appraiser's URLs in every dossier state ---------------------------------------------

NOT_SEEN = 404  # a draft is the unit's own business: the appraiser cannot even see it
# state → action → the dossier's new state (the action happened) or the refusal shown.
APPRAISER_URLS = {
    "draft": dict.fromkeys(("receive", "appraise", "return", "reject", "forward"), NOT_SEEN),
    "submitted": {
        "receive": "received",
        "appraise": "Không thể thẩm định khi hồ sơ đang ở trạng thái “Đã gửi”.",
        "return": "Không thể “Trả lại để bổ sung” khi hồ sơ đang ở trạng thái “Đã gửi”.",
        "reject": "rejected",
        "forward": "Không thể “Chuyển Hội đồng” khi hồ sơ đang ở trạng thái “Đã gửi”.",
    },
    "received": {
        "receive": "Không thể “Tiếp nhận” khi hồ sơ đang ở trạng thái “Đã tiếp nhận”.",
        "appraise": "under_appraisal",
        "return": "returned",
        "reject": "rejected",
        "forward": (
            "Chưa thể chuyển Hội đồng: chưa có kết luận thẩm định cho Đinh Văn Lũy, Phạm Thị Hoa."
        ),
    },
    "under_appraisal": {
        "receive": "Không thể “Tiếp nhận” khi hồ sơ đang ở trạng thái “Đang thẩm định”.",
        "appraise": "under_appraisal",
        "return": "returned",
        "reject": "rejected",
        "forward": "forwarded",
    },
    "returned": {
        "receive": "Không thể “Tiếp nhận” khi hồ sơ đang ở trạng thái “Trả lại để bổ sung”.",
        "appraise": "Không thể thẩm định khi hồ sơ đang ở trạng thái “Trả lại để bổ sung”.",
        "return": (
            "Không thể “Trả lại để bổ sung” khi hồ sơ đang ở trạng thái “Trả lại để bổ sung”."
        ),
        "reject": "Không thể “Không tiếp nhận” khi hồ sơ đang ở trạng thái “Trả lại để bổ sung”.",
        "forward": "Không thể “Chuyển Hội đồng” khi hồ sơ đang ở trạng thái “Trả lại để bổ sung”.",
    },
    "resubmitted": {
        "receive": "received",
        "appraise": "Không thể thẩm định khi hồ sơ đang ở trạng thái “Đã gửi lại”.",
        "return": "Không thể “Trả lại để bổ sung” khi hồ sơ đang ở trạng thái “Đã gửi lại”.",
        "reject": "rejected",
        "forward": "Không thể “Chuyển Hội đồng” khi hồ sơ đang ở trạng thái “Đã gửi lại”.",
    },
    **{
        state: {
            "receive": f"Không thể “Tiếp nhận” khi hồ sơ đang ở trạng thái “{label}”.",
            "appraise": f"Không thể thẩm định khi hồ sơ đang ở trạng thái “{label}”.",
            "return": f"Không thể “Trả lại để bổ sung” khi hồ sơ đang ở trạng thái “{label}”.",
            "reject": f"Không thể “Không tiếp nhận” khi hồ sơ đang ở trạng thái “{label}”.",
            "forward": f"Không thể “Chuyển Hội đồng” khi hồ sơ đang ở trạng thái “{label}”.",
        }
        for state, label in (
            ("forwarded", "Đã chuyển Hội đồng"),
            ("decided", "Hội đồng đã xét"),
            ("awarded", "Đã khen thưởng"),
            ("rejected", "Không tiếp nhận"),
            ("withdrawn", "Đã rút"),
        )
    },
}
# The page a refusal comes back on: a redirect to the dossier (followed), or the dossier page
# re-rendered with the form as typed.
REFUSAL_STATUS = {"receive": 200, "forward": 200, "appraise": 400, "return": 400, "reject": 400}


def url_cells() -> list:
    return [
        pytest.param(state, action, expected, id=f"{state}-{action}")
        for state, row in APPRAISER_URLS.items()
        for action, expected in row.items()
    ]


def desk_state(dossier: Dossier) -> tuple:
    """Everything an appraiser's action could change."""
    dossier = Dossier.objects.get(pk=dossier.pk)
    return (
        dossier.status,
        dossier.version,
        dossier.incoming_number,
        dossier.return_count,
        AuditEntry.objects.changes().count(),
        Appraisal.objects.count(),
        Notification.objects.count(),
        tuple(Nominee.objects.filter(dossier=dossier).values_list("status", flat=True)),
    )


def alerts(response) -> list[tuple[str, str]]:
    """The messages shown on the page: (level, text)."""
    found = re.findall(
        r'<div class="alert alert-(\w+) alert-dismissible[^"]*" role="alert">\s*(.*?)\s*<button',
        response.content.decode(),
        re.S,
    )
    return [(level, html.unescape(text)) for level, text in found]


def post(client, action: str, dossier: Dossier):
    deadline = (timezone.localdate() + dt.timedelta(days=5)).isoformat()
    nominee = dossier.nominees.order_by("order", "pk").first()
    urls = {
        "receive": (reverse("appraisal:receive", args=[dossier.pk]), {}),
        "appraise": (
            reverse("appraisal:appraise", args=[dossier.pk, nominee.pk]),
            {f"n{nominee.pk}-verdict": "not_eligible", f"n{nominee.pk}-reason": "Thiếu"},
        ),
        "return": (
            reverse("appraisal:return", args=[dossier.pk]),
            {"reason": "Bổ sung", "correction_deadline": deadline},
        ),
        "reject": (reverse("appraisal:reject", args=[dossier.pk]), {"reason": "Ngoài phạm vi"}),
        "forward": (reverse("appraisal:forward", args=[dossier.pk]), {}),
    }
    url, data = urls[action]
    return client.post(url, data, follow=True)


def success_message(action: str, dossier: Dossier) -> str:
    dossier = Dossier.objects.get(pk=dossier.pk)
    if action == "receive":
        return (
            f"Đã tiếp nhận hồ sơ, số đến {dossier.incoming_number}, "
            f"hạn xử lý {dossier.due_date:%d/%m/%Y}."
        )
    if action == "appraise":
        return "Đã ghi kết luận “Không đủ điều kiện” cho Đinh Văn Lũy."
    return {
        "return": "Đã trả lại hồ sơ cho đơn vị để bổ sung.",
        "reject": "Đã ghi nhận không tiếp nhận hồ sơ và thông báo cho đơn vị.",
        "forward": "Đã chuyển hồ sơ đến Hội đồng Thi đua - Khen thưởng.",
    }[action]


@pytest.mark.parametrize(("state", "action", "expected"), url_cells())
def test_appraiser_urls_every_state_and_action(
    state, action, expected, campaign, clerk, people, client
) -> None:
    dossier = dossier_in_state(campaign, clerk, state)
    before = desk_state(dossier)
    client.force_login(people["appraiser"])
    response = post(client, action, dossier)
    if expected == NOT_SEEN:
        assert response.status_code == 404
        assert desk_state(dossier) == before
    elif expected in DossierStatus.values:
        assert response.status_code == 200
        assert alerts(response) == [("success", success_message(action, dossier))]
        after = desk_state(dossier)
        assert after[0] == expected
        assert after[4] > before[4]  # audited
    else:
        assert response.status_code == REFUSAL_STATUS[action]
        assert alerts(response) == [("danger", expected)]
        assert desk_state(dossier) == before


@pytest.mark.parametrize("action", ["receive", "appraise", "return", "reject", "forward"])
def test_appraiser_urls_refuse_a_clerk(action, campaign, clerk, client) -> None:
    dossier = dossier_in_state(campaign, clerk, DossierStatus.RECEIVED)
    before = desk_state(dossier)
    client.force_login(clerk)
    response = post(client, action, dossier)
    assert response.status_code == 403
    assert (
        "Chức năng này chỉ dành cho cán bộ thẩm định (Phòng Nội vụ) của cơ quan."
        in response.content.decode()
    )
    assert desk_state(dossier) == before


def test_appraiser_pages_refuse_a_clerk_but_show_him_the_timeline(campaign, clerk, client) -> None:
    dossier = dossier_in_state(campaign, clerk, DossierStatus.SUBMITTED)
    client.force_login(clerk)
    desk_only = "Chức năng này chỉ dành cho cán bộ thẩm định (Phòng Nội vụ) của cơ quan."
    report_readers = (
        "Báo cáo thẩm định chỉ dành cho cán bộ thẩm định, người đứng đầu cơ quan thẩm định, "
        "thành viên Hội đồng và lãnh đạo của cơ quan."
    )
    for url, message in (
        (reverse("appraisal:inbox"), desk_only),
        (reverse("appraisal:dossier", args=[dossier.pk]), desk_only),
        (reverse("appraisal:report", args=[campaign.pk]), report_readers),
    ):
        response = client.get(url)
        assert response.status_code == 403
        assert message in html.unescape(response.content.decode())
    timeline = client.get(reverse("appraisal:timeline", args=[dossier.pk]))
    assert timeline.status_code == 200
    assert "Quá trình xử lý hồ sơ" in timeline.content.decode()


def test_appraiser_of_another_authority_gets_404(campaign, clerk, people, client) -> None:
    dossier = dossier_in_state(campaign, clerk, DossierStatus.SUBMITTED)
    before = desk_state(dossier)
    client.force_login(people["outsider"])
    assert client.get(reverse("appraisal:dossier", args=[dossier.pk])).status_code == 404
    assert client.post(reverse("appraisal:receive", args=[dossier.pk])).status_code == 404
    assert client.get(reverse("appraisal:timeline", args=[dossier.pk])).status_code == 404
    assert desk_state(dossier) == before
