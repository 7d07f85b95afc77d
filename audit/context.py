"""Who is acting: named once around a block, read by audit entries written deep inside it.

The model-level audit of role changes (organizations/role_audit.py) has no actor argument to
receive, so it reads the one named here: by ActorMiddleware for a request, by `acting_as()` in a
service that takes an `actor`. Outside both (shell, management command) there is no actor.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

_actor: ContextVar[Any] = ContextVar("audit_actor", default=None)


@contextmanager
def acting_as(actor: Any | Callable[[], Any]) -> Iterator[None]:
    """Name the actor of the writes inside the block; a callable is resolved when first needed."""
    token = _actor.set(actor)
    try:
        yield
    finally:
        _actor.reset(token)


def current_actor() -> Any:
    """The acting user, or None (anonymous, or nobody named)."""
    actor = _actor.get()
    if callable(actor) and not hasattr(actor, "_meta"):
        actor = actor()
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None
    return actor if getattr(actor, "pk", None) else None


# Refusals noted while serving a request: the refused change rolls back with its transaction,
# so ActorMiddleware records them after the view has returned (audit.refusal entries).
_refusals: ContextVar[list[dict[str, Any]] | None] = ContextVar("audit_refusals", default=None)


@contextmanager
def collecting_refusals() -> Iterator[list[dict[str, Any]]]:
    pending: list[dict[str, Any]] = []
    token = _refusals.set(pending)
    try:
        yield pending
    finally:
        _refusals.reset(token)


def note_refusal(**details: Any) -> None:
    """Remember a refused action; recorded at the end of the request (outside, nothing)."""
    pending = _refusals.get()
    if pending is not None:
        pending.append(details)
