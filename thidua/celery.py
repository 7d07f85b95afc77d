"""Celery application. Without REDIS_URL tasks run in-process (see settings)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")

app = Celery("thidua")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="thidua.ping")
def ping(payload: str = "pong") -> dict:
    """Round-trip task: proves which process ran it (used by the worker test)."""
    return {"payload": payload, "pid": os.getpid()}
