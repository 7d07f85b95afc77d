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
