"""Throughput of the mixed workload under gunicorn on PostgreSQL (a bench/run module).

On the generated-size database it logs in (session rows, as a login would write them) up to
200 clerks of generated units, each with a draft dossier of his own, the appraiser and the
voting members of the open session; starts gunicorn (sync workers, CONN_MAX_AGE=60, the
project's settings plus the minimal view) and runs locust headless (bench/locustfile.py) at
each number of users: first the minimal logged-in view alone (the floor), then the mixed
workload, each for --load-seconds. Prints requests/s, p50/p95 latency and the failures (HTTP
errors, refused saves or votes, connection errors).
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CSRF = "benchcsrfsecretbenchcsrfsecret00"


def prepare(users: int) -> dict:
    """(In a process set up on the generated database.) Session cookies and objects."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    from council.models import AgendaItem, CouncilSession
    from dashboard.loadgen import USER_PREFIX, VOTING_TITLE
    from nominations.enums import DossierStatus
    from nominations.models import Dossier
    from organizations.models import User

    engine = import_module(settings.SESSION_ENGINE)

    def cookie(person: User) -> str:
        store = engine.SessionStore()
        store[SESSION_KEY] = str(person.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = person.get_session_auth_hash()
        store.create()
        return (
            f"{settings.SESSION_COOKIE_NAME}={store.session_key}; "
            f"{settings.CSRF_COOKIE_NAME}={CSRF}"
        )

    clerks = []
    for clerk in User.objects.filter(username__startswith=USER_PREFIX).order_by("pk"):
        dossier = (
            Dossier.objects.filter(unit_id=clerk.unit_id, status=DossierStatus.DRAFT)
            .order_by("pk")
            .first()
        )
        if dossier is not None:
            clerks.append({"cookie": cookie(clerk), "dossier": dossier.pk})
        if len(clerks) >= users:
            break
    session = CouncilSession.objects.get(title=VOTING_TITLE)
    items = list(AgendaItem.objects.filter(session=session).values_list("pk", flat=True))
    members = [
        {"cookie": cookie(m.person), "session": session.pk, "items": items}
        for m in session.members.filter(votes=True).select_related("person")
    ]
    appraiser = User.objects.get(username="thamdinh")
    return {
        "csrf": CSRF,
        "clerks": clerks,
        "appraisers": [{"cookie": cookie(appraiser)} for _ in range(5)],
        "members": members,
        "minimal": [{"cookie": cookie(appraiser)}],
        "names": ["nguyen van", "tran thi", "le thi hoa", "pham van", "dinh van"],
    }


def _env(database_url: str, queue: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "PYTHONPATH": str(ROOT),
        "CONN_MAX_AGE": "60",
        "CELERY_QUEUE": queue,
        "LOG_LEVEL": "WARNING",
    }


def gunicorn(env: dict[str, str], workers: int, port: int) -> subprocess.Popen:
    exe = shutil.which("gunicorn") or str(Path(sys.executable).parent / "gunicorn")
    proc = subprocess.Popen(
        [
            exe,
            "thidua.wsgi",
            "-w",
            str(workers),
            "-b",
            f"127.0.0.1:{port}",
            "--backlog",
            "2048",
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    for _ in range(150):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz/live", timeout=1)
            return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("gunicorn did not start: " + proc.stderr.read().decode()[-2000:])


def locust(env, port: int, users: int, seconds: int, classes: list[str], folder: Path) -> dict:
    prefix = folder / f"run-{users}-{'-'.join(classes)}"
    exe = shutil.which("locust") or str(Path(sys.executable).parent / "locust")
    subprocess.run(
        [
            exe,
            "-f",
            str(ROOT / "bench" / "locustfile.py"),
            "--headless",
            "-u",
            str(users),
            "-r",
            str(users),
            "-t",
            f"{seconds}s",
            "--host",
            f"http://127.0.0.1:{port}",
            "--csv",
            str(prefix),
            "--only-summary",
            "--stop-timeout",
            "10",
            "--loglevel",
            "ERROR",
            *classes,
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        check=False,
    )
    with open(f"{prefix}_stats.csv", newline="") as stats:
        rows = {r["Name"]: r for r in csv.DictReader(stats)}
    total = rows["Aggregated"]
    return {
        "rps": float(total["Requests/s"]),
        "requests": int(total["Request Count"]),
        "failures": int(total["Failure Count"]),
        "p50": total["50%"],
        "p95": total["95%"],
        "per_name": {
            name: (int(r["Request Count"]), int(r["Failure Count"]), r["50%"], r["95%"])
            for name, r in rows.items()
            if name != "Aggregated"
        },
    }


def figures(ctx) -> Iterable[str]:
    folder = Path(tempfile.mkdtemp(prefix="thidua-locust-"))
    queue = f"{os.environ.get('CELERY_QUEUE', 'thidua')}-bench"
    env = _env(ctx.large_url, queue)
    most = max(ctx.users)
    proc = subprocess.run(
        [sys.executable, "-m", "bench.throughput", "prepare", str(most)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        raise SystemExit(f"throughput prepare failed:\n{proc.stderr[-3000:]}")
    data = folder / "data.json"
    data.write_text(proc.stdout.strip().splitlines()[-1])
    env["BENCH_LOCUST_DATA"] = str(data)
    workers = ctx.gunicorn_workers
    server = gunicorn(env, workers, ctx.port)
    try:
        yield (
            f"throughput: gunicorn {workers} sync workers, CONN_MAX_AGE=60, PostgreSQL "
            f"(generated size), locust headless in this machine's other processes, no think "
            f"time, {ctx.load_seconds} s per run; mixed = clerks saving 2 : appraisers "
            "filtering 1 : members voting 1"
        )
        # Warm-up, not counted: every worker imports, connects and fills its caches (the
        # first requests of a fresh gunicorn worker take a second or more).
        mix = ["ClerkUser", "AppraiserUser", "MemberUser"]
        locust(env, ctx.port, min(ctx.users), 8, [*mix, "MinimalUser"], folder)
        for users in ctx.users:
            floor = locust(env, ctx.port, users, ctx.load_seconds, ["MinimalUser"], folder)
            mixed = locust(env, ctx.port, users, ctx.load_seconds, mix, folder)
            for label, r in (("minimal view", floor), ("mixed workload", mixed)):
                yield (
                    f"{users:4d} users  {label:15} {r['rps']:7.1f} req/s  p50 {r['p50']:>5} ms  "
                    f"p95 {r['p95']:>5} ms  {r['requests']:6d} requests  "
                    f"errors {r['failures']}"
                )
            for name, (count, failures, p50, p95) in sorted(mixed["per_name"].items()):
                yield (
                    f"{users:4d} users    {name:22} {count:6d} req  p50 {p50:>5} ms  "
                    f"p95 {p95:>5} ms  errors {failures}"
                )
            yield (
                f"{users:4d} users  mixed ÷ minimal throughput: "
                f"{mixed['rps'] / max(floor['rps'], 1e-6):.2f}"
            )
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)
        _purge(env, queue)


def _purge(env: dict[str, str], queue: str) -> None:
    """Drop what the saves and votes queued for a worker that never ran (the bench's queue)."""
    if not env.get("REDIS_URL"):
        return
    subprocess.run(
        [sys.executable, "-c", "import redis,sys; r=redis.Redis.from_url(sys.argv[1]); "
         "[r.delete(k) for k in r.scan_iter(sys.argv[2] + '*')]", env["REDIS_URL"], queue],
        check=False,
    )  # fmt: skip


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    if sys.argv[1] == "prepare":
        print(json.dumps(prepare(int(sys.argv[2]))))
