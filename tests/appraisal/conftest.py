from __future__ import annotations

import pytest

from tests.factories import make_campaign, submitted_dossier


@pytest.fixture
def campaign(authority, appraiser):
    return make_campaign(
        authority, actor=appraiser, title="Phong trào thi đua đồng bào dân tộc thiểu số"
    )


@pytest.fixture
def dossier(campaign, clerk):
    return submitted_dossier(
        campaign, clerk, names=("Đinh Văn Lũy", "Phạm Thị Hoa", "Nguyễn Văn Đức")
    )
