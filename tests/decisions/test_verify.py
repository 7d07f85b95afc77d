"""verify_documents covers the decisions' digitally signed files (issue 14: "every PDF's SHA-256
and every signature still valid")."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from decisions import signing
from decisions.models import Decision
from decisions.services import draft_decisions, sign_decisions, submit_decision

from .conftest import SIGN_DAY_BEFORE


def _signed(awardable, appraiser, chairman) -> Decision:
    decisions, _ = draft_decisions(actor=appraiser, campaign=awardable, signer=chairman)
    for d in decisions:
        submit_decision(actor=appraiser, decision=d)
    sign_decisions(actor=chairman, decisions=decisions, day=SIGN_DAY_BEFORE)
    return Decision.objects.exclude(signed_file="").order_by("pk").first()


def test_signed_decisions_are_checked_and_an_altered_one_is_named(
    awardable, appraiser, signer_with_certificate
) -> None:
    decision = _signed(awardable, appraiser, signer_with_certificate)
    count, problems = signing.verify_signed_decisions()
    assert count == Decision.objects.exclude(signed_file="").count() >= 1
    assert problems == []
    out = StringIO()
    call_command("verify_documents", stdout=out)
    assert f"signed decisions: {count} checked" in out.getvalue()

    path = Path(decision.signed_file.path)
    content = bytearray(path.read_bytes())
    content[len(content) // 2] ^= 0x01  # one bit inside the signed bytes
    path.write_bytes(bytes(content))
    err = StringIO()
    with pytest.raises(CommandError, match="do not match"):
        call_command("verify_documents", stdout=StringIO(), stderr=err)
    assert f"decision id {decision.pk} ({decision.signed_file.name}): SHA-256" in err.getvalue()


def test_a_missing_signed_file_is_named(awardable, appraiser, signer_with_certificate) -> None:
    decision = _signed(awardable, appraiser, signer_with_certificate)
    decision.signed_file.storage.delete(decision.signed_file.name)
    _count, problems = signing.verify_signed_decisions()
    assert (
        f"decision id {decision.pk} ({decision.signed_file.name}): signed file missing" in problems
    )
