from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "organizations"
    verbose_name = _("Tổ chức và người dùng")

    def ready(self) -> None:
        from . import auth, checks, role_audit  # noqa: F401 (auth: login signals; checks: production settings)

        role_audit.connect()
