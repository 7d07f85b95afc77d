"""/healthz: database, cache/broker and worker reachability as JSON (200 or 503)."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache


def _check_database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return {"ok": True, "vendor": connection.vendor}
    except Exception as exc:
        return {"ok": False, "error": exc.__class__.__name__}


def _check_cache() -> dict:
    try:
        cache.set("healthz", "1", 10)
        ok = cache.get("healthz") == "1"
        return {"ok": ok, "backend": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]}
    except Exception as exc:
        return {"ok": False, "error": exc.__class__.__name__}


def _check_broker_and_worker() -> tuple[dict, dict]:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"ok": True, "mode": "in-process"}, {"ok": True, "mode": "in-process"}
    from thidua.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        broker = {"ok": True}
    except Exception as exc:
        return {"ok": False, "error": exc.__class__.__name__}, {"ok": False, "error": "no broker"}
    try:
        replies = app.control.inspect(timeout=1.0).ping() or {}
        worker = {"ok": bool(replies), "workers": sorted(replies)}
        if not replies:
            worker["error"] = "no worker answered"
    except Exception as exc:
        worker = {"ok": False, "error": exc.__class__.__name__}
    return broker, worker


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    database = _check_database()
    cache_status = _check_cache()
    broker, worker = _check_broker_and_worker()
    checks = {"database": database, "cache": cache_status, "broker": broker, "worker": worker}
    down = [name for name, result in checks.items() if not result["ok"]]
    body = {"status": "ok" if not down else "down", "down": down, "checks": checks}
    return JsonResponse(body, status=200 if not down else 503)
