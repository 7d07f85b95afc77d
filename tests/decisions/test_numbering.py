"""Numbers under concurrency (real PostgreSQL row locks): 100 decisions signed at once get 100
distinct consecutive numbers; two sign-offs of the same decision sign it once.

The render and the signature are replaced here by cheap stand-ins (a one-page PDF, appended
bytes): what is under test is the register's counter and the decision's row lock, and 100 real
renders would only slow the test (they are exercised in test_services.py and test_signatures.py).
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection

from audit.workflow import TransitionError
from decisions.models import Decision
from decisions.services import draft_decisions, sign_decisions, submit_decision
from documents.models import RegisterEntry
from nominations.models import Nominee
from tests.factories import clerk_of, make_campaign, prize_rates, recommended_dossier

from .conftest import SIGN_DAY_BEFORE

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def race(*calls: Callable[[], object]) -> list[object]:
    barrier = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)

    def run(i: int, call: Callable[[], object]) -> None:
        try:
            barrier.wait()
            results[i] = call()
        except Exception as exc:
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    return results


def _submitted(authority, appraiser, chairman, count: int) -> tuple[list[Decision], int]:
    campaign = make_campaign(authority, title="Phát động Phong trào thi đua số lớn")
    from tests.factories import UnitFactory

    unit = UnitFactory(authority=authority, name="UBND xã Ba Vì")
    recommended_dossier(
        campaign, clerk_of(unit), names=[f"Đinh Văn Thứ {i:03d}" for i in range(count)]
    )
    prize_rates(authority)
    decisions = []
    for nominee in Nominee.objects.filter(dossier__campaign=campaign).order_by("pk"):
        (decision,), _ = draft_decisions(
            actor=appraiser, campaign=campaign, signer=chairman, nominees=[nominee]
        )
        decisions.append(submit_decision(actor=appraiser, decision=decision))
    return decisions, campaign.number


def test_numbering_100_decisions_signed_at_once_get_100_consecutive_numbers(
    authority, appraiser, chairman, cheap_render
) -> None:
    decisions, plan_number = _submitted(authority, appraiser, chairman, 100)
    batches = [decisions[i::10] for i in range(10)]  # ten signers' sessions of ten each
    results = race(
        *(
            (
                lambda batch=batch: sign_decisions(
                    actor=chairman, decisions=batch, day=SIGN_DAY_BEFORE
                )
            )
            for batch in batches
        )
    )
    assert [r for r in results if isinstance(r, Exception)] == []
    numbers = sorted(Decision.objects.values_list("number", flat=True))
    assert numbers == list(range(plan_number + 1, plan_number + 101))
    entries = RegisterEntry.objects.filter(target_kind="decision")
    assert sorted(entries.values_list("number", flat=True)) == numbers
    assert set(Decision.objects.values_list("status", flat=True)) == {"signed"}
    assert Nominee.objects.filter(status="awarded").count() == 100
    # Each decision's number is its own register entry's.
    assert all(d.number == d.register_entry.number for d in Decision.objects.all())


def test_numbering_two_signoffs_of_one_decision_sign_it_once(
    authority, appraiser, chairman, cheap_render
) -> None:
    (decision,), plan_number = _submitted(authority, appraiser, chairman, 1)
    results = race(
        lambda: sign_decisions(actor=chairman, decisions=[decision], day=SIGN_DAY_BEFORE),
        lambda: sign_decisions(actor=chairman, decisions=[decision], day=SIGN_DAY_BEFORE),
    )
    errors = [r for r in results if isinstance(r, TransitionError)]
    assert [e.code for e in errors] == ["illegal_state"]
    assert list(
        RegisterEntry.objects.filter(target_kind="decision").values_list("number", flat=True)
    ) == [plan_number + 1]
