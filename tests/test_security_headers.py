"""Headers of a well-kept deployment: Permissions-Policy, no-store on logged-in pages, proxy
headers believed only from the proxy, production refusing DEBUG or a weak SECRET_KEY."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import reverse

from organizations.checks import is_weak_secret_key

pytestmark = pytest.mark.django_db
STRONG_KEY = "Vq3kP9xZ2mL7rT5wY8nB4cD6fG1hJ0sA-eU_iO3pQ9zX7vK2yN5tR8mW4bC6dF1gH0jL"


def test_permissions_policy_on_every_answer(client) -> None:
    response = client.get(reverse("login"))
    policy = response["Permissions-Policy"]
    assert "camera=()" in policy and "geolocation=()" in policy and "microphone=()" in policy


def test_logged_in_pages_are_not_stored(client, clerk) -> None:
    anonymous = client.get(reverse("password_reset"))
    assert "no-store" not in anonymous.get("Cache-Control", "")
    client.force_login(clerk)
    response = client.get(reverse("account_security"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_forwarded_proto_is_believed_only_from_the_proxy(client, settings) -> None:
    settings.SECURE_SSL_REDIRECT = True
    settings.TRUSTED_PROXIES = ["10.9.8.7/32"]
    # From an ordinary client: the claim of HTTPS is dropped, the redirect to HTTPS happens.
    response = client.get(
        reverse("login"), HTTP_X_FORWARDED_PROTO="https", REMOTE_ADDR="203.0.113.5"
    )
    assert response.status_code == 301 and response["Location"].startswith("https://")
    # From the proxy: believed.
    response = client.get(reverse("login"), HTTP_X_FORWARDED_PROTO="https", REMOTE_ADDR="10.9.8.7")
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("key", "weak"),
    [
        ("django-insecure-thidua-development-only", True),
        ("a" * 60, True),
        ("short-Key-123", True),
        (STRONG_KEY, False),
    ],
)
def test_weak_secret_keys_are_recognised(key: str, weak: bool) -> None:
    assert is_weak_secret_key(key) is weak


def _check(**overrides: str) -> subprocess.CompletedProcess:
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "THIDUA_ENV": "production",
        "SECRET_KEY": STRONG_KEY,
        "ALLOWED_HOSTS": "thidua.example.gov.vn",
        "SITE_URL": "https://thidua.example.gov.vn",
        "DEBUG": "false",
        **overrides,
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_debug_and_a_weak_key() -> None:
    assert _check().returncode == 0
    debug = _check(DEBUG="true")
    assert debug.returncode != 0 and "thidua.E001" in debug.stderr
    weak = _check(SECRET_KEY="x" * 60)
    assert weak.returncode != 0 and "thidua.E002" in weak.stderr
