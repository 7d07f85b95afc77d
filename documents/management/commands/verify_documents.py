"""Check every stored PDF against its record (SHA-256 and size); exit 1 naming each mismatch.

Run it on a restored database with its restored media folder (docs/deployment.md, "Backup and
restore"). Then every check a stage registered in documents/verification.py: the decisions'
digitally signed files (SHA-256, and the signature intact, valid and covering the whole file).
"""

from __future__ import annotations

import hashlib

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError

from documents.models import RenderedDocument
from documents.verification import registered_checks


def _digest(name: str) -> tuple[str, int]:
    sha, size = hashlib.sha256(), 0
    with default_storage.open(name, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            sha.update(chunk)
            size += len(chunk)
    return sha.hexdigest(), size


class Command(BaseCommand):
    help = "Verify every stored PDF's SHA-256 against its record; exit 1 naming each mismatch."

    def handle(self, *args, **options) -> None:
        problems: list[str] = []
        count = 0
        for doc in RenderedDocument.objects.order_by("pk").iterator(chunk_size=500):
            count += 1
            label = f"document id {doc.pk} ({doc.kind} {doc.object_id}, {doc.file.name})"
            if not doc.file.name or not default_storage.exists(doc.file.name):
                problems.append(f"{label}: file missing")
                continue
            digest, size = _digest(doc.file.name)
            if digest != doc.sha256:
                problems.append(f"{label}: SHA-256 {digest} differs from the recorded {doc.sha256}")
            elif size != doc.size:
                problems.append(f"{label}: size {size} differs from the recorded {doc.size}")
        summary = [f"{count} PDFs match their SHA-256"]
        for check in registered_checks():
            checked, found = check.run()
            count += checked
            problems.extend(found)
            summary.append(f"{check.name}: {checked} checked")
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(f"{len(problems)} of {count} stored records do not match.")
        self.stdout.write(f"Stored documents intact: {'; '.join(summary)}.")
