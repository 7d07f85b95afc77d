from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from . import chain
from .models import AuditEntry


def actor_display_name(actor: Any) -> str:
    if not getattr(actor, "pk", None):
        return ""
    name = actor.get_full_name() if hasattr(actor, "get_full_name") else ""
    return (name or actor.get_username())[:255]


def record(
    *,
    actor: Any,
    action: str,
    target: models.Model | None,
    authority: Any = None,
    from_state: str = "",
    to_state: str = "",
    comment: str = "",
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one audit entry, chained to the one before it (audit/chain.py). Call it inside the
    transaction of the change it records."""
    has_actor = bool(getattr(actor, "pk", None))
    entry = AuditEntry(
        created_at=timezone.now(),
        actor=actor if has_actor else None,
        actor_name=actor_display_name(actor),
        authority=authority,
        action=action,
        target_type=(
            ContentType.objects.get_for_model(target, for_concrete_model=False)
            if target is not None
            else None
        ),
        target_id=str(target.pk) if target is not None and target.pk is not None else "",
        target_repr=str(target)[:255] if target is not None else "",
        from_state=from_state or "",
        to_state=to_state or "",
        comment=comment or "",
        data=chain.normalise_data(data),
    )
    with transaction.atomic(savepoint=False):
        chain.lock_chain()
        last_seq, last_hash = chain.chain_head()
        entry.seq = last_seq + 1
        entry.prev_hash = last_hash
        entry.hash = chain.entry_hash({name: getattr(entry, name) for name in chain.HASHED_FIELDS})
        entry.save(force_insert=True)
    return entry
