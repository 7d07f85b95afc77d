"""The outbox: side effects written with the change that wants them, sent when the broker can
take them, done once."""

from __future__ import annotations

import email
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import timedelta
from email.header import decode_header, make_header
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from nominations.enums import DossierStatus
from notifications.models import Notification, OutboxMessage
from notifications.outbox import enqueue, pending, sweep
from notifications.services import notify
from notifications.tasks import send_notification_email
from organizations.enums import Role
from tests.conftest import IN_CI
from tests.factories import complete_dossier, make_campaign, make_person
from thidua.celery import worker_queues

ROOT = Path(settings.BASE_DIR)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def celery_broker(url: str):
    """Send this test's tasks to the broker at `url` (a real one: not in-process)."""
    from thidua.celery import app

    saved = app.conf.broker_url, app.conf.task_always_eager
    app.conf.broker_url, app.conf.task_always_eager = url, False
    app._pool = None  # the connection pools were made for the previous URL
    app.amqp._producer_pool = None
    try:
        yield app
    finally:
        app.conf.broker_url, app.conf.task_always_eager = saved
        app._pool = None
        app.amqp._producer_pool = None


class PrivateRedis:
    """A throwaway redis-server of the test's own, which it may stop and start again."""

    def __init__(self) -> None:
        self.port = free_port()
        self.dir = tempfile.mkdtemp(prefix="thidua-redis-")
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                *("redis-server", "--port", str(self.port), "--bind", "127.0.0.1"),
                *("--save", "", "--appendonly", "no", "--dir", self.dir),
            ],
            stdout=subprocess.DEVNULL,
        )
        import redis

        client = redis.Redis(port=self.port, socket_connect_timeout=0.5)
        for _ in range(100):
            try:
                if client.ping():
                    return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("private redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.send_signal(signal.SIGKILL)  # as an outage: no goodbye to clients
            self.process.wait(timeout=10)
            self.process = None


@pytest.fixture
def private_redis():
    if not shutil.which("redis-server"):
        if IN_CI:
            pytest.fail("CI=true but redis-server is not installed", pytrace=False)
        pytest.skip("redis-server is not installed")
    server = PrivateRedis()
    server.start()
    yield server
    server.stop()
    shutil.rmtree(server.dir, ignore_errors=True)


# --- in-process (as without REDIS_URL) ------------------------------------------------------


@pytest.mark.django_db
def test_enqueue_writes_the_row_in_the_transaction_and_runs_it_after_commit(
    django_capture_on_commit_callbacks, eager_tasks
) -> None:
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        message = enqueue("thidua.ping", "xin chào")
        row = OutboxMessage.objects.get()
        assert (row.task_name, row.args, row.attempts, row.done_at) == (
            "thidua.ping",
            ["xin chào"],
            0,
            None,
        )
    message.refresh_from_db()
    assert message.attempts == 1
    assert message.dispatched_at is not None
    assert message.done_at is not None
    assert message.last_error == ""


@pytest.mark.django_db
def test_enqueue_in_a_rolled_back_transaction_leaves_nothing(
    django_capture_on_commit_callbacks, eager_tasks
) -> None:
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        enqueue("thidua.ping", "x")
        raise RuntimeError
    assert callbacks == []
    assert OutboxMessage.objects.count() == 0


@pytest.mark.django_db
def test_failed_task_stays_pending_with_its_error(
    django_capture_on_commit_callbacks, eager_tasks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        message = enqueue("notifications.no_such_task", 1)
    message.refresh_from_db()
    assert (message.attempts, message.done_at, message.dispatched_at) == (1, None, None)
    assert message.last_error.startswith("NotRegistered: ")
    assert list(pending()) == [message]


@pytest.mark.django_db
def test_pending_takes_failures_at_once_and_fresh_rows_after_a_grace(settings) -> None:
    now = timezone.now()
    fresh = OutboxMessage.objects.create(task_name="thidua.ping")
    failed = OutboxMessage.objects.create(task_name="thidua.ping", attempts=1, last_error="x")
    skipped = OutboxMessage.objects.create(task_name="thidua.ping", last_error="not tried")
    in_flight = OutboxMessage.objects.create(
        task_name="thidua.ping", attempts=1, dispatched_at=now - timedelta(minutes=1)
    )
    stale = OutboxMessage.objects.create(
        task_name="thidua.ping", attempts=1, dispatched_at=now - timedelta(hours=1)
    )
    OutboxMessage.objects.create(task_name="thidua.ping", attempts=1, done_at=now)
    OutboxMessage.objects.create(
        task_name="thidua.ping", attempts=settings.OUTBOX_MAX_ATTEMPTS, last_error="x"
    )
    assert list(pending(now)) == [failed, skipped, stale]
    later = now + timedelta(minutes=2)
    assert list(pending(later)) == [fresh, failed, skipped, stale]
    assert in_flight not in pending(now + timedelta(seconds=settings.OUTBOX_RETRY_AFTER - 90))


@pytest.mark.django_db
def test_sweep_again_sends_a_notification_email_only_once(authority, eager_tasks) -> None:
    person = make_person(Role.APPRAISER, authority=authority)
    notify(recipients=[person], verb="x", title="Hồ sơ mới", link="/x/")  # commit not run
    assert mail.outbox == []
    later = timezone.now() + timedelta(minutes=2)
    assert sweep(now=later) == 1
    assert [m.to for m in mail.outbox] == [[person.email]]
    # Lost acknowledgement, duplicate delivery: the same message handed over again.
    OutboxMessage.objects.update(done_at=None, dispatched_at=later - timedelta(days=1))
    assert sweep(now=later) == 1
    assert OutboxMessage.objects.get().done_at is not None
    assert len(mail.outbox) == 1
    assert send_notification_email(Notification.objects.get().pk) is False


# --- a broker that is away ------------------------------------------------------------------


@pytest.mark.django_db
def test_dispatch_with_the_broker_down_fails_fast_and_is_recorded(
    authority, django_capture_on_commit_callbacks
) -> None:
    first = make_person(Role.APPRAISER, authority=authority)
    second = make_person(Role.APPRAISER, authority=authority)
    with celery_broker(f"redis://127.0.0.1:{free_port()}/0"):
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            notify(recipients=[first, second], verb="x", title="Hồ sơ mới")
        elapsed = time.monotonic() - started
    assert elapsed < 5, elapsed  # the Celery defaults waited about 19 s, then raised
    rows = list(OutboxMessage.objects.order_by("pk"))
    assert [(r.attempts, r.dispatched_at, r.done_at) for r in rows] == [
        (1, None, None),
        (0, None, None),
    ]
    assert rows[0].last_error.startswith("OperationalError: ")
    assert rows[1].last_error.startswith("not tried, broker unavailable: OperationalError: ")
    assert list(pending()) == rows


def _database_url() -> str:
    from tests.appraisal.test_reminder_worker import _database_url as url

    return url()


def _sent_messages(folder: Path) -> list[email.message.Message]:
    """The messages Django's file-based backend wrote (one file per connection, each message
    followed by a line of 79 dashes)."""
    messages = []
    for path in sorted(folder.glob("*.log")):
        for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if chunk.strip():
                messages.append(email.message_from_bytes(chunk.lstrip(b"\n")))
    return messages


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_submission_with_the_broker_stopped_answers_truthfully_and_mails_once_it_is_back(
    client, private_redis, tmp_path
) -> None:
    from tests.factories import AuthorityFactory, UnitFactory

    authority = AuthorityFactory(name="Ủy ban nhân dân xã Ba Tơ", short_name="UBND xã Ba Tơ")
    unit = UnitFactory(authority=authority, name="Trường Tiểu học Ba Tơ")
    clerk = make_person(Role.CLERK, authority=authority, unit=unit, full_name="Đinh Văn Blưm")
    ha = make_person(Role.APPRAISER, authority=authority, full_name="Nguyễn Thị Hà")
    binh = make_person(Role.APPRAISER, authority=authority, full_name="Trần Văn Bình")
    dossier = complete_dossier(clerk, make_campaign(authority, actor=ha), nominees=2)
    client.force_login(clerk)
    mails = tmp_path / "mails"
    mails.mkdir()
    # The set-up's own notices (the plan's sign-off and publication) are queued already: this
    # test follows the submission's.
    earlier = set(OutboxMessage.objects.values_list("pk", flat=True))

    with celery_broker(private_redis.url) as app:
        private_redis.stop()
        started = time.monotonic()
        response = client.post(reverse("nominations:submit", args=[dossier.pk]), {}, follow=True)
        elapsed = time.monotonic() - started

        assert response.status_code == 200
        assert response.redirect_chain == [(reverse("nominations:detail", args=[dossier.pk]), 302)]
        assert "Đã gửi hồ sơ đến Phòng Nội vụ." in [str(m) for m in response.context["messages"]]
        assert elapsed < 10, elapsed
        dossier.refresh_from_db()
        assert dossier.status == DossierStatus.SUBMITTED
        notes = Notification.objects.filter(verb="dossier.submitted").order_by("recipient_id")
        assert [(n.recipient_id, n.emailed_at) for n in notes] == [(ha.pk, None), (binh.pk, None)]
        mail_tasks = OutboxMessage.objects.filter(
            task_name="notifications.send_notification_email"
        ).exclude(pk__in=earlier)
        assert mail_tasks.filter(done_at__isnull=True).count() == 2
        assert list(mails.iterdir()) == []

        private_redis.start()  # the same port: the broker is back
        queue = app.conf.task_default_queue
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "thidua", "worker", "-Q", worker_queues(queue),
             "--pool", "solo", "--without-gossip", "--without-mingle", "--without-heartbeat",
             "-n", f"outbox-{private_redis.port}@%h", "--loglevel", "WARNING"],
            cwd=ROOT,
            env={
                **os.environ,
                "DATABASE_URL": _database_url(),
                "REDIS_URL": private_redis.url,
                "CELERY_QUEUE": queue,
                "EMAIL_URL": f"filemail:///{mails}",
                "DJANGO_SETTINGS_MODULE": "thidua.settings",
            },
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            assert sweep() == 2  # the set-up's were handed over before the broker stopped
            deadline = time.monotonic() + 90
            while mail_tasks.filter(done_at__isnull=True).exists() and time.monotonic() < deadline:
                time.sleep(0.2)
            assert sweep() == 0  # nothing left to hand over
            time.sleep(1)
        finally:
            worker.terminate()
            try:
                output, _ = worker.communicate(timeout=20)
            except subprocess.TimeoutExpired:
                worker.kill()
                output, _ = worker.communicate()

    assert mail_tasks.filter(done_at__isnull=True).count() == 0, output
    sent = [
        m
        for m in _sent_messages(mails)
        if "Hồ sơ mới gửi đến" in str(make_header(decode_header(m["Subject"])))
    ]
    assert sorted(m["To"] for m in sent) == sorted([ha.email, binh.email]), output
    subject = str(make_header(decode_header(sent[0]["Subject"])))
    assert subject == f"[Thi đua - Khen thưởng] Hồ sơ mới gửi đến: {dossier}"
    body = sent[0].get_payload(decode=True).decode()
    assert f"http://127.0.0.1:8000/tham-dinh/ho-so/{dossier.pk}/" in body.split()
    assert all(
        n.emailed_at is not None for n in Notification.objects.filter(verb="dossier.submitted")
    )
