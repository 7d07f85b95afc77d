"""Separation of duties in the council: a member who is himself a nominee, or (by the council's
setting, on by default) of the nominee's unit, does not vote on him: he is recorded as recused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from council.enums import CouncilRole
from council.models import Recusal
from council.services import add_member
from organizations.enums import Role
from tests.factories import (
    UnitFactory,
    clerk_of,
    council_session,
    make_campaign,
    make_council,
    make_person,
)

pytestmark = pytest.mark.django_db


def _recusals(session) -> set[tuple[str, str]]:
    return {
        (r.member.full_name, r.item.nominee.full_name)
        for r in Recusal.objects.filter(item__session=session).select_related(
            "member", "item__nominee"
        )
    }


def test_member_who_is_a_nominee_or_of_his_unit_is_recused(authority) -> None:
    council = make_council(authority, members=3)
    unit = UnitFactory(authority=authority, name="Trường Tiểu học Ba Tơ")
    colleague = make_person(
        Role.COUNCIL_MEMBER, authority=authority, unit=unit, full_name="Phạm Văn Đồng Nghiệp"
    )
    add_member(
        actor=None,
        council=council,
        person=colleague,
        role=CouncilRole.MEMBER,
        start_date=timezone.localdate() - dt.timedelta(days=30),
    )
    session = council_session(
        make_campaign(authority),
        council,
        names=("Thành viên Hội đồng 2", "Phạm Thị Hoa"),
        state="called",
        clerk=clerk_of(unit),
    )
    assert _recusals(session) == {
        ("Thành viên Hội đồng 2", "Thành viên Hội đồng 2"),
        ("Phạm Văn Đồng Nghiệp", "Thành viên Hội đồng 2"),
        ("Phạm Văn Đồng Nghiệp", "Phạm Thị Hoa"),
    }
    reasons = set(Recusal.objects.filter(item__session=session).values_list("reason", flat=True))
    assert reasons == {
        "Thành viên là người được đề nghị khen thưởng.",
        "Thành viên thuộc đơn vị có tập thể, cá nhân được đề nghị.",
    }


def test_own_unit_rule_can_be_switched_off(authority) -> None:
    council = make_council(authority, members=3)
    council.recuse_own_unit = False
    council.save(update_fields=["recuse_own_unit"])
    unit = UnitFactory(authority=authority)
    colleague = make_person(Role.COUNCIL_MEMBER, authority=authority, unit=unit)
    add_member(
        actor=None,
        council=council,
        person=colleague,
        role=CouncilRole.MEMBER,
        start_date=timezone.localdate() - dt.timedelta(days=30),
    )
    session = council_session(
        make_campaign(authority),
        council,
        names=("Thành viên Hội đồng 3", "Phạm Thị Hoa"),
        state="called",
        clerk=clerk_of(unit),
    )
    assert _recusals(session) == {("Thành viên Hội đồng 3", "Thành viên Hội đồng 3")}
