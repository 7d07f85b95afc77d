"""Fixtures of the decision stage: a campaign with recommended nominees, prize rates, and a
self-signed signing certificate for the Chairman (made per test session, never committed)."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from decisions import signing
from organizations.enums import Role
from tests.factories import (
    UnitFactory,
    clerk_of,
    make_campaign,
    make_person,
    prize_rates,
    recommended_dossier,
)

PASSPHRASE = b"mat-khau-chung-thu"


@pytest.fixture(scope="session")
def chairman_p12() -> bytes:
    return signing.self_signed_pkcs12(
        common_name="Phạm Xuân Vinh", organisation="UBND xã Ba Tơ", passphrase=PASSPHRASE
    )


@pytest.fixture(scope="session")
def stranger_p12() -> bytes:
    return signing.self_signed_pkcs12(
        common_name="Người Lạ", organisation="Không rõ", passphrase=PASSPHRASE
    )


@pytest.fixture
def cert_dir(settings, tmp_path):
    folder = tmp_path / "signing"
    folder.mkdir()
    settings.SIGNING_CERTIFICATES_DIR = folder
    settings.SIGNING_PKCS12_PATH = ""
    return folder


@pytest.fixture
def signer_with_certificate(chairman, cert_dir, chairman_p12, authority):
    (cert_dir / f"{chairman.username}.p12").write_bytes(chairman_p12)
    (cert_dir / f"{chairman.username}.pass").write_text(PASSPHRASE.decode())
    (cert_dir / f"{chairman.username}-signature.svg").write_text(signing.SIGNATURE_SVG)
    (cert_dir / f"seal-{authority.pk}.svg").write_text(signing.seal_svg("UBND XÃ BA TƠ"))
    return chairman


@pytest.fixture
def vice_chairman(authority):
    return make_person(Role.VICE_CHAIRMAN, authority=authority, full_name="Đinh Thị Mai")


@pytest.fixture
def awardable(authority, appraiser):
    """A published campaign with two units' dossiers recommended by the council: two collectives
    and three individuals, Giấy khen; prize coefficients 0.6 / 0.3 since 2024."""
    campaign = make_campaign(authority, title="Phát động Phong trào thi đua chào mừng Đại hội")
    unit_b = UnitFactory(authority=authority, name="UBND xã Ba Bích", short_name="Ba Bích")
    unit_a = UnitFactory(authority=authority, name="Trường THCS Ba Tơ", short_name="THCS Ba Tơ")
    recommended_dossier(
        campaign,
        clerk_of(unit_b),
        names=("Phạm Văn Bình", "Đinh Thị Ân"),
        collectives=("Thôn Gò Ghềnh",),
    )
    recommended_dossier(
        campaign, clerk_of(unit_a), names=("Nguyễn Thị Anh",), collectives=("Tổ Toán - Tin",)
    )
    prize_rates(authority)
    return campaign


SIGN_DAY_BEFORE = dt.date(2026, 6, 30)
SIGN_DAY_OF_CHANGE = dt.date(2026, 7, 1)


def _blank_pdf(*, template_name, data) -> bytes:
    from pypdf import PdfWriter

    out = io.BytesIO()
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": f"{data['number']}/{data['symbol']}"})
    writer.write(out)
    return out.getvalue()


@pytest.fixture
def cheap_render(monkeypatch):
    """A one-page PDF for the render and appended bytes for the signature: for tests of
    numbering and freezing, where real renders would only cost time."""
    monkeypatch.setattr("documents.services.render_pdf", _blank_pdf)
    monkeypatch.setattr("decisions.signing.sign_pdf", lambda pdf, **kw: pdf + b"\n%signed\n")
