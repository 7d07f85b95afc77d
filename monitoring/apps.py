from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    """Following a campaign across every stage: the lead office's follow-up and reminders, the
    guidance notices, the dashboard, global search and the Excel exports; above every stage."""

    name = "monitoring"
    verbose_name = _("Theo dõi phong trào thi đua")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        connection_created.connect(register_sqlite_unaccent, dispatch_uid="monitoring.unaccent")
        from documents.kinds import register_kind

        from .documents import CLOSING_REPORT_KIND

        register_kind(CLOSING_REPORT_KIND)


def register_sqlite_unaccent(sender, connection, **kwargs) -> None:
    """SQLite has no unaccent(): give it the app's own fold (lower case, no diacritics, đ → d),
    so that the search's SQL is the same on both databases."""
    if connection.vendor != "sqlite":
        return
    from organizations.vietnamese import fold

    connection.connection.create_function("unaccent", 1, fold, deterministic=True)
