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
