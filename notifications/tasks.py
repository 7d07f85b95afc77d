"""Thin tasks: load by id, send, record. Queued through the outbox (notifications/outbox.py),
so each may run more than once and must do its work once."""

from __future__ import annotations

import smtplib

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from organizations.vietnamese import strip_hidden_marks

from .models import Notification


def absolute_link(link: str) -> str:
    """A notification's link (a path such as /tham-dinh/ho-so/7/) as a full URL on SITE_URL:
    an e-mail has no page to be relative to."""
    if not link or link.startswith(("http://", "https://")):
        return link
    return f"{settings.SITE_URL}/{link.lstrip('/')}"


def mail_subject(title: str) -> str:
    """One line: any line break or other whitespace run becomes one space (a CR/LF in a header
    would end it and start another one: header injection, refused by Django as BadHeaderError)."""
    return " ".join(strip_hidden_marks(f"{settings.EMAIL_SUBJECT_PREFIX} {title}").split())


@shared_task(
    name="notifications.send_notification_email",
    autoretry_for=(smtplib.SMTPException, ConnectionError, TimeoutError),
    retry_backoff=30,
    retry_backoff_max=3600,
    retry_jitter=True,
    max_retries=6,
)
def send_notification_email(notification_id: int) -> bool:
    """Email one notification to its recipient; a notification is emailed at most once.

    The row stays locked while the mail is sent, so a second copy of the task (the outbox may
    deliver one) waits and then finds `emailed_at` set."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("recipient")
            .filter(pk=notification_id)
            .first()
        )
        if notification is None or notification.emailed_at or not notification.recipient.email:
            return False
        link = absolute_link(notification.link)
        body = notification.body + (f"\n\n{link}" if link else "")
        send_mail(
            subject=mail_subject(notification.title),
            message=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[notification.recipient.email],
        )
        Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
    return True


@shared_task(name="notifications.sweep_outbox", ignore_result=True)
def sweep_outbox() -> int:
    """Every minute (Celery beat): hand over again the side effects not done yet."""
    from .outbox import sweep

    return sweep()
