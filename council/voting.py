"""Vote counting: pure functions over counts, no database. Worked by hand in
tests/council/test_voting.py.

An item's result, in this order:
1. the quorum: members taking part (present, plus absent members whose written ballot counts)
   must be at least quorum_numerator / quorum_denominator of the session's voting members;
   otherwise NO_QUORUM;
2. consensus: recommended when nobody disagrees and at least one agrees, else not recommended;
3. a tie (as many for as against, at least one each) is reported as TIE, never decided;
4. the votes for the proposed form against the base (all voting members, those taking part,
   or those taking part less the recused), "at least" or "more than" the share: RECOMMENDED;
5. else the votes for one other form meeting the same threshold (the most voted, if several):
   RECOMMENDED_OTHER;
6. else NOT_RECOMMENDED.
The arithmetic is exact (integers and Decimal): 80 % of 9 members is 7.2, so 7 votes fail
"at least 80 %" and 8 pass.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from .enums import Comparison, Outcome, VotingBase, VotingMethod


@dataclass(frozen=True)
class Rule:
    method: str = VotingMethod.OPEN
    share_percent: Decimal = Decimal(50)
    comparison: str = Comparison.MORE_THAN
    base: str = VotingBase.PRESENT
    quorum_numerator: int = 2
    quorum_denominator: int = 3
    written_ballots_count: bool = True


@dataclass(frozen=True)
class Count:
    """What is known of one item when voting closes.

    `members`: the session's voting members; `present`: those present; `written`: absent
    members who sent a written ballot; `recused`: members (present or written) who took no part
    on this item; `agree`, `disagree`: the counted ballots (written ones included only if
    `written_agree`/`written_disagree` are given and the rule counts them); `other_forms`: votes
    for another form, by form id.
    """

    members: int
    present: int
    agree: int = 0
    disagree: int = 0
    other_forms: Mapping[int, int] = field(default_factory=dict)
    written: int = 0
    written_agree: int = 0
    written_disagree: int = 0
    written_other_forms: Mapping[int, int] = field(default_factory=dict)
    recused: int = 0


@dataclass(frozen=True)
class Result:
    outcome: str
    agree: int
    disagree: int
    other_forms: dict[int, int]
    participants: int
    base: int
    share: Decimal | None  # agree / base in percent, two decimals
    quorum_met: bool
    other_form: int | None = None  # the form id of a RECOMMENDED_OTHER


def meets(votes: int, base: int, rule: Rule) -> bool:
    """Whether `votes` out of `base` reach the rule's share."""
    if base <= 0:
        return False
    lhs = Decimal(votes) * 100
    rhs = Decimal(rule.share_percent) * base
    return lhs >= rhs if rule.comparison == Comparison.AT_LEAST else lhs > rhs


def quorum_met(participants: int, members: int, rule: Rule) -> bool:
    return participants * rule.quorum_denominator >= rule.quorum_numerator * members


def percent(votes: int, base: int) -> Decimal | None:
    if base <= 0:
        return None
    return (Decimal(votes) * 100 / base).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def count_item(count: Count, rule: Rule) -> Result:
    written = count.written if rule.written_ballots_count else 0
    participants = count.present + written
    agree, disagree = count.agree, count.disagree
    others = dict(count.other_forms)
    if rule.written_ballots_count:
        agree += count.written_agree
        disagree += count.written_disagree
        for form, n in count.written_other_forms.items():
            others[form] = others.get(form, 0) + n
    others = {f: n for f, n in others.items() if n}
    if rule.base == VotingBase.ALL_MEMBERS:
        base = count.members
    elif rule.base == VotingBase.PRESENT:
        base = participants
    else:
        base = participants - count.recused
    share = percent(agree, base)
    ok_quorum = quorum_met(participants, count.members, rule)

    def result(outcome: str, other: int | None = None) -> Result:
        return Result(
            outcome=outcome,
            agree=agree,
            disagree=disagree,
            other_forms=others,
            participants=participants,
            base=base,
            share=share,
            quorum_met=ok_quorum,
            other_form=other,
        )

    if not ok_quorum:
        return result(Outcome.NO_QUORUM)
    if rule.method == VotingMethod.CONSENSUS:
        ok = agree > 0 and disagree == 0 and not others
        return result(Outcome.RECOMMENDED if ok else Outcome.NOT_RECOMMENDED)
    if agree == disagree and agree > 0:
        return result(Outcome.TIE)
    if meets(agree, base, rule):
        return result(Outcome.RECOMMENDED)
    if others:
        form, votes = max(others.items(), key=lambda kv: (kv[1], -kv[0]))
        tied = [f for f, n in others.items() if n == votes]
        if meets(votes, base, rule):
            if len(tied) > 1:
                return result(Outcome.TIE)
            return result(Outcome.RECOMMENDED_OTHER, form)
    return result(Outcome.NOT_RECOMMENDED)
