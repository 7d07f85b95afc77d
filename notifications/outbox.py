"""The outbox: the one way an app queues a side effect (docs/architecture.md, "Side effects").

    enqueue("notifications.send_notification_email", notification.pk)

writes an OutboxMessage in the caller's transaction. After the commit it is handed to the broker
at once, with a short timeout: with the broker down that fails in about a second, is recorded on
the row, and never reaches the request. The Celery beat job `notifications.sweep_outbox` (every
minute) hands over again what is not done. The task's own success marks the row done (the Celery
signals below). A message can therefore run more than once (a lost acknowledgement, a sweep
after a slow task): every task queued this way must be idempotent.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from datetime import timedelta
from typing import Any

from celery import signals
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from .models import OutboxMessage

logger = logging.getLogger(__name__)

TASK_ID_PREFIX = "outbox-"
# A message never handed over is left to the on-commit dispatch this long before the sweep
# takes it (a crash between the commit and the dispatch leaves such rows).
FIRST_DISPATCH_GRACE = timedelta(minutes=1)
# One try, no waiting between tries: the request must not wait for a broker that is away.
PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}


def enqueue(task_name: str, *args: Any) -> OutboxMessage:
    """Queue `task_name(*args)` to run after the current transaction commits (never if it rolls
    back). Arguments must be JSON values (ids, strings, numbers), as the task receives them."""
    return enqueue_many(task_name, [args])[0]


def enqueue_many(task_name: str, arg_lists: Iterable[Sequence[Any]]) -> list[OutboxMessage]:
    """enqueue() for many calls of one task: one INSERT, one dispatch after the commit."""
    messages = OutboxMessage.objects.bulk_create(
        [OutboxMessage(task_name=task_name, args=list(args)) for args in arg_lists]
    )
    if messages:
        transaction.on_commit(lambda: dispatch_all(messages))
    return messages


def _describe(exc: BaseException) -> str:
    return f"{exc.__class__.__name__}: {exc}"[:2000]


def _task(name: str):
    # The project's Celery app (thidua/celery.py, made current when the thidua package loads):
    # a platform app does not import the configuration package.
    from celery import current_app as app

    if name not in app.tasks:
        # The web process registers tasks as their modules are imported; import them all.
        app.loader.import_default_modules()
    return app.tasks[name]


def _dispatch(message: OutboxMessage) -> Exception | None:
    try:
        _task(message.task_name).apply_async(
            args=message.args,
            task_id=f"{TASK_ID_PREFIX}{message.pk}",
            ignore_result=True,  # the row records the outcome; no result backend round trip
            retry_policy=PUBLISH_RETRY_POLICY,
        )
    except Exception as exc:
        logger.warning("outbox: message %s (%s) not dispatched: %s", message.pk, message, exc)
        OutboxMessage.objects.filter(pk=message.pk).update(
            attempts=F("attempts") + 1, last_error=_describe(exc)
        )
        return exc
    OutboxMessage.objects.filter(pk=message.pk).update(
        attempts=F("attempts") + 1, dispatched_at=timezone.now()
    )
    return None


def dispatch(message: OutboxMessage) -> bool:
    """Hand one message to the broker. Never raises: a failure is recorded on the row (and
    logged) for the sweep to try again. With in-process tasks (no REDIS_URL) the task runs here."""
    return _dispatch(message) is None


def dispatch_all(messages: Iterable[OutboxMessage]) -> int:
    """Dispatch in order. Once the broker is found away, leave the rest to the sweep (each try
    would cost the request the broker timeout again), marked so that it takes them at once."""
    from kombu.exceptions import OperationalError

    messages = list(messages)
    sent = 0
    for index, message in enumerate(messages):
        error = _dispatch(message)
        if error is None:
            sent += 1
        elif isinstance(error, OperationalError | OSError | TimeoutError):
            rest = [m.pk for m in messages[index + 1 :]]
            OutboxMessage.objects.filter(pk__in=rest).update(
                last_error=f"not tried, broker unavailable: {_describe(error)}"[:2000]
            )
            break
    return sent


def pending(now=None) -> Any:
    """Messages the sweep hands over: not done, not given up, and either never handed over
    (after a failure, or past the grace period) or handed over long ago without result."""
    now = now or timezone.now()
    return OutboxMessage.objects.filter(
        Q(dispatched_at__isnull=True, attempts__gt=0)
        | (Q(dispatched_at__isnull=True) & ~Q(last_error=""))
        | Q(dispatched_at__isnull=True, created_at__lt=now - FIRST_DISPATCH_GRACE)
        | Q(dispatched_at__lt=now - timedelta(seconds=settings.OUTBOX_RETRY_AFTER)),
        done_at__isnull=True,
        attempts__lt=settings.OUTBOX_MAX_ATTEMPTS,
    ).order_by("pk")


def sweep(*, now=None, limit: int = 500) -> int:
    """Dispatch up to `limit` pending messages, oldest first; returns how many were handed over."""
    return dispatch_all(list(pending(now)[:limit]))


# --- the task's outcome, recorded on its row (in the worker, or in-process) -------------------


def _message_id(task_id: str | None) -> int | None:
    if task_id and task_id.startswith(TASK_ID_PREFIX):
        suffix = task_id.removeprefix(TASK_ID_PREFIX)
        if suffix.isdigit():
            return int(suffix)
    return None


@signals.task_success.connect(dispatch_uid="notifications.outbox.success")
def _mark_done(sender=None, **kwargs) -> None:
    pk = _message_id(getattr(getattr(sender, "request", None), "id", None))
    if pk is not None:
        OutboxMessage.objects.filter(pk=pk, done_at__isnull=True).update(
            done_at=timezone.now(), last_error=""
        )


@signals.task_retry.connect(dispatch_uid="notifications.outbox.retry")
def _note_retry(sender=None, request=None, reason=None, **kwargs) -> None:
    pk = _message_id(getattr(request, "id", None))
    if pk is not None:
        OutboxMessage.objects.filter(pk=pk).update(last_error=f"retry: {reason}"[:2000])


@signals.task_failure.connect(dispatch_uid="notifications.outbox.failure")
def _note_failure(sender=None, task_id=None, exception=None, **kwargs) -> None:
    pk = _message_id(task_id)
    if pk is not None and exception is not None:
        OutboxMessage.objects.filter(pk=pk).update(last_error=_describe(exception))
