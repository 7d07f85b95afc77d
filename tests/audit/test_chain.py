"""The audit trail's hash chain: verify_audit passes on an untouched trail and names the first
entry altered or removed with raw SQL (after the attacker disabled the append-only trigger)."""

from __future__ import annotations

import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from audit.chain import GENESIS, entry_hash
from audit.models import AuditEntry
from audit.services import record

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def _entries(person, n: int) -> list[AuditEntry]:
    return [
        record(
            actor=person, action="test.step", target=person, data={"i": i, "tên": "Đặng Thị Ánh"}
        )
        for i in range(n)
    ]


def _verify() -> str:
    from io import StringIO

    out = StringIO()
    call_command("verify_audit", stdout=out)
    return out.getvalue()


def _as_attacker(sql: str, params: list) -> None:
    with connection.cursor() as cursor:
        # The test's own inserts leave deferred foreign-key checks pending: settle them first.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_auditentry_append_only")
        cursor.execute(sql, params)
        cursor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER audit_auditentry_append_only")


def test_entries_are_chained(clerk) -> None:
    first, second, third = _entries(clerk, 3)[-3:]
    assert second.prev_hash == first.hash and third.prev_hash == second.hash
    assert len(first.hash) == 64 and first.hash != GENESIS
    stored = AuditEntry.objects.get(pk=second.pk)
    values = {
        f: getattr(stored, f)
        for f in (
            "seq",
            "created_at",
            "authority_id",
            "actor_id",
            "actor_name",
            "action",
            "target_type_id",
            "target_id",
            "target_repr",
            "from_state",
            "to_state",
            "comment",
            "data",
            "prev_hash",
        )
    }
    assert entry_hash(values) == stored.hash
    assert stored.actor_name == clerk.full_name


def test_untouched_trail_passes(clerk) -> None:
    _entries(clerk, 5)
    out = _verify()
    assert "Audit trail intact" in out
    assert f"{AuditEntry.objects.count()} entries" in out


def test_the_actor_name_stays_as_it_was(clerk) -> None:
    old_name = clerk.full_name
    entry = _entries(clerk, 1)[0]
    clerk.full_name = "Tên Mới Sau Khi Đổi"
    clerk.save()
    entry = AuditEntry.objects.get(pk=entry.pk)
    assert entry.actor_name == old_name
    assert "Audit trail intact" in _verify()


def test_an_altered_entry_is_named(clerk) -> None:
    entries = _entries(clerk, 5)
    victim = entries[2]
    _as_attacker("UPDATE audit_auditentry SET comment = %s WHERE id = %s", ["sửa lén", victim.pk])
    with pytest.raises(CommandError) as excinfo:
        _verify()
    message = str(excinfo.value)
    assert f"entry #{victim.seq} (id {victim.pk}) was altered" in message


def test_an_altered_entry_with_a_recomputed_hash_breaks_the_next_link(clerk) -> None:
    entries = _entries(clerk, 5)
    victim, after = entries[1], entries[2]
    values = {
        f: getattr(victim, f)
        for f in (
            "seq",
            "created_at",
            "authority_id",
            "actor_id",
            "actor_name",
            "action",
            "target_type_id",
            "target_id",
            "target_repr",
            "from_state",
            "to_state",
            "comment",
            "data",
            "prev_hash",
        )
    }
    values["to_state"] = "approved"
    forged = entry_hash(values)
    _as_attacker(
        "UPDATE audit_auditentry SET to_state = 'approved', hash = %s WHERE id = %s",
        [forged, victim.pk],
    )
    with pytest.raises(CommandError) as excinfo:
        _verify()
    assert f"entry #{after.seq} (id {after.pk}) does not follow" in str(excinfo.value)


def test_a_deleted_entry_is_named(clerk) -> None:
    entries = _entries(clerk, 5)
    victim = entries[3]
    _as_attacker("DELETE FROM audit_auditentry WHERE id = %s", [victim.pk])
    with pytest.raises(CommandError) as excinfo:
        _verify()
    message = str(excinfo.value)
    assert f"entry #{victim.seq} was removed" in message
    assert f"id {entries[4].pk}" in message


def test_the_trigger_still_refuses_plain_sql(clerk) -> None:
    from django.db import IntegrityError

    entry = _entries(clerk, 1)[0]
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [entry.pk])


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_never_chain_onto_the_same_entry(clerk) -> None:
    errors: list[BaseException] = []

    def writer() -> None:
        try:
            for _ in range(15):
                with transaction.atomic():
                    record(actor=None, action="test.concurrent", target=clerk)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    seqs = list(AuditEntry.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, len(seqs) + 1))
    assert AuditEntry.objects.filter(action="test.concurrent").count() == 60
    assert "Audit trail intact" in _verify()
