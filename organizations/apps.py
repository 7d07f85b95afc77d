from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "organizations"
    verbose_name = _("Tổ chức và người dùng")

    def ready(self) -> None:
        import thidua.checks  # noqa: F401 (registers the production settings check)

        from . import auth, role_audit  # noqa: F401 (auth connects the login signals)

        role_audit.connect()
