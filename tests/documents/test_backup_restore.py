"""Backup → restore → verify (docs/deployment.md): pg_dump of the database and a copy of the
media folder, restored into a scratch PostgreSQL database; verify_documents and verify_audit pass
on it, and a PDF altered on disk is named."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import uuid

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection

from audit.services import record
from documents.models import RenderedDocument
from tests.factories import TINY_PDF

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _store(authority, object_id: str, content: bytes) -> RenderedDocument:
    digest = hashlib.sha256(content).hexdigest()
    doc = RenderedDocument(
        kind="plan",
        object_id=object_id,
        authority=authority,
        data={"n": object_id},
        data_hash=digest,
        template_version="1",
        sha256=digest,
        size=len(content),
        page_count=1,
        filename=f"ke-hoach-{object_id}.pdf",
    )
    doc.file.save(f"{object_id}.pdf", ContentFile(content), save=False)
    doc.save()
    return doc


def _manage(command: str, *, database_url: str, media: str) -> subprocess.CompletedProcess:
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": media,
    }
    return subprocess.run(
        [sys.executable, "manage.py", command],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_backup_restore_verify(tmp_path, settings, authority, clerk) -> None:
    if connection.vendor != "postgresql":
        pytest.fail("needs PostgreSQL")
    settings.MEDIA_ROOT = str(tmp_path / "media")
    docs = [_store(authority, str(i), TINY_PDF + f"% {i}\n".encode()) for i in range(3)]
    for i in range(4):
        record(actor=clerk, action="test.backup", target=clerk, data={"i": i})

    params = connection.settings_dict
    host, port, user = params["HOST"] or "127.0.0.1", str(params["PORT"] or 5432), params["USER"]
    source = params["NAME"]
    scratch = f"thidua_restore_{uuid.uuid4().hex[:10]}"
    dump = tmp_path / "thidua.dump"
    base = ["-h", host, "-p", port, "-U", user]
    # The documented procedure: pg_dump -Fc of the database, a copy of MEDIA_ROOT.
    subprocess.run(["pg_dump", *base, "-Fc", "-f", str(dump), source], check=True, timeout=120)
    media_copy = tmp_path / "restored-media"
    shutil.copytree(settings.MEDIA_ROOT, media_copy)
    subprocess.run(["createdb", *base, scratch], check=True, timeout=60)
    try:
        subprocess.run(
            ["pg_restore", *base, "--no-owner", "-d", scratch, str(dump)], check=True, timeout=120
        )
        url = f"postgres://{user}@{host}:{port}/{scratch}"
        documents = _manage("verify_documents", database_url=url, media=str(media_copy))
        assert documents.returncode == 0, documents.stderr
        assert "Stored documents intact: 3 PDFs" in documents.stdout
        audit = _manage("verify_audit", database_url=url, media=str(media_copy))
        assert audit.returncode == 0, audit.stderr
        assert "Audit trail intact" in audit.stdout

        # A PDF altered on disk after the restore is named.
        victim = media_copy / docs[1].file.name
        victim.write_bytes(victim.read_bytes().replace(b"% 1", b"% 9"))
        documents = _manage("verify_documents", database_url=url, media=str(media_copy))
        assert documents.returncode != 0
        assert (
            f"document id {docs[1].pk} (plan 1, {docs[1].file.name}): SHA-256" in documents.stderr
        )
        assert f"document id {docs[0].pk} " not in documents.stderr
        # A PDF missing is named too.
        (media_copy / docs[2].file.name).unlink()
        documents = _manage("verify_documents", database_url=url, media=str(media_copy))
        assert f"document id {docs[2].pk} (plan 2, {docs[2].file.name}): file missing" in (
            documents.stderr
        )
    finally:
        subprocess.run(["dropdb", *base, "--if-exists", scratch], check=False, timeout=60)
