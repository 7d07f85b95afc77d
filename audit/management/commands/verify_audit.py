"""Verify the audit trail's hash chain; name the first entry altered or removed (docs/audit.md)."""

from __future__ import annotations

from collections.abc import Iterator

from django.core.management.base import BaseCommand, CommandError

from audit.chain import verify_chain
from audit.models import AuditEntry

CHUNK = 2000


def _in_chain_order() -> Iterator[AuditEntry]:
    """Every chained entry by seq, read in keyset chunks (no cursor left open on a break)."""
    last = 0
    while True:
        chunk = list(AuditEntry.objects.filter(seq__gt=last).order_by("seq")[:CHUNK])
        yield from chunk
        if len(chunk) < CHUNK:
            return
        last = chunk[-1].seq


class Command(BaseCommand):
    help = "Verify the hash chain of the audit trail; exit 1 naming the first broken entry."

    def handle(self, *args, **options) -> None:
        unchained = AuditEntry.objects.filter(seq=None).order_by("id").first()
        if unchained is not None:
            raise CommandError(
                f"Audit trail broken: entry id {unchained.pk} was inserted outside the chain."
            )
        count, broken = verify_chain(_in_chain_order())
        if broken is not None:
            raise CommandError(f"Audit trail broken: {broken}. Entries checked: {count}.")
        self.stdout.write(f"Audit trail intact: {count} entries, hash chain verified.")
