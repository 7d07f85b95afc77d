"""Writes of notifications: notify people in the app and queue their emails."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone

from organizations.models import User

from .models import Notification
from .outbox import enqueue_many


def notify(
    *,
    recipients: Iterable[User],
    verb: str,
    title: str,
    body: str = "",
    link: str = "",
    email: bool = True,
) -> list[Notification]:
    """Create one in-app notification per distinct active recipient.

    Side effect: one `send_notification_email` task per recipient with an email address,
    through the outbox: run after the surrounding transaction commits (never for a rolled-back
    change), and later if the broker is away then.
    """
    people = {p.pk: p for p in recipients if p is not None and p.is_active}
    created = Notification.objects.bulk_create(
        [
            Notification(recipient=p, verb=verb, title=title[:255], body=body, link=link)
            for p in people.values()
        ]
    )
    if email:
        enqueue_many(
            "notifications.send_notification_email",
            [[n.pk] for n in created if n.pk and people[n.recipient_id].email],
        )
    return created


def mark_read(*, user: User, notification_ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications (all unread, or the given ones) as read; returns the count."""
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        qs = qs.filter(pk__in=list(notification_ids))
    return qs.update(read_at=timezone.now())
