"""The audit trail is append-only in the database itself, not only in Python."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction

from audit.models import AuditEntry
from audit.services import record
from organizations.enums import Role
from tests.factories import make_person


def _entry(authority) -> AuditEntry:
    person = make_person(Role.APPRAISER, authority=authority)
    return record(actor=person, action="test.action", target=person, comment="gốc")


def _raw(sql: str, params: list) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.mark.django_db
def test_database_refuses_raw_update_of_an_audit_entry(authority) -> None:
    entry = _entry(authority)
    with pytest.raises(IntegrityError, match="audit_auditentry is append-only: UPDATE refused"):
        _raw("UPDATE audit_auditentry SET comment = %s WHERE id = %s", ["sửa", entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).comment == "gốc"


@pytest.mark.django_db
def test_database_refuses_raw_delete_of_an_audit_entry(authority) -> None:
    entry = _entry(authority)
    with pytest.raises(IntegrityError, match="audit_auditentry is append-only: DELETE refused"):
        _raw("DELETE FROM audit_auditentry WHERE id = %s", [entry.pk])
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.postgres
@pytest.mark.django_db
def test_postgres_trigger_refuses_update_and_delete_with_sqlstate(authority) -> None:
    import psycopg

    entry = _entry(authority)
    for sql, operation in [
        ("UPDATE audit_auditentry SET action = 'forged' WHERE id = %s", "UPDATE"),
        ("DELETE FROM audit_auditentry WHERE id = %s", "DELETE"),
        ("DELETE FROM audit_auditentry", "DELETE"),
    ]:
        with pytest.raises(IntegrityError) as caught:
            _raw(sql, [entry.pk] if "%s" in sql else [])
        cause = caught.value.__cause__
        assert isinstance(cause, psycopg.errors.IntegrityConstraintViolation)
        assert cause.sqlstate == "23000"
        assert str(cause).splitlines()[0] == (
            f"audit_auditentry is append-only: {operation} refused"
        )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgname, tgenabled FROM pg_trigger"
            " WHERE tgrelid = 'audit_auditentry'::regclass AND NOT tgisinternal"
        )
        assert cursor.fetchall() == [("audit_auditentry_append_only", "O")]
    assert AuditEntry.objects.get(pk=entry.pk).action == "test.action"


@pytest.mark.django_db
def test_orm_refuses_update_and_delete_of_the_trail(authority) -> None:
    entry = _entry(authority)
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).update(comment="x")
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(PermissionError):
        entry.save()
    assert AuditEntry.objects.get(pk=entry.pk).comment == "gốc"


@pytest.mark.django_db(transaction=True)
def test_flush_empties_the_trail_and_leaves_the_triggers_in_force(authority) -> None:
    _entry(authority)
    call_command("flush", interactive=False, verbosity=0)
    assert AuditEntry.objects.count() == 0
    from organizations.reference import ensure_reference_data

    ensure_reference_data()
    from tests.factories import AuthorityFactory

    entry = _entry(AuthorityFactory())
    with pytest.raises(IntegrityError, match="append-only: UPDATE refused"):
        _raw("UPDATE audit_auditentry SET comment = 'x' WHERE id = %s", [entry.pk])
    with pytest.raises(IntegrityError, match="append-only: DELETE refused"):
        _raw("DELETE FROM audit_auditentry WHERE id = %s", [entry.pk])
