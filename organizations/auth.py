"""Logins: the lockout of repeated failures (django-axes) and their audit entries.

Every login, failed login and lockout is recorded in the audit trail (docs/audit.md). The
lockout counts failures per account (the submitted username, folded), on the login page and the
admin's alike: both authenticate through the backends of settings.AUTHENTICATION_BACKENDS.
"""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.shortcuts import render

from audit.services import record

from .models import User


def submitted_username(request: Any, credentials: dict | None = None) -> str:
    """The account a login attempt is for: case and surrounding spaces do not make another one."""
    value = (credentials or {}).get("username")
    if value is None and request is not None:
        value = getattr(request, "POST", {}).get("username")
    return (value or "").strip().lower()


class LockoutBackend(AxesStandaloneBackend):
    """Refuses a locked-out account before any password is checked.

    A login made by code without a request (the test client's `login()`, the shell) has nothing
    to count failures against and is left to the other backends; every login of a person goes
    through a request (the login page, the admin's).
    """

    def authenticate(self, request, username=None, password=None, **kwargs):  # type: ignore[override]
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def lockout_response(request: Any, original_response: Any = None, credentials: Any = None):
    """The page shown instead of the login form while the account is locked (HTTP 429)."""
    cooloff = settings.AXES_COOLOFF_TIME
    minutes = int(cooloff.total_seconds() // 60) if cooloff else 0
    return render(
        request,
        "registration/locked_out.html",
        {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes},
        status=429,
    )


def _account(username: str) -> User | None:
    if not username:
        return None
    return User.objects.filter(username__iexact=username).select_related("authority").first()


def _client(request: Any) -> dict[str, str]:
    if request is None:
        return {}
    return {
        "ip": request.META.get("REMOTE_ADDR", ""),
        "path": request.path[:200],
        "user_agent": request.META.get("HTTP_USER_AGENT", "")[:200],
    }


def _record_account_event(action: str, username: str, request: Any, actor: Any = None) -> None:
    account = _account(username)
    record(
        actor=actor,
        action=action,
        target=account,
        authority=account.authority if account and account.authority_id else None,
        data={"username": username[:150], **_client(request)},
    )


@receiver(user_logged_in, dispatch_uid="audit_login")
def _logged_in(sender, request, user, **kwargs) -> None:
    record(
        actor=user,
        action="auth.login",
        target=user,
        authority=user.authority if user.authority_id else None,
        data=_client(request),
    )


@receiver(user_logged_out, dispatch_uid="audit_logout")
def _logged_out(sender, request, user, **kwargs) -> None:
    if user is None or not user.pk:
        return
    record(
        actor=user,
        action="auth.logout",
        target=user,
        authority=user.authority if user.authority_id else None,
        data=_client(request),
    )


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def _login_failed(sender, credentials, request=None, **kwargs) -> None:
    _record_account_event("auth.login_failed", submitted_username(request, credentials), request)


@receiver(user_locked_out, dispatch_uid="audit_locked_out")
def _locked_out(sender, request, username, ip_address, **kwargs) -> None:
    _record_account_event(
        "auth.locked_out", submitted_username(None, {"username": username}), request
    )
