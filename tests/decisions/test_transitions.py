"""The decision's transition table and permissions, every state × action, the expected answers
written out here (never read from the table under test). Each state is reached through the
services."""

from __future__ import annotations

import pytest

from audit.workflow import TransitionError
from decisions.enums import DecisionPurpose
from decisions.services import (
    draft_correction,
    draft_decisions,
    return_decision,
    sign_decisions,
    submit_decision,
)
from decisions.workflow import DECISION_WORKFLOW
from organizations.enums import Role
from tests.factories import (
    UnitFactory,
    clerk_of,
    make_campaign,
    make_person,
    prize_rates,
    recommended_dossier,
    staff,
)

from .conftest import SIGN_DAY_BEFORE

pytestmark = pytest.mark.django_db

X = "illegal_state"
ACTIONS = ("submit", "withdraw", "return", "sign", "amend", "revoke")
# fmt: off
MATRIX = {
    #             submit       withdraw  return      sign      amend      revoke
    "draft":     ("submitted", X,        X,          X,        X,         X),
    "submitted": (X,           "draft",  "returned", "signed", X,         X),
    "returned":  ("submitted", X,        X,          X,        X,         X),
    "signed":    (X,           X,        X,          X,        "amended", "revoked"),
    "amended":   (X,           X,        X,          X,        "amended", "revoked"),
    "revoked":   (X,           X,        X,          X,        X,         X),
}
# fmt: on
ACTOR = {
    "submit": "appraiser",
    "withdraw": "appraiser",
    "return": "chairman",
    "sign": "chairman",
    "amend": "chairman",
    "revoke": "chairman",
}  # fmt: skip


@pytest.fixture
def in_states(authority, appraiser, chairman, cheap_render):
    campaign = make_campaign(authority, title="Phát động Phong trào thi đua ma trận")
    unit = UnitFactory(authority=authority, name="UBND xã Ba Động")
    recommended_dossier(campaign, clerk_of(unit), names=[f"Đinh Văn Số {i}" for i in range(6)])
    prize_rates(authority)
    decisions = [
        draft_decisions(actor=appraiser, campaign=campaign, signer=chairman, nominees=[n])[0][0]
        for n in campaign.dossiers.get().nominees.order_by("pk")
    ]
    _draft, submitted, returned, signed, amended, revoked = decisions
    for d in (submitted, returned, signed, amended, revoked):
        submit_decision(actor=appraiser, decision=d)
    return_decision(actor=chairman, decision=returned, comment="Sửa lại.")
    sign_decisions(actor=chairman, decisions=[signed, amended, revoked], day=SIGN_DAY_BEFORE)
    for target, purpose in ((amended, DecisionPurpose.AMEND), (revoked, DecisionPurpose.REVOKE)):
        target.refresh_from_db()
        fix = draft_correction(actor=appraiser, target=target, purpose=purpose, signer=chairman,
                               amendment_text="Sửa tên đơn vị.")  # fmt: skip
        submit_decision(actor=appraiser, decision=fix)
        sign_decisions(actor=chairman, decisions=[fix], day=SIGN_DAY_BEFORE)
    found = {}
    for d in decisions:
        d.refresh_from_db()
        found[d.status] = d
    assert sorted(found) == sorted(MATRIX)
    return found


def test_decision_every_state_and_action(in_states, appraiser, chairman) -> None:
    people = {"appraiser": appraiser, "chairman": chairman}
    answers = {}
    for state, decision in in_states.items():
        row = []
        for action in ACTIONS:
            try:
                t = DECISION_WORKFLOW.check(
                    actor=people[ACTOR[action]], locked=decision, action=action
                )
                row.append(t.target)
            except TransitionError as exc:
                row.append(exc.code)
        answers[state] = tuple(row)
    assert answers == MATRIX


def test_decision_who_may_take_each_action(in_states, authority, other_authority, appraiser,
                                           chairman) -> None:  # fmt: skip
    people = {
        "appraiser": appraiser,
        "chairman": chairman,
        "vice": make_person(Role.VICE_CHAIRMAN, authority=authority),
        "clerk": clerk_of(UnitFactory(authority=authority)),
        "council": make_person(Role.COUNCIL_MEMBER, authority=authority),
        "outsider": staff(other_authority, Role.CHAIRMAN),
    }
    cases = {("submit", "draft"), ("withdraw", "submitted"), ("return", "submitted"),
             ("sign", "submitted"), ("revoke", "signed")}  # fmt: skip
    answers = {}
    for action, state in sorted(cases):
        for who, person in people.items():
            answers[(action, who)] = DECISION_WORKFLOW.can(person, in_states[state], action)
    # The named signer (the chairman) signs or returns; any signer of the authority signs a
    # correction into force; only Phòng Nội vụ drafts, submits and withdraws.
    expected = {
        ("return", "appraiser"): False, ("return", "chairman"): True, ("return", "vice"): False,
        ("revoke", "appraiser"): False, ("revoke", "chairman"): True, ("revoke", "vice"): True,
        ("sign", "appraiser"): False, ("sign", "chairman"): True, ("sign", "vice"): False,
        ("submit", "appraiser"): True, ("submit", "chairman"): False, ("submit", "vice"): False,
        ("withdraw", "appraiser"): True, ("withdraw", "chairman"): False,
        ("withdraw", "vice"): False,
    }  # fmt: skip
    for action, _state in cases:
        for who in ("clerk", "council", "outsider"):
            expected[(action, who)] = False
    assert answers == expected
