from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from .middleware import session_remaining


def session_clock(request: HttpRequest) -> dict:
    """How long the session has left, for the page's expiry warning (no query: the session is
    already loaded for a logged-in user)."""
    return {
        "session_remaining": session_remaining(request),
        "session_warning": settings.SESSION_WARNING_SECONDS,
    }
