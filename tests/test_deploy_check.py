"""`manage.py check --deploy` with production settings reports nothing undocumented."""

from __future__ import annotations

import os
import subprocess
import sys

from django.conf import settings


def test_check_deploy_is_clean_with_production_environment() -> None:
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "THIDUA_ENV": "production",
        "SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
        "ALLOWED_HOSTS": "thidua.example.gov.vn",
        "SITE_URL": "https://thidua.example.gov.vn",
        "DEBUG": "false",
    }
    out = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert "System check identified no issues" in out.stdout


def test_production_without_secret_key_refuses_to_start() -> None:
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env["THIDUA_ENV"] = "production"
    env["SITE_URL"] = "https://thidua.example.gov.vn"
    out = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode != 0
    assert "SECRET_KEY must be set" in out.stderr


def test_production_without_site_url_refuses_to_start() -> None:
    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    env["THIDUA_ENV"] = "production"
    env["SECRET_KEY"] = "a-long-random-production-secret-key-0123456789-abcdefghijklmnop"
    out = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode != 0
    assert "SITE_URL must be set when THIDUA_ENV=production." in out.stderr


def test_env_example_copied_to_production_keeps_the_secure_defaults() -> None:
    """`cp .env.example .env` leaves most values empty: they mean "the default", not "off"."""
    listed = {}
    for line in (settings.BASE_DIR / ".env.example").read_text().splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.partition("=")
            listed[name] = value
    env = {
        **{k: v for k, v in os.environ.items() if k not in listed},
        **dict.fromkeys(listed, ""),
        "THIDUA_ENV": "production",
        "SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
        "ALLOWED_HOSTS": "thidua.example.gov.vn",
        "SITE_URL": "https://thidua.example.gov.vn",
    }
    script = (
        "import django; django.setup(); from django.conf import settings as s;"
        "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
        " s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS,"
        " s.DATABASES['default']['CONN_MAX_AGE'], s.STORAGES['staticfiles']['BACKEND'],"
        " s.SITE_URL)"
    )
    out = subprocess.run(
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env={**env, "DJANGO_SETTINGS_MODULE": "thidua.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == [
        "True",
        "True",
        "True",
        "31536000",
        "True",
        "60",
        "whitenoise.storage.CompressedManifestStaticFilesStorage",
        "https://thidua.example.gov.vn",
    ]
