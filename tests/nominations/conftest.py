from __future__ import annotations

import pytest

from campaigns.enums import RecipientKind
from organizations.enums import Role
from tests.factories import UnitFactory, make_campaign, make_person

TITLE = "Phong trào thi đua “Đồng bào các dân tộc thiểu số huyện Ba Tơ chung sức xây dựng nông thôn mới”"
FORMS = (
    ("giay-khen-ca-nhan", "Giấy khen của Chủ tịch UBND (cá nhân)", RecipientKind.INDIVIDUAL, 1),
    ("giay-khen-tap-the", "Giấy khen của Chủ tịch UBND (tập thể)", RecipientKind.COLLECTIVE, 2),
)


@pytest.fixture
def campaign(authority, appraiser):
    # Giấy khen for individuals and for collectives; one dossier per unit.
    return make_campaign(
        authority,
        actor=appraiser,
        title=TITLE,
        forms=FORMS,
        max_dossiers_per_unit=1,
    )


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
