from __future__ import annotations

import pytest

from tests.appraisal.factories import make_campaign, submitted_dossier


@pytest.fixture(autouse=True)
def _fast_passwords(settings) -> None:
    """The matrices create hundreds of users: PBKDF2 would dominate their run time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path) -> None:
    """Uploaded test files go to a temporary folder, not the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _holidays(request) -> None:
    """Transactional tests flush the data migration's holidays: put them back."""
    marker = request.node.get_closest_marker("django_db")
    transactional = (marker and marker.kwargs.get("transaction")) or any(
        name in request.fixturenames for name in ("transactional_db", "live_server")
    )
    if transactional:
        request.getfixturevalue("transactional_db")
        from workdays.holidays_vn import ensure_holidays

        ensure_holidays()


@pytest.fixture
def campaign(authority):
    return make_campaign(authority, title="Phong trào thi đua đồng bào dân tộc thiểu số")


@pytest.fixture
def dossier(campaign, clerk):
    return submitted_dossier(
        campaign, clerk, names=("Đinh Văn Lũy", "Phạm Thị Hoa", "Nguyễn Văn Đức")
    )


@pytest.fixture
def eager_tasks():
    """Run Celery tasks in-process for this test even when REDIS_URL points at a broker, so that
    emails queued on commit land in mail.outbox."""
    from thidua.celery import app

    saved = (app.conf.task_always_eager, app.conf.task_eager_propagates)
    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = saved
