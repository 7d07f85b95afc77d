"""Thin Celery tasks of the nominations app: load, call a service."""

from __future__ import annotations

from datetime import date

from celery import shared_task


@shared_task(name="appraisal.send_due_reminders")
def send_due_reminders(today: str | None = None) -> dict[str, list[int]]:
    """Daily (CELERY_BEAT_SCHEDULE): remind appraisers of dossiers due or nearly due."""
    from .services import send_due_reminders as remind

    result = remind(today=date.fromisoformat(today) if today else None)
    return {str(k): v for k, v in result.items()}
