"""Server time of every main page of every role, beside its floors (a bench/run module).

Each page is one entry of PAGES: a label, the username it is seen as (None: anonymous) and a
function of the database's objects (`Targets`) giving its path. Another stage adds its pages by
appending entries (bench/run wires the modules). For each database (demo size, generated size)
a subprocess runs `measure()`: through Django's full middleware stack in one process (the test
client, no template instrumentation), after warm-ups, rounds interleaved with the minimal
logged-in view (bench/urls.py) — in every round the minimal view is timed right before each
page — and, for each page, the time its own SELECTs take when run again alone on the same
connection (the data it must read: "SQL"). Printed: p50/p95 of the page, its query count, the
minimal view's p50 beside it, the page's SQL p50, page ÷ SQL, and the growth from demo size to
the generated size.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Page:
    label: str
    user: str | None
    path: Callable[[Targets], str]
    list_page: bool = False  # its query count must not grow with the data


@dataclass
class Targets:
    """The objects the pages are read on: the demo's own where they exist in both databases."""

    clerk_dossier: int
    appraisal_dossier: int
    voting_session: int
    closed_session: int
    decision: int


def targets() -> Targets:
    from council.enums import SessionStatus
    from council.models import CouncilSession
    from dashboard.loadgen import VOTING_TITLE
    from decisions.models import Decision
    from nominations.models import Dossier
    from organizations.models import User

    bacung = User.objects.get(username="canbo.bacung")
    school = User.objects.get(username="canbo.truongdtnt")
    return Targets(
        clerk_dossier=Dossier.objects.filter(unit=bacung.unit).order_by("pk").first().pk,
        appraisal_dossier=Dossier.objects.filter(unit=school.unit).order_by("pk").first().pk,
        voting_session=CouncilSession.objects.get(title=VOTING_TITLE).pk,
        closed_session=CouncilSession.objects.filter(status=SessionStatus.CLOSED)
        .order_by("pk")
        .first()
        .pk,
        decision=Decision.objects.order_by("pk").first().pk,
    )


PAGES: list[Page] = [
    Page("clerk home", "canbo.bacung", lambda t: "/trang-chu/can-bo-don-vi/", True),
    Page("clerk: his dossiers", "canbo.bacung", lambda t: "/ho-so/", True),
    Page("clerk: dossier page", "canbo.bacung", lambda t: f"/ho-so/{t.clerk_dossier}/"),
    Page("appraiser home", "thamdinh", lambda t: "/trang-chu/tham-dinh/", True),
    Page("inbox, first page", "thamdinh", lambda t: "/tham-dinh/", True),
    Page(
        "inbox, filtered search",
        "thamdinh",
        lambda t: "/tham-dinh/?q=nguyen+van&status=under_appraisal&sort=due",
        True,
    ),
    Page("appraisal page", "thamdinh", lambda t: f"/tham-dinh/ho-so/{t.appraisal_dossier}/"),
    Page(
        "council review, 200 nominees",
        "hoidong",
        lambda t: f"/hoi-dong/phien/{t.voting_session}/xet/",
        True,
    ),
    Page(
        "secretary: live tally",
        "thamdinh",
        lambda t: f"/hoi-dong/phien/{t.voting_session}/kiem-dem/",
        True,
    ),
    Page(
        "secretary: session page",
        "thamdinh",
        lambda t: f"/hoi-dong/phien/{t.voting_session}/",
        True,
    ),
    Page("council home", "hoidong", lambda t: "/trang-chu/hoi-dong/", True),
    Page("signer: sign-off page", "chutich", lambda t: "/ky-duyet/", True),
    Page("signer home", "chutich", lambda t: "/trang-chu/lanh-dao/", True),
    Page("decisions list", "thamdinh", lambda t: "/quyet-dinh/", True),
    Page("decision page", "chutich", lambda t: f"/quyet-dinh/{t.decision}/"),
    Page("admin home", "quantri", lambda t: "/trang-chu/quan-tri/", True),
]
MINIMAL = "/bench/minimal/"


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _sql_time(captured: list[dict]) -> float:
    """The page's SELECTs run again alone, fetched whole: what reading its data costs."""
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        for query in captured:
            sql = query["sql"]
            if sql.lstrip().upper().startswith("SELECT"):
                cursor.execute(sql)
                cursor.fetchall()
    return time.perf_counter() - started


