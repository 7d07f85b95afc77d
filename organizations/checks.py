"""System checks that stop a production start with unsafe settings (manage.py check, gunicorn's
`check --deploy` in the image)."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, register

WEAK_PREFIXES = ("django-insecure", "changeme", "secret", "thidua")


def is_weak_secret_key(key: str) -> bool:
    return len(key) < 50 or len(set(key)) < 10 or key.lower().startswith(WEAK_PREFIXES)


@register("security")
def production_settings_check(app_configs, **kwargs) -> list[Error]:
    if not getattr(settings, "PRODUCTION", False):
        return []
    errors = []
    if settings.DEBUG:
        errors.append(
            Error("DEBUG must be false in production.", hint="Unset DEBUG.", id="thidua.E001")
        )
    if is_weak_secret_key(settings.SECRET_KEY):
        errors.append(
            Error(
                "SECRET_KEY is weak: use at least 50 random characters.",
                hint="python -c 'import secrets; print(secrets.token_urlsafe(64))'",
                id="thidua.E002",
            )
        )
    return errors
