"""What the later stages decided about a unit's nominees, for the clerk's pages.

The clerk's desk belongs to this stage, yet its pages show what came after: the appraiser's
verdict and what to correct, the council's result, the award. Later stages register a provider
here in their AppConfig.ready() (nominations never imports them); each provider answers for a
whole list of nominees in a constant number of queries.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from .models import Nominee


@dataclass(frozen=True)
class Outcome:
    stage: str  # "Thẩm định"
    result: str  # "Cần bổ sung, chỉnh sửa"
    note: str = ""  # the reason, what to correct, the decision's number
    tone: str = ""  # success, danger, warning or "" (badge colour)


Provider = Callable[[Sequence[Nominee]], Mapping[int, Outcome]]
_PROVIDERS: dict[str, tuple[int, Provider]] = {}


def register_outcome_provider(name: str, provider: Provider, *, order: int) -> None:
    """Register (or replace, on a second ready()) one stage's provider; `order` is the flow's."""
    _PROVIDERS[name] = (order, provider)


def outcomes_for(nominees: Sequence[Nominee]) -> dict[int, list[Outcome]]:
    """Each nominee's outcomes, in the order of the flow."""
    result: dict[int, list[Outcome]] = {n.pk: [] for n in nominees}
    if not nominees:
        return result
    for _order, provider in sorted(_PROVIDERS.values(), key=lambda item: item[0]):
        for pk, outcome in provider(nominees).items():
            if pk in result:
                result[pk].append(outcome)
    return result


def attach_outcomes(nominees: Sequence[Nominee]) -> None:
    """Set `outcomes` and `note` (the latest stage's note) on each nominee, for templates."""
    found = outcomes_for(nominees)
    for nominee in nominees:
        nominee.outcomes = found.get(nominee.pk, [])
        nominee.note = next((o.note for o in reversed(nominee.outcomes) if o.note), "")
