from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    """Role home pages and the views that read across the stages; above every stage."""

    name = "dashboard"
    verbose_name = _("Trang chủ theo vai trò")
