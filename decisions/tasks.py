"""The sign-off runs in the worker (it renders and signs PDFs): thin, by id, idempotent (a
decision already signed is refused by the workflow and left as it is)."""

from __future__ import annotations

import logging

from celery import shared_task
from django.utils import timezone

logger = logging.getLogger(__name__)


@shared_task(name="decisions.sign_decisions")
def sign_decisions_task(decision_ids: list[int], actor_id: int, token: bool = False) -> None:
    from audit.workflow import TransitionError
    from organizations.models import User

    from .models import Decision
    from .services import record_signing_failure, sign_decisions

    actor = User.objects.get(pk=actor_id)
    decisions = list(Decision.objects.filter(pk__in=decision_ids, signed_at__isnull=True))
    if not decisions:
        return
    try:
        sign_decisions(actor=actor, decisions=decisions, day=timezone.localdate(), token=token)
    except TransitionError as exc:
        record_signing_failure(decision_ids=decision_ids, error=exc.message)
    except Exception as exc:
        logger.exception("Signing decisions %s failed", decision_ids)
        record_signing_failure(decision_ids=decision_ids, error=f"Lỗi khi ký: {type(exc).__name__}")
        raise
