from __future__ import annotations

import pytest

from organizations.enums import Role
from tests.factories import UnitFactory, make_campaign, make_person


@pytest.fixture
def campaign(authority):
    return make_campaign(authority)


@pytest.fixture
def other_unit(authority):
    return UnitFactory(authority=authority, name="UBND xã Ba Bích")


@pytest.fixture
def other_clerk(authority, other_unit):
    return make_person(Role.CLERK, authority=authority, unit=other_unit, full_name="Phạm Văn Bích")


@pytest.fixture
def clerk_client(client, clerk):
    client.force_login(clerk)
    return client
