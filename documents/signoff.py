"""The registry of sign-off providers: what may wait for a signer's approval before it is issued.

A stage registers one `SignOffProvider` per kind of thing it sends for signature (the plan, its
amendments; the decisions later) in its AppConfig.ready(), so that the document engine calls it
back without importing the stage (docs/document-engine.md, "Sign-off").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import models

if TYPE_CHECKING:
    from .models import SignOffRequest


@dataclass(frozen=True)
class SignOffProvider:
    """One kind of object sent for signature.

    load(object_id) -> the object.
    on_approve(request, obj, actor, data) runs inside the approval's transaction, after the
        request is marked approved: it issues the document (register number, date, frozen PDF
        through a render job) and may refuse with audit.workflow.TransitionError, which rolls the
        approval back. `data` is what the signer's step passed on (a signature file later).
    on_return(request, obj, actor) and on_withdraw(request, obj, actor) run inside the return's
        (withdrawal's) transaction: the object goes back to its author.
    link(obj) -> the object's own page (where the author follows it).
    can_withdraw(user, obj) -> whether the user may take the request back before a decision.
    """

    kind: str
    label: str
    load: Callable[[str], models.Model]
    on_approve: Callable[[SignOffRequest, models.Model, Any, dict[str, Any]], None]
    on_return: Callable[[SignOffRequest, models.Model, Any], None]
    link: Callable[[models.Model], str]
    can_withdraw: Callable[[Any, models.Model], bool] = lambda user, obj: False
    on_withdraw: Callable[[SignOffRequest, models.Model, Any], None] | None = None


_PROVIDERS: dict[str, SignOffProvider] = {}


class UnknownProvider(KeyError):
    pass


def register_signoff_provider(provider: SignOffProvider) -> SignOffProvider:
    existing = _PROVIDERS.get(provider.kind)
    if existing is not None and existing != provider:
        raise ValueError(f"Sign-off provider {provider.kind!r} is already registered")
    _PROVIDERS[provider.kind] = provider
    return provider


def get_provider(kind: str) -> SignOffProvider:
    try:
        return _PROVIDERS[kind]
    except KeyError:
        raise UnknownProvider(kind) from None
