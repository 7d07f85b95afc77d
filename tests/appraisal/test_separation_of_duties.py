"""Separation of duties: a clerk of a unit who is also an appraiser does not appraise his own
unit's dossier; the refusal goes through the transition helper and explains itself."""

from __future__ import annotations

import pytest

from appraisal.services import appraise_nominee, receive_dossier, reject_dossier
from audit.models import AuditEntry
from audit.workflow import TransitionError
from nominations.enums import DossierStatus
from nominations.enums import NomineeStatus as NS
from nominations.workflow import DOSSIER_WORKFLOW
from organizations.enums import Role
from tests.factories import UserFactory, make_person, submitted_dossier

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk_appraiser(authority, clerk):
    """A second clerk of the dossier's unit who also holds the appraiser role."""
    return UserFactory(authority=authority, unit=clerk.unit, roles=[Role.CLERK, Role.APPRAISER])


def test_clerk_appraiser_cannot_receive_own_units_dossier(dossier, clerk_appraiser) -> None:
    version = dossier.version
    with pytest.raises(TransitionError) as refused:
        receive_dossier(actor=clerk_appraiser, dossier=dossier)
    assert refused.value.code == "conflict"
    assert "không được thẩm định" in refused.value.message
    assert "chính đơn vị mình" in refused.value.message
    dossier.refresh_from_db()
    assert (dossier.status, dossier.version) == (DossierStatus.SUBMITTED, version)
    assert not AuditEntry.objects.for_object(dossier).filter(action="dossier.receive").exists()
    assert not DOSSIER_WORKFLOW.can(clerk_appraiser, dossier, "receive")


def test_clerk_appraiser_cannot_reject_or_mark_nominees(
    dossier, clerk_appraiser, appraiser
) -> None:
    with pytest.raises(TransitionError) as refused:
        reject_dossier(actor=clerk_appraiser, dossier=dossier, reason="Không thuộc đối tượng.")
    assert refused.value.code == "conflict"
    receive_dossier(actor=appraiser, dossier=dossier)
    nominee = dossier.nominees.first()
    with pytest.raises(TransitionError) as refused:
        appraise_nominee(actor=clerk_appraiser, nominee=nominee, verdict=NS.ELIGIBLE)
    assert refused.value.code == "conflict"
    nominee.refresh_from_db()
    assert nominee.status != NS.ELIGIBLE


def test_clerk_appraiser_appraises_other_units_dossiers(
    campaign, authority, clerk_appraiser, dossier
) -> None:
    """The rule is about his own unit only: another unit's dossier he receives as usual."""
    other = submitted_dossier(campaign, make_person(Role.CLERK, authority=authority))
    assert other.unit_id != clerk_appraiser.unit_id
    receive_dossier(actor=clerk_appraiser, dossier=other)
    other.refresh_from_db()
    assert other.status == DossierStatus.RECEIVED


def test_plain_appraiser_gets_generic_refusal_elsewhere(dossier, other_authority) -> None:
    """A refusal not about his own unit keeps the generic message."""
    outsider = UserFactory(authority=other_authority, roles=[Role.APPRAISER])
    with pytest.raises(TransitionError) as refused:
        receive_dossier(actor=outsider, dossier=dossier)
    assert refused.value.code == "forbidden"
