"""The database going away mid-action: a real server process, on a throwaway PostgreSQL of the
test's own (initdb + pg_ctl on a free port in a temp folder; the shared server is never touched),
answers a clerk's save with the application's 503 page, keeps no half-written change, and takes
the same save once PostgreSQL is back."""

from __future__ import annotations

import contextlib
import glob
import http.cookiejar
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings

from tests.conftest import IN_CI
from tests.notifications.test_outbox import free_port

ROOT = Path(settings.BASE_DIR)
pytestmark = pytest.mark.postgres

SEED = """
from tests.factories import AuthorityFactory, PASSWORD, make_campaign, make_person
from nominations.services import dossiers
from organizations.enums import Role
authority = AuthorityFactory(name="Ủy ban nhân dân xã Ba Tơ", short_name="UBND xã Ba Tơ")
clerk = make_person(Role.CLERK, authority=authority, username="vanthu", full_name="Đinh Văn Blưm")
dossier = dossiers.create_dossier(actor=clerk, campaign=make_campaign(authority))
print("SEEDED", dossier.pk, PASSWORD)
"""


def _pg_bin(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


class PrivatePostgres:
    """A throwaway PostgreSQL cluster, run as the `postgres` user when the test runs as root."""

    def __init__(self) -> None:
        self.port = free_port()
        self.dir = tempfile.mkdtemp(prefix="thidua-pg-")
        self.data = os.path.join(self.dir, "data")
        self.as_user: list[str] = []
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres")
            self.as_user = ["runuser", "-u", "postgres", "--"]

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/thidua"

    def _run(self, *args: str) -> None:
        subprocess.run([*self.as_user, *args], check=True, capture_output=True, timeout=60)

    def init(self) -> None:
        self._run(_pg_bin("initdb"), "-D", self.data, "-U", "postgres", "-A", "trust", "-E", "UTF8")
        self.start()
        self._run(
            _pg_bin("createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "thidua"
        )

    def start(self) -> None:
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        log = os.path.join(self.dir, "server.log")  # else the server would hold our pipes
        self._run(
            _pg_bin("pg_ctl"), "-D", self.data, "-l", log, "-o", options, "-w", "-t", "30", "start"
        )

    def stop(self) -> None:
        self._run(_pg_bin("pg_ctl"), "-D", self.data, "-m", "immediate", "-w", "stop")

    def query(self, sql: str) -> str:
        out = subprocess.run(
            [_pg_bin("psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
             "-d", "thidua", "-At", "-c", sql],
            check=True, capture_output=True, text=True, timeout=30,
        )  # fmt: skip
        return out.stdout.strip()


@pytest.fixture
def private_postgres():
    if not _pg_bin("initdb") or not _pg_bin("pg_ctl"):
        if IN_CI:
            pytest.fail("CI=true but initdb/pg_ctl are not installed", pytrace=False)
        pytest.skip("initdb/pg_ctl are not installed")
    server = PrivatePostgres()
    server.init()
    yield server
    with contextlib.suppress(subprocess.CalledProcessError):
        server.stop()  # unless already stopped
    shutil.rmtree(server.dir, ignore_errors=True)


@dataclass
class Answer:
    status_code: int
    headers: dict
    text: str


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A cookie-keeping HTTP client that does not follow redirects (standard library only)."""

    def __init__(self) -> None:
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirect()
        )

    def _open(self, request: urllib.request.Request, timeout: float) -> Answer:
        try:
            with self.opener.open(request, timeout=timeout) as r:
                return Answer(r.status, dict(r.headers), r.read().decode())
        except urllib.error.HTTPError as e:
            return Answer(e.code, dict(e.headers), e.read().decode())

    def get(self, url: str, timeout: float = 10) -> Answer:
        return self._open(urllib.request.Request(url), timeout)

    def post(self, url: str, data: dict, timeout: float = 30) -> Answer:
        body = urllib.parse.urlencode(data).encode()
        return self._open(urllib.request.Request(url, body, {"Referer": url}), timeout)


def _version(html: str) -> str:
    return re.search(r'name="version" value="(\d+)"', html).group(1)


def _csrf(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def test_clerk_save_with_the_database_gone_gets_503_and_nothing_half_written(
    private_postgres,
) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": private_postgres.url,
        "REDIS_URL": "",
        "DEBUG": "false",
        "DJANGO_SETTINGS_MODULE": "thidua.settings",
    }
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=240)
    seeded = subprocess.run(
        [*manage, "shell", "-c", SEED], cwd=ROOT, env=env, check=True, timeout=120,
        capture_output=True, text=True,
    )  # fmt: skip
    _, pk, password = re.search(r"SEEDED (\d+) (\S+)", seeded.stdout).group(0).split()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [*manage, "runserver", "--noreload", "--nothreading", f"127.0.0.1:{port}"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        web = Browser()
        for _ in range(150):
            try:
                login = web.get(f"{base}/dang-nhap/", timeout=5)
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)
        answer = web.post(
            f"{base}/dang-nhap/",
            data={
                "username": "vanthu",
                "password": password,
                "csrfmiddlewaretoken": _csrf(login.text),
            },
        )
        assert answer.status_code == 302, answer.text[:500]
        edit = f"{base}/ho-so/{pk}/sua/"
        form = web.get(edit)
        assert form.status_code == 200
        data = {
            "csrfmiddlewaretoken": _csrf(form.text),
            "version": _version(form.text),
            "letter_number": "12/TTr-THBT",
            "letter_signer": "Đinh Văn Blưm",
            "note": "Lưu khi cơ sở dữ liệu mất kết nối",
        }
        before = private_postgres.query(
            f"select version, letter_number, note from nominations_dossier where id = {pk}"
        )
        audits = private_postgres.query("select count(*) from audit_auditentry")

        private_postgres.stop()  # the database goes away between the page and the save
        started = time.monotonic()
        refused = web.post(edit, data=data)
        assert time.monotonic() - started < 20
        assert refused.status_code == 503, refused.text[:500]
        assert refused.headers["Retry-After"] == "120"
        assert 'data-testid="error-database"' in refused.text
        assert "Hệ thống tạm thời gián đoạn" in refused.text
        assert "nội dung đó chưa được lưu" in refused.text

        private_postgres.start()  # back
        assert (
            private_postgres.query(
                f"select version, letter_number, note from nominations_dossier where id = {pk}"
            )
            == before
        )
        assert private_postgres.query("select count(*) from audit_auditentry") == audits

        saved = web.post(edit, data=data)
        assert saved.status_code == 302, saved.text[:500]
        after = private_postgres.query(
            f"select version, letter_number, note from nominations_dossier where id = {pk}"
        )
        version = int(data["version"])
        assert after == f"{version + 1}|12/TTr-THBT|Lưu khi cơ sở dữ liệu mất kết nối"
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
