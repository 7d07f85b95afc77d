"""The daily reminder, run by a real Celery worker process through Redis on the test database."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from appraisal.services import receive_dossier
from nominations.models import Dossier
from notifications.models import Notification
from organizations.enums import Role
from tests.conftest import redis_url
from tests.factories import make_campaign, make_person, submitted_dossier
from thidua.celery import worker_queues

pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _database_url() -> str:
    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    return f"postgres://{s['USER']}{password}@{s['HOST']}:{s['PORT'] or 5432}/{s['NAME']}"


def test_reminder_job_in_real_worker_notifies_exactly_due_appraisers(
    authority, other_authority, appraiser, campaign, clerk
) -> None:
    from appraisal.tasks import send_due_reminders

    # Authority 1: one dossier due; two appraisers (the first made the campaign) and a council
    # member.
    first = appraiser
    second = make_person(Role.APPRAISER, authority=authority, full_name="Trần Văn Bình")
    member = make_person(Role.COUNCIL_MEMBER, authority=authority)
    due = submitted_dossier(campaign, clerk)
    receive_dossier(actor=first, dossier=due)
    today = due.due_date - dt.timedelta(days=1)  # within the warning threshold
    # Authority 2: a dossier whose due date is far away.
    far_appraiser = make_person(Role.APPRAISER, authority=other_authority)
    far_clerk = make_person(Role.CLERK, authority=other_authority)
    far = submitted_dossier(make_campaign(other_authority), far_clerk)
    receive_dossier(actor=far_appraiser, dossier=far)
    Dossier.objects.filter(pk=far.pk).update(due_date=today + dt.timedelta(days=60))
    # Authority 3: an appraiser with nothing to do.
    from tests.factories import AuthorityFactory

    idle = make_person(Role.APPRAISER, authority=AuthorityFactory())

    queue = f"test-reminders-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "REDIS_URL": redis_url(),
        "CELERY_QUEUE": queue,  # the worker's own email tasks land on its queue too
        "DJANGO_SETTINGS_MODULE": "thidua.settings",
    }
    worker = subprocess.Popen(
        [
            sys.executable, "-m", "celery", "-A", "thidua", "worker", "-Q", worker_queues(queue),
            "--pool", "solo", "--without-gossip", "--without-mingle",
            "-n", f"{queue}@%h", "--loglevel", "WARNING",
        ],
        cwd=Path(settings.BASE_DIR),
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    # The submissions above notified appraisers too: only the reminders are under test.
    reminders = Notification.objects.filter(verb="appraisal.due_reminder")
    try:
        result = send_due_reminders.apply_async(args=[today.isoformat()], queue=queue)
        reply = result.get(timeout=90)
        # The emails are separate tasks queued on commit by the worker: wait until sent.
        deadline = time.monotonic() + 60
        while reminders.filter(emailed_at__isnull=True).exists() and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        worker.terminate()
        try:
            output, _ = worker.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            output, _ = worker.communicate()
    assert reply == {str(authority.pk): sorted([first.pk, second.pk])}, output
    notified = set(reminders.values_list("recipient_id", flat=True))
    assert notified == {first.pk, second.pk}
    assert member.pk not in notified and far_appraiser.pk not in notified
    assert idle.pk not in notified
    note = reminders.get(recipient=first)
    assert note.title == "Nhắc hạn thẩm định: 0 hồ sơ quá hạn, 1 hồ sơ sắp đến hạn"
    assert reminders.filter(emailed_at__isnull=False).count() == 2
