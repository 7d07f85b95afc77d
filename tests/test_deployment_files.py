"""The deployment files say what the deployment needs and keep secrets out of the image."""

from __future__ import annotations

import re
from fnmatch import fnmatchcase
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def dockerignored(path: str, patterns: list[str]) -> bool:
    """Docker's rule: the last pattern matching the path or one of its parent folders wins."""
    parts = path.split("/")
    candidates = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    ignored = False
    for pattern in patterns:
        negated = pattern.startswith("!")
        pattern = pattern.removeprefix("!")
        if pattern.startswith("**/"):
            hit = any(fnmatchcase(part, pattern[3:]) for part in parts)
        else:
            hit = any(fnmatchcase(candidate, pattern) for candidate in candidates)
        if hit:
            ignored = not negated
    return ignored


def dockerignore_patterns() -> list[str]:
    lines = (ROOT / ".dockerignore").read_text().splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


@pytest.mark.parametrize(
    ("path", "ignored"),
    [
        (".env", True),
        (".env.production", True),
        (".env.example", False),
        ("media/dossiers/2026/to-trinh.pdf", True),
        ("db.sqlite3", True),
        ("db.sqlite3-wal", True),
        ("node_modules/htmx.org/dist/htmx.min.js", True),
        (".venv/bin/python", True),
        ("test-artifacts/home-quantri.png", True),
        ("notifications/__pycache__/tasks.cpython-311.pyc", True),
        ("manage.py", False),
        ("thidua/settings.py", False),
        ("static/js/nominations.js", False),
        ("templates/base.html", False),
        ("requirements.lock", False),
    ],
)
def test_dockerignore_keeps_secrets_and_local_data_out_of_the_image(path, ignored) -> None:
    assert dockerignored(path, dockerignore_patterns()) is ignored


def test_compose_requires_the_database_password() -> None:
    compose = (ROOT / "docker-compose.yml").read_text()
    uses = re.findall(r"\$\{POSTGRES_PASSWORD[^}]*\}", compose)
    assert uses == ["${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD in .env}"] * 2
    assert "POSTGRES_PASSWORD=\n" in (ROOT / ".env.example").read_text()


def test_compose_healthchecks_probe_readiness_and_the_worker() -> None:
    compose = (ROOT / "docker-compose.yml").read_text()
    assert "urlopen('http://127.0.0.1:8000/healthz/ready', timeout=8)" in compose
    assert "celery -A thidua inspect ping --destination celery@$$HOSTNAME --timeout 5" in compose


def test_every_variable_the_settings_read_is_in_env_example() -> None:
    source = (ROOT / "thidua" / "settings.py").read_text()
    read = set(re.findall(r"env(?:\.\w+)?\(\s*\"([A-Z][A-Z0-9_]*)\"", source))
    listed = set(re.findall(r"^([A-Z][A-Z0-9_]*)=", (ROOT / ".env.example").read_text(), re.M))
    assert {"SECRET_KEY", "SITE_URL", "DATABASE_URL", "STATICFILES_BACKEND"} <= read
    assert read - listed == set()


# --- The production stack of docs/scaling.md: nginx → gunicorn, queues per kind, S3 media ---


def _compose() -> str:
    return (ROOT / "docker-compose.yml").read_text()


def _service(name: str) -> str:
    """The text of one service of docker-compose.yml (up to the next service)."""
    compose = _compose()
    start = compose.index(f"\n  {name}:\n")
    following = re.search(r"\n  [a-z][a-z-]*:\n", compose[start + 1 :])
    return compose[start : start + 1 + following.start()] if following else compose[start:]


def test_nginx_config_proxies_to_gunicorn_and_passes_the_scheme() -> None:
    conf = (ROOT / "deploy" / "nginx.conf").read_text()
    assert re.search(r"upstream thidua_web \{\s*(#.*\n\s*)*server web:8000", conf)
    assert "proxy_pass http://thidua_web;" in conf
    assert "proxy_set_header X-Forwarded-Proto $thidua_forwarded_proto;" in conf
    assert "proxy_set_header Host $host;" in conf
    # nginx lets the app's own upload limit answer (with its message), not a bare nginx 413.
    limit = int(re.search(r"client_max_body_size (\d+)m;", conf).group(1)) * 1024 * 1024
    assert limit > settings.THIDUA_MAX_UPLOAD_BYTES
    assert "proxy_request_buffering on;" in conf