def measure(rounds: int, warm: int) -> dict:
    """In a process set up on one database: every page's figures (JSON-able)."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from organizations.models import User

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    found = targets()
    clients: dict[str | None, Client] = {}
    for username in {p.user for p in PAGES} | {"thamdinh"}:
        client = Client()
        if username:
            client.force_login(User.objects.get(username=username))
        clients[username] = client
    floor = clients["thamdinh"]
    out = {}
    for page in PAGES:
        path = page.path(found)
        client = clients[page.user]
        times, minimal, sql, queries = [], [], [], 0
        for i in range(warm + rounds):
            t0 = time.perf_counter()
            response = floor.get(MINIMAL)
            m = time.perf_counter() - t0
            with CaptureQueriesContext(connection) as ctx:
                t0 = time.perf_counter()
                response = client.get(path)
                elapsed = time.perf_counter() - t0
            if response.status_code != 200:
                raise SystemExit(f"{page.label}: {path} answered {response.status_code}")
            s = _sql_time(ctx.captured_queries)
            if i >= warm:
                times.append(elapsed)
                minimal.append(m)
                sql.append(s)
                queries = len(ctx.captured_queries)
        out[page.label] = {
            "path": path,
            "p50": statistics.median(times),
            "p95": _p95(times),
            "queries": queries,
            "minimal": statistics.median(minimal),
            "sql": statistics.median(sql),
            "bytes": len(response.content),
        }
    return out


def _run_on(database_url: str, rounds: int, warm: int) -> dict:
    env = {**os.environ, "DATABASE_URL": database_url, "PYTHONPATH": str(ROOT)}
    env["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    proc = subprocess.run(
        [sys.executable, "-m", "bench.pages", str(rounds), str(warm)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        raise SystemExit(f"bench.pages on {database_url} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def figures(ctx) -> Iterable[str]:
    """bench/run's interface: lines of figures."""
    demo = _run_on(ctx.demo_url, ctx.rounds, ctx.warm)
    large = _run_on(ctx.large_url, ctx.rounds, ctx.warm)
    yield (
        f"pages: p50/p95 server time through the full middleware, {ctx.rounds} rounds after "
        f"{ctx.warm} warm-ups; 'min' = minimal logged-in view timed just before the page in "
        "each round; 'SQL' = the page's own SELECTs run again alone"
    )
    head = (
        f"{'page':31} {'size':5} {'p50':>8} {'p95':>8} {'queries':>7} {'min':>7} "
        f"{'SQL':>8} {'÷SQL':>5} {'growth':>6}"
    )
    yield head
    for label, d in demo.items():
        g = large[label]
        for size, r in (("demo", d), ("large", g)):
            growth = f"{g['p50'] / d['p50']:6.2f}" if size == "large" else ""
            yield (
                f"{label:31} {size:5} {r['p50'] * 1000:6.1f}ms {r['p95'] * 1000:6.1f}ms "
                f"{r['queries']:7d} {r['minimal'] * 1000:5.1f}ms {r['sql'] * 1000:6.1f}ms "
                f"{r['p50'] / max(r['sql'], 1e-6):5.1f} {growth}"
            )
    over_growth = [k for k in demo if large[k]["p50"] / demo[k]["p50"] > 1.5]
    over_sql = [k for k in demo if large[k]["p50"] > 2 * large[k]["sql"]]
    grown_queries = [
        k
        for k, p in ((p.label, p) for p in PAGES)
        if p.list_page and k in demo and large[k]["queries"] != demo[k]["queries"]
    ]
    yield f"target: growth ≤ 1.5× — over: {', '.join(over_growth) or 'none'}"
    yield f"target: page ≤ 2× its SQL (generated size) — over: {', '.join(over_sql) or 'none'}"
    yield f"target: list pages' query count constant — grown: {', '.join(grown_queries) or 'none'}"


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    print(json.dumps(measure(int(sys.argv[1]), int(sys.argv[2]))))
