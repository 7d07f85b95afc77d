"""Shared fixtures. Tests that need PostgreSQL or Redis fail instead of skipping when CI=true."""

from __future__ import annotations

import os
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings

from organizations.enums import Role
from tests.factories import AuthorityFactory, UnitFactory, make_person

IN_CI = os.environ.get("CI", "").lower() == "true"
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"


def _missing(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"CI=true but {reason}", pytrace=False)
    pytest.skip(reason)


def redis_url() -> str:
    return os.environ.get("REDIS_URL", "")


def redis_available() -> bool:
    url = redis_url()
    if not url:
        return False
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


@pytest.fixture(autouse=True)
def _service_markers(request) -> None:
    if request.node.get_closest_marker("postgres"):
        from django.db import connection

        if connection.vendor != "postgresql":
            _missing("this test needs PostgreSQL (set DATABASE_URL=postgres://…)")
    if request.node.get_closest_marker("redis") and not redis_available():
        _missing("this test needs Redis (set REDIS_URL=redis://…)")


@pytest.fixture(autouse=True)
def _reference_data(request) -> None:
    """Transactional tests flush every table, data migrations' rows included: put them back."""
    marker = request.node.get_closest_marker("django_db")
    transactional = (marker and marker.kwargs.get("transaction")) or any(
        name in request.fixturenames for name in ("transactional_db", "live_server")
    )
    if transactional:
        request.getfixturevalue("transactional_db")
        from decisions.reference import ensure_legal_frame
        from organizations.reference import ensure_reference_data
        from workdays.holidays_vn import ensure_holidays

        ensure_reference_data()
        ensure_holidays()
        ensure_legal_frame()


@pytest.fixture(autouse=True)
def _fast_passwords(settings) -> None:
    """Tests create hundreds of users: PBKDF2 would dominate their run time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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


@contextmanager
def tasks_sent_to(queue: str):
    """Send every Celery task (not run in-process) to `queue` for the duration."""
    from thidua.celery import app

    saved = (app.conf.task_always_eager, app.conf.task_routes)
    app.conf.task_always_eager = False
    app.conf.task_routes = {"*": {"queue": queue}}

    def reroute() -> None:  # Celery builds its router from task_routes once, then caches it
        app.amqp.flush_routes()
        app.amqp.__dict__.pop("router", None)

    reroute()
    try:
        yield queue
    finally:
        app.conf.task_always_eager, app.conf.task_routes = saved
        reroute()
        from kombu import Exchange, Queue

        with app.connection_for_write() as conn:  # the messages left there and its bindings
            bound = Queue(queue, Exchange(queue), routing_key=queue, channel=conn.default_channel)
            bound.declare()
            bound.delete()


@pytest.fixture
def held_tasks():
    """Tasks are sent, not run: to a private queue no worker listens to (in memory without
    Redis), deleted afterwards. What the web process sees while the worker is busy or away."""
    with tasks_sent_to(f"test-held-{uuid.uuid4().hex[:8]}") as queue:
        yield queue


@pytest.fixture
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def authority(db):
    return AuthorityFactory(
        name="Ủy ban nhân dân xã Ba Tơ",
        short_name="UBND xã Ba Tơ",
        header_name="ỦY BAN NHÂN DÂN\nXÃ BA TƠ",
        place_name="Ba Tơ",
    )


@pytest.fixture
def other_authority(db):
    return AuthorityFactory(name="Ủy ban nhân dân xã Sơn Hà", place_name="Sơn Hà")


@pytest.fixture
def unit(authority):
    return UnitFactory(authority=authority, name="Trường Tiểu học Ba Tơ", short_name="TH Ba Tơ")


@pytest.fixture
def clerk(authority, unit):
    return make_person(Role.CLERK, authority=authority, unit=unit, full_name="Đinh Văn Blưm")


@pytest.fixture
def appraiser(authority):
    return make_person(Role.APPRAISER, authority=authority, full_name="Nguyễn Thị Hà")


@pytest.fixture
def council_member(authority):
    return make_person(Role.COUNCIL_MEMBER, authority=authority)


@pytest.fixture
def chairman(authority):
    return make_person(Role.CHAIRMAN, authority=authority, full_name="Phạm Xuân Vinh")


@pytest.fixture
def administrator(authority):
    return make_person(Role.ADMIN, authority=authority)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Stored files (rendered PDFs, uploads) go to a temporary folder, never the project's."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SIGNING_CERTIFICATES_DIR = tmp_path / "signing"
