"""Two-factor login (TOTP, django-otp) that an authority can require for its signers and council
members (Authority.two_factor_required). A person required to use it is "verified" only after he
entered a code from his authenticator in this session (django-otp's OTPMiddleware sets
`user.otp_device`); the sign-off approval permission (documents/rules.py) asks for it."""

from __future__ import annotations

from typing import Any

import segno
from django_otp.plugins.otp_totp.models import TOTPDevice

from .enums import SIGNER_ROLES, Role

TWO_FACTOR_ROLES = frozenset({*SIGNER_ROLES, Role.COUNCIL_MEMBER, Role.COUNCIL_SECRETARY})


def requires_two_factor(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.authority_id:
        return False
    return bool(user.authority.two_factor_required and user.roles & TWO_FACTOR_ROLES)


def is_verified(user: Any) -> bool:
    """A code was entered in this session (django-otp sets user.otp_device on the request's user)."""
    return getattr(user, "otp_device", None) is not None


def passes_two_factor(user: Any) -> bool:
    return not requires_two_factor(user) or is_verified(user)


def confirmed_device(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_device(user: Any) -> TOTPDevice:
    """The unconfirmed device being set up (made once), shown as a QR code until confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="TOTP", confirmed=False)


def qr_svg(device: TOTPDevice) -> str:
    return segno.make(device.config_url, error="m").svg_inline(scale=4)


def two_factor_status(user: Any, session_verified: bool) -> dict[str, bool]:
    return {
        "required": requires_two_factor(user),
        "has_device": confirmed_device(user) is not None,
        "verified": session_verified,
    }
