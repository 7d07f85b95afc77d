"""Fixtures of the stage after the signature: a signed decision (the decision stage's fixtures:
a campaign with two units' recommended nominees, signed with a self-signed certificate)."""

from __future__ import annotations

import pytest

from decisions.enums import DecisionStatus, Grouping
from decisions.services import draft_decisions, sign_decisions, submit_decision
from tests.decisions.conftest import (  # noqa: F401  (fixtures)
    SIGN_DAY_BEFORE,
    awardable,
    cert_dir,
    chairman_p12,
    signer_with_certificate,
)


@pytest.fixture
def signed_decision(awardable, appraiser, signer_with_certificate):  # noqa: F811
    (decision,), _ = draft_decisions(
        actor=appraiser,
        campaign=awardable,
        signer=signer_with_certificate,
        grouping=Grouping.SINGLE,
    )
    submit_decision(actor=appraiser, decision=decision)
    sign_decisions(actor=signer_with_certificate, decisions=[decision], day=SIGN_DAY_BEFORE)
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.SIGNED
    return decision
