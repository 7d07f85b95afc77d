"""The demo holds a signed decision of the seed's authority, drafted from the council demo's
closed session and approved on the Chairman's signing page."""

from __future__ import annotations

import io
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from decisions import money, signing
from decisions.models import BaseSalary, Decision
from documents.models import SignOffRequest
from documents.vietnamese import long_date
from documents.vietnamese import money as vn_money

pytestmark = pytest.mark.django_db


def test_demo_has_a_signed_decision_of_the_seed_authority(artifacts_dir) -> None:
    out = StringIO()
    call_command("load_demo", stdout=out)
    decision = Decision.objects.get()
    assert decision.authority.short_name == "UBND huyện Ba Tơ"
    assert decision.status == "signed" and decision.session is not None
    day = decision.signed_on
    assert day == decision.session.issued_on  # not before the council's proposal
    assert f"Quyết định demo: {decision.reference} ngày {day:%d/%m/%Y}" in out.getvalue()
    signoff = SignOffRequest.objects.get(kind="decision", object_id=str(decision.pk))
    assert (signoff.status, signoff.register_entry) == ("approved", decision.register_entry)
    with decision.signed_file.open("rb") as fh:
        content = fh.read()
    report = signing.validate(content, certificate=signing.signer_certificate(decision.signer))
    assert (report.intact, report.valid, report.entire_file) == (True, True, True)
    text = " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages).split()
    )
    assert f"Số: {decision.number:02d}/QĐ-UBND" in text
    assert f"Ba Tơ, {long_date(day)}" in text
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN BA TƠ" in text
    base = money.in_force(BaseSalary.objects.all(), day).amount
    line = decision.lines.filter(recipient_kind="individual").first()
    assert line.amount == money.round_up(Decimal("0.3") * base)
    assert f"mỗi cá nhân {vn_money(line.amount)}" in text
    (artifacts_dir / "quyet-dinh-demo.pdf").write_bytes(content)
    call_command("load_demo", stdout=StringIO())
    assert Decision.objects.count() == 1
