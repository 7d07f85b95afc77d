"""Reads of the audit trail, scoped to the reader's authority (a superuser reads every one)."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from .models import AuditEntry

ACTION_GROUPS = {
    "auth": "auth.",
    "role": "role.",
    "refusal": ("audit.refusal", "access.denied"),
}


def trail_visible_to(user: Any) -> QuerySet[AuditEntry]:
    qs = AuditEntry.objects.select_related("target_type")
    if user.is_superuser:
        return qs
    if not user.authority_id:
        return qs.none()
    return qs.filter(authority_id=user.authority_id)


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def filter_trail(
    qs: QuerySet[AuditEntry],
    *,
    action: str = "",
    actor: str = "",
    target: str = "",
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[AuditEntry]:
    if action:
        qs = qs.filter(action__startswith=action)
    if actor:
        qs = qs.filter(actor_name__icontains=actor)
    if target:
        qs = qs.filter(Q(target_repr__icontains=target) | Q(data__username__icontains=target))
    if since:
        qs = qs.filter(created_at__gte=_day_start(since))
    if until:
        qs = qs.filter(created_at__lt=_day_start(until) + timezone.timedelta(days=1))
    return qs.order_by("-seq")
