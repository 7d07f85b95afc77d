"""The hash chain of the audit trail: each entry carries the hash of the one before it.

An entry's hash is the SHA-256 of its canonical content (every recorded field, its position
`seq` and the previous entry's hash). Rewriting any field of an entry changes its hash; removing
an entry leaves a gap in `seq` and a `prev_hash` that matches nothing. `verify_chain()` walks the
trail and names the first entry that does not hold (`manage.py verify_audit`).

Appending is serialised: on PostgreSQL a transaction-level advisory lock is taken before the last
entry is read, and held until commit, so two transactions never chain onto the same entry.
SQLite serialises writers by itself.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection

# pg_advisory_xact_lock key: "audit" in ASCII.
ADVISORY_LOCK_KEY = 0x6175646974
GENESIS = "0" * 64
HASHED_FIELDS = (
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


def normalise_data(data: dict[str, Any] | None) -> dict[str, Any]:
    """The JSON value as the database gives it back (dates as strings, tuples as lists)."""
    return json.loads(json.dumps(data or {}, cls=DjangoJSONEncoder))


def _instant(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def entry_hash(values: dict[str, Any]) -> str:
    content = {name: values[name] for name in HASHED_FIELDS}
    content["created_at"] = _instant(values["created_at"])
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def lock_chain() -> None:
    """Serialise appends until the end of the current transaction (PostgreSQL)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK_KEY])


def chain_head() -> tuple[int, str]:
    """(seq, hash) of the last entry, or (0, GENESIS) for an empty trail. Call after lock_chain()."""
    from .models import AuditEntry

    last = AuditEntry.objects.exclude(seq=None).order_by("-seq").values_list("seq", "hash").first()
    return last if last else (0, GENESIS)


@dataclass(frozen=True)
class Break:
    """The first place where the chain does not hold."""

    entry_id: int | None
    seq: int | None
    problem: str

    def __str__(self) -> str:
        return self.problem


def _values(row: Any) -> dict[str, Any]:
    return {name: getattr(row, name) for name in (*HASHED_FIELDS, "id", "hash")}


def verify_chain(rows: Iterator[Any]) -> tuple[int, Break | None]:
    """Walk entries in seq order; return (entries checked, first break or None)."""
    expected_seq, previous_hash, count = 1, GENESIS, 0
    for row in rows:
        values = _values(row)
        count += 1
        if values["seq"] is None:
            return count, Break(
                values["id"], None, f"entry id {values['id']} has no chain position"
            )
        if values["seq"] != expected_seq:
            if values["seq"] > expected_seq:
                missing = (
                    f"#{expected_seq}"
                    if values["seq"] == expected_seq + 1
                    else f"#{expected_seq}–#{values['seq'] - 1}"
                )
                return count, Break(
                    values["id"],
                    expected_seq,
                    f"entry {missing} was removed (the next entry is #{values['seq']}, "
                    f"id {values['id']})",
                )
            return count, Break(
                values["id"], values["seq"], f"entry #{values['seq']} (id {values['id']}) repeats"
            )
        if values["prev_hash"] != previous_hash:
            return count, Break(
                values["id"],
                values["seq"],
                f"entry #{values['seq']} (id {values['id']}) does not follow the entry before it "
                "(an entry before it was removed or replaced)",
            )
        if entry_hash(values) != values["hash"]:
            return count, Break(
                values["id"],
                values["seq"],
                f"entry #{values['seq']} (id {values['id']}) was altered: its content does not "
                "match its hash",
            )
        previous_hash = values["hash"]
        expected_seq += 1
    return count, None
