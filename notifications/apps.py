from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Thông báo")

    def ready(self) -> None:
        # Connects the Celery signal handlers that mark outbox messages done.
        from . import outbox  # noqa: F401
