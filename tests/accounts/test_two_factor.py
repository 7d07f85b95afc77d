"""Two-factor login (TOTP) required by the authority for signers: a signer without a code in
this session cannot approve a sign-off (the permission refuses it, on every stage's signing)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import AuditEntry
from documents.enums import SignOffStatus
from documents.services import pending_signoff
from organizations.enums import Role
from organizations.two_factor import requires_two_factor
from tests.factories import make_campaign, make_person, send_for_signature, signer_of

pytestmark = pytest.mark.django_db


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


@pytest.fixture
def waiting(authority):
    authority.two_factor_required = True
    authority.save()
    campaign = make_campaign(authority, publish=False)
    send_for_signature(campaign)
    signoff = pending_signoff(kind="plan", object_id=campaign.pk)
    assert signoff is not None
    return signoff


def test_who_is_required(authority, unit) -> None:
    authority.two_factor_required = True
    authority.save()
    assert requires_two_factor(signer_of(authority))
    assert requires_two_factor(make_person(Role.COUNCIL_MEMBER, authority=authority))
    assert not requires_two_factor(make_person(Role.CLERK, authority=authority, unit=unit))
    authority.two_factor_required = False
    authority.save()
    assert not requires_two_factor(signer_of(authority))


def test_a_signer_without_two_factor_cannot_sign(client, waiting) -> None:
    signer = waiting.signer
    client.force_login(signer)
    page = client.get(waiting.get_absolute_url()).content.decode()
    assert "Cơ quan yêu cầu xác thực hai lớp trước khi ký" in page
    client.post(reverse("signoff:approve", args=[waiting.pk]), {"version": waiting.version})
    waiting.refresh_from_db()
    assert waiting.status == SignOffStatus.PENDING
    assert AuditEntry.objects.filter(action="audit.refusal", actor=signer).exists()


def test_set_up_verify_then_sign(client, waiting, settings) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # a wrong code would otherwise delay the next try
    signer = waiting.signer
    client.force_login(signer)
    page = client.get(reverse("two_factor_setup")).content.decode()
    assert "<svg" in page and "Bật xác thực hai lớp" in page
    device = TOTPDevice.objects.get(user=signer, confirmed=False)

    response = client.post(reverse("two_factor_setup"), {"token": "12345x"})
    assert "Mã gồm đúng 6 chữ số." in response.content.decode()
    wrong = f"{(int(_code(device)) + 1) % 1000000:06d}"
    response = client.post(reverse("two_factor_setup"), {"token": wrong})
    assert "Mã không đúng hoặc đã hết hạn" in response.content.decode()
    response = client.post(reverse("two_factor_setup"), {"token": _code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed

    # A new session (a new login) must enter a code again before signing.
    client.logout()
    client.force_login(signer)
    client.post(reverse("signoff:approve", args=[waiting.pk]), {"version": waiting.version})
    waiting.refresh_from_db()
    assert waiting.status == SignOffStatus.PENDING

    device.refresh_from_db()
    device.last_t = -1  # the code of this time step was used at set-up: take a fresh device state
    device.save()
    response = client.post(
        reverse("two_factor_verify"), {"token": _code(device), "next": waiting.get_absolute_url()}
    )
    assert response.status_code == 302 and response["Location"] == waiting.get_absolute_url()
    page = client.get(waiting.get_absolute_url()).content.decode()
    assert "Cơ quan yêu cầu xác thực hai lớp trước khi ký" not in page
    client.post(reverse("signoff:approve", args=[waiting.pk]), {"version": waiting.version})
    waiting.refresh_from_db()
    assert waiting.status == SignOffStatus.APPROVED
    assert AuditEntry.objects.filter(action="auth.two_factor_verified", actor=signer).exists()


def test_without_the_requirement_signing_needs_no_code(client, authority) -> None:
    campaign = make_campaign(authority, publish=False)
    send_for_signature(campaign)
    signoff = pending_signoff(kind="plan", object_id=campaign.pk)
    client.force_login(signoff.signer)
    client.post(reverse("signoff:approve", args=[signoff.pk]), {"version": signoff.version})
    signoff.refresh_from_db()
    assert signoff.status == SignOffStatus.APPROVED
