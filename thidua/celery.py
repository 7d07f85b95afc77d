"""Celery application. Without REDIS_URL tasks run in-process (see settings)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")

app = Celery("thidua")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Tasks routed to the documents queue (PDF renders, signing, certificate batches, exports) and to
# the notifications queue (e-mail): a batch of 2,000 certificates never delays a notification.
DOCUMENT_PREFIXES = ("documents.", "decisions.", "awards.", "monitoring.")
NOTIFICATION_PREFIXES = ("notifications.",)


def queue_names(base: str | None = None) -> dict[str, str]:
    """The three queues of one deployment (or one test checkout), derived from CELERY_QUEUE."""
    base = base or app.conf.task_default_queue
    return {
        "default": base,
        "documents": f"{base}-documents",
        "notifications": f"{base}-notifications",
    }


def worker_queues(base: str | None = None) -> str:
    """The -Q argument of a worker that consumes every queue (one machine, the tests)."""
    return ",".join(queue_names(base).values())


def route_task(name, args, kwargs, options, task=None, **kw):
    """Celery router (settings.CELERY_TASK_ROUTES): by task name prefix, from the current
    default queue, so that a test that points the app at a queue of its own keeps all three."""
    names = queue_names()
    if name.startswith(DOCUMENT_PREFIXES):
        return {"queue": names["documents"]}
    if name.startswith(NOTIFICATION_PREFIXES):
        return {"queue": names["notifications"]}
    return None


@app.task(name="thidua.ping")
def ping(payload: str = "pong") -> dict:
    """Round-trip task: proves which process ran it (used by the worker test)."""
    return {"payload": payload, "pid": os.getpid()}
