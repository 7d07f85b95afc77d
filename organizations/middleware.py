from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django.utils import translation


class ExpiredSessionMiddleware:
    """Mark the redirect to the login page when the browser's session cookie no longer works.

    Django drops the dead cookie in the same response, so the login page can only know the
    session expired from the redirect itself (?expired=1).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        had_cookie = bool(request.COOKIES.get(settings.SESSION_COOKIE_NAME))
        response = self.get_response(request)
        if (
            had_cookie
            and response.status_code == 302
            and not request.user.is_authenticated
            and response.get("Location", "").startswith(resolve_url(settings.LOGIN_URL))
            and "expired=" not in response["Location"]
        ):
            sep = "&" if "?" in response["Location"] else "?"
            response["Location"] += sep + urlencode({"expired": "1"})
        return response


class LanguageMiddleware:
    """Vietnamese unless the person chose another language (cookie set by /i18n/setlang/).

    Django's LocaleMiddleware would follow the browser's Accept-Language, and office computers
    often run English browsers: their users still expect Vietnamese.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response


class AnonymousBodyLimitMiddleware:
    """Refuse a large request body from someone not logged in (413) before anything reads it.
    Anonymous people only post the login form and the language choice: a few hundred bytes.
    The limit is settings.ANONYMOUS_MAX_BODY_BYTES; logged-in users have the upload limits."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.ANONYMOUS_MAX_BODY_BYTES and not request.user.is_authenticated:
            from django.template.loader import render_to_string

            return HttpResponse(render_to_string("errors/413.html", request=request), status=413)
        return self.get_response(request)


SAVED_AT = "_thidua_saved_at"


class SessionClockMiddleware:
    """Notes in the session when it is saved, so that pages can tell the browser how long the
    session has left (it expires SESSION_COOKIE_AGE after its last save): the page warns the
    clerk before that and keeps what he types (static/js/app.js)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and session.modified and not session.is_empty():
            session[SAVED_AT] = int(time.time())
        return response


def session_remaining(request: HttpRequest) -> int | None:
    """Seconds before the logged-in user's session expires, or None."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    saved_at = request.session.get(SAVED_AT)
    if saved_at is None:
        return None
    return max(0, int(saved_at) + settings.SESSION_COOKIE_AGE - int(time.time()))
