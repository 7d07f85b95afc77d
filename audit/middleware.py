from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from .context import acting_as


class ActorMiddleware:
    """The logged-in user is the actor of every audited write made while serving his request
    (so that writes without an `actor` argument, e.g. the admin's inline formsets, name him)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with acting_as(lambda: getattr(request, "user", None)):
            return self.get_response(request)
