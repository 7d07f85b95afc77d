from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from campaigns.models import Campaign
from organizations.models import User


@pytest.fixture
def demo(db) -> Campaign:
    """The demo world (load_demo, twice: it must stay idempotent); its campaign."""
    call_command("load_demo", stdout=StringIO())
    call_command("load_demo", stdout=StringIO())
    return Campaign.objects.get(lead_unit__name="Phòng Dân tộc")


def user(username: str) -> User:
    return User.objects.get(username=username)
