"""The counting rules against cases worked out by hand (council/voting.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from council.enums import Comparison, Outcome, VotingBase, VotingMethod
from council.voting import Count, Rule, count_item, meets, quorum_met

CSTDCS = Rule(
    method=VotingMethod.SECRET,
    share_percent=Decimal(80),
    comparison=Comparison.AT_LEAST,
    base=VotingBase.ALL_MEMBERS,
)
GIAY_KHEN = Rule(
    method=VotingMethod.OPEN,
    share_percent=Decimal(50),
    comparison=Comparison.MORE_THAN,
    base=VotingBase.PRESENT,
)


@pytest.mark.parametrize(
    ("votes", "base", "comparison", "share", "expected"),
    [
        # 80% of 9 = 7.2: 7 fails, 8 passes "at least".
        (7, 9, Comparison.AT_LEAST, 80, False),
        (8, 9, Comparison.AT_LEAST, 80, True),
        # 80% of 10 = 8 exactly: "at least" passes, "more than" fails.
        (8, 10, Comparison.AT_LEAST, 80, True),
        (8, 10, Comparison.MORE_THAN, 80, False),
        (9, 10, Comparison.MORE_THAN, 80, True),
        # Half of 6 = 3: "more than half" needs 4.
        (3, 6, Comparison.MORE_THAN, 50, False),
        (4, 6, Comparison.MORE_THAN, 50, True),
        (3, 6, Comparison.AT_LEAST, 50, True),
        # Nobody to count against.
        (0, 0, Comparison.AT_LEAST, 0, False),
    ],
)
def test_meets_thresholds_at_least_and_more_than(votes, base, comparison, share, expected):
    rule = Rule(share_percent=Decimal(share), comparison=comparison)
    assert meets(votes, base, rule) is expected


@pytest.mark.parametrize(
    ("participants", "members", "expected"),
    [(6, 9, True), (5, 9, False), (7, 10, True), (6, 10, False), (2, 3, True)],
)
def test_quorum_two_thirds_of_the_members(participants, members, expected):
    # 2/3 of 9 = 6; 2/3 of 10 = 6.67 so 7 are needed.
    assert quorum_met(participants, members, Rule()) is expected


def test_count_cstdcs_needs_80_percent_of_all_members_not_of_those_present():
    # 9 members, 7 present: 7 agree = 77.78% of 9 → not recommended, though 100% of present.
    r = count_item(Count(members=9, present=7, agree=7), CSTDCS)
    assert (r.outcome, r.base, r.share, r.participants) == (
        Outcome.NOT_RECOMMENDED,
        9,
        Decimal("77.78"),
        7,
    )
    # With 8 present, 8 agree = 88.89% ≥ 80% → recommended.
    r = count_item(Count(members=9, present=8, agree=8), CSTDCS)
    assert (r.outcome, r.share) == (Outcome.RECOMMENDED, Decimal("88.89"))


def test_count_giay_khen_more_than_half_of_those_present():
    # 9 members, 6 present: 4 agree, 2 disagree = 66.67% of 6 → recommended.
    r = count_item(Count(members=9, present=6, agree=4, disagree=2), GIAY_KHEN)
    assert (r.outcome, r.base, r.share) == (Outcome.RECOMMENDED, 6, Decimal("66.67"))
    # 3 agree, 2 disagree, 1 blank of 6 = exactly half → not "more than half".
    r = count_item(Count(members=9, present=6, agree=3, disagree=2), GIAY_KHEN)
    assert (r.outcome, r.share) == (Outcome.NOT_RECOMMENDED, Decimal("50.00"))


def test_count_quorum_missed_is_reported_never_decided():
    # 9 members, 5 present: 5 < 6 (two thirds) → no quorum, whatever the votes.
    r = count_item(Count(members=9, present=5, agree=5), GIAY_KHEN)
    assert (r.outcome, r.quorum_met, r.agree) == (Outcome.NO_QUORUM, False, 5)


def test_count_tie_is_reported_never_decided():
    # 6 present: 3 agree, 3 disagree → tie (even under "at least 50%", which 3/6 would meet).
    rule = Rule(share_percent=Decimal(50), comparison=Comparison.AT_LEAST)
    r = count_item(Count(members=6, present=6, agree=3, disagree=3), rule)
    assert r.outcome == Outcome.TIE


def test_count_recusal_under_each_base():
    # 7 members all present, 1 recused, 5 agree, 1 disagree.
    count = Count(members=7, present=7, agree=5, disagree=1, recused=1)
    at_least_80 = {"share_percent": Decimal(80), "comparison": Comparison.AT_LEAST}
    # All members: 5/7 = 71.43% → not recommended.
    r = count_item(count, Rule(base=VotingBase.ALL_MEMBERS, **at_least_80))
    assert (r.outcome, r.base, r.share) == (Outcome.NOT_RECOMMENDED, 7, Decimal("71.43"))
    # Present: 5/7 as well.
    r = count_item(count, Rule(base=VotingBase.PRESENT, **at_least_80))
    assert (r.outcome, r.base) == (Outcome.NOT_RECOMMENDED, 7)
    # Present less recused: 5/6 = 83.33% → recommended.
    r = count_item(count, Rule(base=VotingBase.PRESENT_LESS_RECUSED, **at_least_80))
    assert (r.outcome, r.base, r.share) == (Outcome.RECOMMENDED, 6, Decimal("83.33"))


def test_count_written_ballot_counts_only_if_the_rule_says_so():
    # 9 members: 5 present (4 agree, 1 disagree), 1 absent with a written "agree".
    count = Count(members=9, present=5, agree=4, disagree=1, written=1, written_agree=1)
    # Counted: 6 take part = quorum (6 ≥ 6); 5 agree of 6 → recommended (83.33% > 50%).
    r = count_item(count, GIAY_KHEN)
    assert (r.outcome, r.participants, r.agree, r.base) == (Outcome.RECOMMENDED, 6, 5, 6)
    # Not counted: 5 take part < 6 → no quorum.
    rule = Rule(**{**GIAY_KHEN.__dict__, "written_ballots_count": False})
    r = count_item(count, rule)
    assert (r.outcome, r.participants, r.agree) == (Outcome.NO_QUORUM, 5, 4)


def test_count_different_form_proposed_by_enough_members():
    # 6 present: 1 agrees, 5 propose form 42 (a higher award): 5/6 > 50% → that form.
    r = count_item(Count(members=6, present=6, agree=1, other_forms={42: 5}), GIAY_KHEN)
    assert (r.outcome, r.other_form) == (Outcome.RECOMMENDED_OTHER, 42)
    # 3 agree, 3 propose another form: neither reaches more than half → not recommended.
    r = count_item(Count(members=6, present=6, agree=3, other_forms={42: 3}), GIAY_KHEN)
    assert r.outcome == Outcome.NOT_RECOMMENDED


def test_count_consensus_needs_nobody_against():
    rule = Rule(method=VotingMethod.CONSENSUS)
    assert count_item(Count(members=5, present=5, agree=5), rule).outcome == Outcome.RECOMMENDED
    r = count_item(Count(members=5, present=5, agree=4, disagree=1), rule)
    assert r.outcome == Outcome.NOT_RECOMMENDED
