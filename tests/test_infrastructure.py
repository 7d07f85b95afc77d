"""Proof that the suite runs against the real services CI provides."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests.conftest import IN_CI, redis_url
from thidua.celery import worker_queues

ROOT = Path(settings.BASE_DIR)


@pytest.mark.postgres
@pytest.mark.django_db
def test_database_is_postgresql_in_ci() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        version = cursor.fetchone()[0]
    assert connection.vendor == "postgresql"
    assert version.startswith("PostgreSQL")


def test_ci_sets_database_url() -> None:
    if not IN_CI:
        pytest.skip("only meaningful under CI=true")
    assert os.environ.get("DATABASE_URL", "").startswith("postgres")
    assert os.environ.get("REDIS_URL", "").startswith("redis://")


@pytest.mark.redis
def test_real_celery_worker_runs_task_through_redis() -> None:
    """Start a worker process on a private queue and make it run a task sent through Redis."""
    from thidua.celery import app, ping

    assert not app.conf.task_always_eager
    assert app.conf.broker_url.startswith("redis://")
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "REDIS_URL": redis_url(), "DJANGO_SETTINGS_MODULE": "thidua.settings"}
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "thidua",
            "worker",
            "-Q",
            worker_queues(queue),
            "--pool",
            "solo",
            "--concurrency",
            "1",
            "--without-gossip",
            "--without-mingle",
            "-n",
            f"{queue}@%h",
            "--loglevel",
            "WARNING",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        result = ping.apply_async(args=["xin chào"], queue=queue)
        reply = result.get(timeout=60)
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
    assert reply["payload"] == "xin chào"
    assert reply["pid"] == worker.pid
    assert reply["pid"] != os.getpid()


def test_eager_mode_without_redis_url(monkeypatch) -> None:
    """Without REDIS_URL the settings make Celery run tasks in-process."""
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE','thidua.settings');"
            "django.setup(); from django.conf import settings as s;"
            "print(s.CELERY_TASK_ALWAYS_EAGER, s.CELERY_BROKER_URL)",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert out.stdout.split() == ["True", "memory://"]
    time.sleep(0)
