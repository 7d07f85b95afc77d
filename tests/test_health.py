from __future__ import annotations

import json
import subprocess
import sys

import pytest
from django.db import connection
from django.test import override_settings

from thidua import health

pytestmark = pytest.mark.django_db


def test_healthz_all_up(client) -> None:
    response = client.get("/healthz")
    body = response.json()
    # Under CI (REDIS_URL set) the worker check needs a worker; health is judged part by part.
    assert body["checks"]["database"] == {"ok": True, "vendor": connection.vendor}
    assert body["checks"]["cache"]["ok"] is True
    if body["down"]:
        assert response.status_code == 503
        assert body["down"] == ["worker"]
    else:
        assert response.status_code == 200
        assert body["status"] == "ok"


@pytest.mark.redis
def test_healthz_200_with_real_worker(client) -> None:
    import os
    import uuid

    from tests.test_infrastructure import ROOT, redis_url

    name = f"health-{uuid.uuid4().hex[:6]}"
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "thidua",
            "worker",
            "-Q",
            name,
            "--pool",
            "solo",
            "-n",
            f"{name}@%h",
            "--without-gossip",
            "--without-mingle",
            "--loglevel",
            "WARNING",
        ],
        cwd=ROOT,
        env={**os.environ, "REDIS_URL": redis_url()},
    )
    try:
        from thidua.celery import app

        for _ in range(60):
            if app.control.inspect(timeout=1.0).ping():
                break
        response = client.get("/healthz")
    finally:
        worker.terminate()
        worker.wait(timeout=20)
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "ok"


def test_healthz_503_names_the_broker_when_redis_is_down(client) -> None:
    dead = "redis://127.0.0.1:6  # port 6 has no Redis"
    from thidua.celery import app

    old = app.conf.broker_url
    app.conf.broker_url = dead.split()[0]
    try:
        with override_settings(CELERY_TASK_ALWAYS_EAGER=False):
            response = client.get("/healthz")
    finally:
        app.conf.broker_url = old
    body = response.json()
    assert response.status_code == 503
    assert "broker" in body["down"]
    assert body["checks"]["database"]["ok"] is True


def test_healthz_503_names_the_database(client, monkeypatch) -> None:
    def broken() -> dict:
        return {"ok": False, "error": "OperationalError"}

    monkeypatch.setattr(health, "_check_database", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert "database" in json.loads(response.content)["down"]


def test_healthz_503_names_the_cache(client) -> None:
    with override_settings(
        CACHES={
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": "redis://127.0.0.1:6",
            }
        }
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert "cache" in response.json()["down"]
