from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import uuid

import pytest
from django.test import override_settings

from thidua import health
from thidua.celery import worker_queues

pytestmark = pytest.mark.django_db

PRODUCTION_LIKE = {
    "SECURE_SSL_REDIRECT": True,
    "ALLOWED_HOSTS": ["thidua.example.gov.vn"],
    # In-process tasks: readiness then depends on the database and the cache only.
    "CELERY_TASK_ALWAYS_EAGER": True,
}
ALL_UP_IN_PROCESS = {
    "status": "ok",
    "down": [],
    "checks": {
        "database": {"ok": True},
        "cache": {"ok": True},
        "broker": {"ok": True, "mode": "in-process"},
        "worker": {"ok": True, "mode": "in-process"},
    },
}


def test_live_answers_ok_without_touching_any_dependency(client, django_assert_num_queries) -> None:
    with django_assert_num_queries(0):
        response = client.get("/healthz/live")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "no-cache" in response["Cache-Control"]


def test_ready_in_process_is_200_with_every_part_named(client, settings) -> None:
    settings.CELERY_TASK_ALWAYS_EAGER = True
    response = client.get("/healthz/ready")
    assert response.status_code == 200
    assert response.json() == ALL_UP_IN_PROCESS
    assert "no-cache" in response["Cache-Control"]


def test_healthz_is_an_alias_of_readiness(client, settings) -> None:
    settings.CELERY_TASK_ALWAYS_EAGER = True
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == ALL_UP_IN_PROCESS


@override_settings(**PRODUCTION_LIKE)
def test_probes_over_plain_http_pass_the_ssl_redirect_and_allowed_hosts(client) -> None:
    # What the container's healthcheck sends: http://127.0.0.1:8000, a host nobody allowed.
    live = client.get("/healthz/live", HTTP_HOST="127.0.0.1:8000")
    ready = client.get("/healthz/ready", HTTP_HOST="127.0.0.1:8000")
    assert (live.status_code, live.content) == (200, b"ok")
    assert (ready.status_code, ready.json()) == (200, ALL_UP_IN_PROCESS)
    # The same settings still guard every other path.
    assert client.get("/dang-nhap/", HTTP_HOST="127.0.0.1:8000").status_code == 400
    redirected = client.get("/dang-nhap/", HTTP_HOST="thidua.example.gov.vn")
    assert redirected.status_code == 301
    assert redirected["Location"] == "https://thidua.example.gov.vn/dang-nhap/"


@pytest.mark.redis
def test_ready_200_with_real_worker_names_no_host(client) -> None:
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
            worker_queues(name),
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
        response = client.get("/healthz/ready")
    finally:
        worker.terminate()
        worker.wait(timeout=20)
    assert response.status_code == 200, response.content
    assert response.json() == {
        "status": "ok",
        "down": [],
        "checks": {
            "database": {"ok": True},
            "cache": {"ok": True},
            "broker": {"ok": True},
            "worker": {"ok": True},
        },
    }
    body = response.content.decode()
    assert name not in body
    assert socket.gethostname() not in body


def test_ready_503_names_the_broker_when_redis_is_down(client) -> None:
    from thidua.celery import app

    old = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:6"  # port 6 has no Redis
    try:
        with override_settings(CELERY_TASK_ALWAYS_EAGER=False):
            response = client.get("/healthz/ready")
    finally:
        app.conf.broker_url = old
    body = response.json()
    assert response.status_code == 503
    assert body["down"] == ["broker", "worker"]
    assert body["checks"]["broker"] == {"ok": False, "error": "OperationalError"}
    assert body["checks"]["worker"] == {"ok": False, "error": "no broker"}
    assert body["checks"]["database"] == {"ok": True}
    assert "127.0.0.1" not in response.content.decode()


def test_ready_503_names_the_database(client, monkeypatch, settings) -> None:
    settings.CELERY_TASK_ALWAYS_EAGER = True

    def broken() -> dict:
        return {"ok": False, "error": "OperationalError"}

    monkeypatch.setattr(health, "_check_database", broken)
    response = client.get("/healthz/ready")
    assert response.status_code == 503
    assert json.loads(response.content)["down"] == ["database"]


def test_ready_503_names_the_cache(client, settings) -> None:
    settings.CELERY_TASK_ALWAYS_EAGER = True
    with override_settings(
        CACHES={
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": "redis://127.0.0.1:6",
            }
        }
    ):
        response = client.get("/healthz/ready")
    assert response.status_code == 503
    assert response.json()["down"] == ["cache"]
    assert response.json()["checks"]["cache"] == {"ok": False, "error": "ConnectionError"}
