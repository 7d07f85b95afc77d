"""Health endpoints for the container runtime and the load balancer (docs/deployment.md).

- `/healthz/live`: liveness. The process answers; no dependency is touched. 200 "ok".
- `/healthz/ready` (and its alias `/healthz`): readiness. Database, cache, broker and a worker
  answer: 200, else 503; the JSON names the parts that are down, never a host.

HealthCheckMiddleware, first in MIDDLEWARE, answers these paths before any other middleware:
probes come over plain HTTP from inside the container network with whatever Host header they
have, so the HTTPS redirect and the ALLOWED_HOSTS check (request.get_host()) must not see them.
Nothing here reads the Host header.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import add_never_cache_headers

LIVE_PATH = "/healthz/live"
READY_PATHS = frozenset({"/healthz/ready", "/healthz"})


def _failure(exc: Exception) -> dict:
    # The exception's class only: its message may carry host names or addresses.
    return {"ok": False, "error": exc.__class__.__name__}


def _check_database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return {"ok": True}
    except Exception as exc:
        return _failure(exc)


def _check_cache() -> dict:
    try:
        cache.set("healthz", "1", 10)
        if cache.get("healthz") != "1":
            return {"ok": False, "error": "value not read back"}
        return {"ok": True}
    except Exception as exc:
        return _failure(exc)


def _check_broker_and_worker() -> tuple[dict, dict]:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"ok": True, "mode": "in-process"}, {"ok": True, "mode": "in-process"}
    from thidua.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:
        return _failure(exc), {"ok": False, "error": "no broker"}
    try:
        # The replies are keyed by worker host name: only whether any answered leaves here.
        replies = app.control.inspect(timeout=1.0).ping() or {}
    except Exception as exc:
        return {"ok": True}, _failure(exc)
    if not replies:
        return {"ok": True}, {"ok": False, "error": "no worker answered"}
    return {"ok": True}, {"ok": True}


def live(request: HttpRequest) -> HttpResponse:
    response = HttpResponse("ok", content_type="text/plain; charset=utf-8")
    add_never_cache_headers(response)
    return response


def ready(request: HttpRequest) -> JsonResponse:
    broker, worker = _check_broker_and_worker()
    checks = {
        "database": _check_database(),
        "cache": _check_cache(),
        "broker": broker,
        "worker": worker,
    }
    down = [name for name, result in checks.items() if not result["ok"]]
    body = {"status": "ok" if not down else "down", "down": down, "checks": checks}
    response = JsonResponse(body, status=200 if not down else 503)
    add_never_cache_headers(response)
    return response


class HealthCheckMiddleware:
    """Answers the health paths itself, ahead of SecurityMiddleware and CommonMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info
        if path == LIVE_PATH:
            return live(request)
        if path in READY_PATHS:
            return ready(request)
        return self.get_response(request)
