from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from .context import acting_as, collecting_refusals, current_actor


class ActorMiddleware:
    """The logged-in user is the actor of every audited write made while serving his request
    (so that writes without an `actor` argument, e.g. the admin's inline formsets, name him).

    Permission refusals are recorded once the view has returned (its transaction, rolled back
    with the refused change, is over): each action the transition helper refused
    (`audit.refusal`), and a 403 answer to a logged-in user (`access.denied`)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with acting_as(lambda: getattr(request, "user", None)), collecting_refusals() as refused:
            response = self.get_response(request)
            actor = current_actor()
            if actor is not None and (refused or response.status_code == 403):
                _record_refusals(request, actor, refused, response.status_code)
        return response


def _record_refusals(request: HttpRequest, actor, refused: list[dict], status: int) -> None:
    from django.db import transaction

    from .services import record

    authority = getattr(actor, "authority", None)
    with transaction.atomic():
        for item in refused:
            record(
                actor=actor,
                action="audit.refusal",
                target=item.get("target"),
                authority=item.get("authority") or authority,
                data={"action": item.get("action", ""), "path": request.path[:200]},
            )
        if status == 403 and not refused:
            record(
                actor=actor,
                action="access.denied",
                target=actor,
                authority=authority,
                data={"path": request.path[:200], "method": request.method},
            )
