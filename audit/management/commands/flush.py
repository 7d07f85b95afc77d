"""`flush` that keeps the audit trail's append-only triggers in force.

On PostgreSQL Django's flush empties tables with TRUNCATE, which fires no row trigger: nothing to
do. SQLite has no TRUNCATE, so Django's flush runs `DELETE FROM` on every table, which the
audit trail's BEFORE DELETE trigger refuses. Here, on SQLite only, the triggers are dropped and
re-created from their own stored SQL inside the one transaction that empties the database, so no
other connection ever sees the table unprotected and a failed flush leaves them as they were.
Pytest-django empties the database between transactional tests through this command.
"""

from __future__ import annotations

from django.core.management.commands import flush
from django.db import connections, transaction

AUDIT_TABLE = "audit_auditentry"


class Command(flush.Command):
    def handle(self, **options):
        connection = connections[options["database"]]
        if connection.vendor != "sqlite":
            return super().handle(**options)
        if options["interactive"]:
            confirm = input(
                f'This will IRREVERSIBLY DESTROY all data in the "{connection.settings_dict["NAME"]}"'
                " database, audit trail included.\nType 'yes' to continue, or 'no' to cancel: "
            )
            if confirm != "yes":
                self.stdout.write("Flush cancelled.")
                return None
            options["interactive"] = False
        with transaction.atomic(using=options["database"]):
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
                    [AUDIT_TABLE],
                )
                triggers = cursor.fetchall()
                for name, _sql in triggers:
                    cursor.execute(f'DROP TRIGGER "{name}"')
            super().handle(**options)
            with connection.cursor() as cursor:
                for _name, sql in triggers:
                    cursor.execute(sql)
        return None
