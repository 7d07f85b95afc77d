"""Thin tasks: load by id, send, record."""

from __future__ import annotations

import smtplib

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone

from .models import Notification


@shared_task(
    name="notifications.send_notification_email",
    autoretry_for=(smtplib.SMTPException, ConnectionError, TimeoutError),
    retry_backoff=30,
    retry_backoff_max=3600,
    retry_jitter=True,
    max_retries=6,
)
def send_notification_email(notification_id: int) -> bool:
    """Email one notification to its recipient; a notification is emailed at most once."""
    notification = (
        Notification.objects.select_related("recipient").filter(pk=notification_id).first()
    )
    if notification is None or notification.emailed_at or not notification.recipient.email:
        return False
    link = notification.link
    if link and getattr(settings, "SITE_URL", ""):
        link = settings.SITE_URL.rstrip("/") + link
    body = notification.body + (f"\n\n{link}" if link else "")
    send_mail(
        subject=f"[thidua] {notification.title}",
        message=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[notification.recipient.email],
    )
    Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
    return True