def test_compose_puts_nginx_in_front_and_web_behind_it() -> None:
    proxy = _service("proxy")
    assert "./deploy/nginx.conf:/etc/nginx/conf.d/default.conf:ro" in proxy
    assert '"8000:80"' in proxy
    web = _service("web")
    assert "ports:" not in web and "expose:" in web
    assert "gunicorn thidua.wsgi:application --bind 0.0.0.0:8000" in web


def test_compose_workers_consume_the_queues_the_router_sends_to() -> None:
    from thidua.celery import queue_names

    names = queue_names("thidua")
    assert "CELERY_QUEUE: thidua\n" in _compose()
    worker, documents = _service("worker"), _service("worker-documents")
    assert f"-Q {names['default']},{names['notifications']}" in worker
    assert f"-Q {names['documents']}\n" in documents
    assert names["documents"] not in worker


@pytest.mark.parametrize(
    ("task", "queue"),
    [
        ("documents.run_render_job", "documents"),
        ("documents.sweep_render_jobs", "documents"),
        ("decisions.sign_decisions", "documents"),
        ("awards.render_certificates", "documents"),
        ("monitoring.export", "documents"),
        ("notifications.send_notification_email", "notifications"),
        ("notifications.sweep_outbox", "notifications"),
        ("appraisal.send_due_reminders", "default"),
        ("nominations.run_import_job", "default"),
        ("thidua.ping", "default"),
    ],
)
def test_tasks_are_routed_by_name_prefix_from_the_configured_queue(task, queue) -> None:
    from thidua.celery import app, queue_names, worker_queues

    base = app.conf.task_default_queue
    assert base == settings.CELERY_TASK_DEFAULT_QUEUE
    route = app.amqp.router.route({}, task)
    assert route["queue"].name == queue_names(base)[queue]
    assert route["queue"].name in worker_queues(base).split(",")
    # A worker started without -Q consumes all three (one machine).
    assert {q.name for q in settings.CELERY_TASK_QUEUES} == set(queue_names(base).values())


def test_every_test_that_starts_a_worker_consumes_all_queues() -> None:
    starting = [
        p
        for p in (ROOT / "tests").rglob("*.py")
        if re.search(r'"celery",\s*"-A",\s*"thidua",\s*"worker"', p.read_text())
        or '"worker",\n' in p.read_text()
    ]
    assert len(starting) >= 5
    for path in starting:
        text = path.read_text()
        if '"-Q"' in text:
            assert re.search(r'"-Q",\s*worker_queues\(', text), path


def _settings_in_subprocess(code: str, **env: str) -> str:
    import os
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "thidua.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout.strip()


def test_media_storage_is_local_or_s3_by_configuration() -> None:
    show = (
        "from django.core.files.storage import storages; s = storages['default']; "
        "print(type(s).__module__ + '.' + type(s).__name__, getattr(s, 'bucket_name', ''), "
        "getattr(s, 'endpoint_url', ''), getattr(s, 'file_overwrite', ''), "
        "getattr(s, 'querystring_auth', ''))"
    )
    assert _settings_in_subprocess(show, MEDIA_STORAGE="local").startswith(
        "django.core.files.storage.filesystem.FileSystemStorage"
    )
    out = _settings_in_subprocess(
        show,
        MEDIA_STORAGE="s3",
        S3_BUCKET="thidua-media",
        S3_ENDPOINT_URL="http://minio.internal:9000",
        S3_ACCESS_KEY_ID="k",
        S3_SECRET_ACCESS_KEY="s",
    )
    assert out == (
        "storages.backends.s3.S3Storage thidua-media http://minio.internal:9000 False True"
    )


def test_postgresql_connections_persist_and_skip_the_jit() -> None:
    show = (
        "from django.conf import settings as s; d = s.DATABASES['default']; "
        "print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'], d.get('OPTIONS', {}).get('options'))"
    )
    url = "postgres://u@db.internal:5432/thidua"
    prod = {"THIDUA_ENV": "production", "SECRET_KEY": "x" * 50, "SITE_URL": "https://t.example"}
    assert _settings_in_subprocess(show, DATABASE_URL=url, CONN_MAX_AGE="", **prod) == (
        "60 True -c jit=off"
    )
    assert _settings_in_subprocess(show, DATABASE_URL=url, DATABASE_JIT="true").endswith("None")
