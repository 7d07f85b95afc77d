"""Server time of every main page of every role, beside its floors (a bench/run module).

Each page is one entry of PAGES: a label, the username it is seen as (None: anonymous) and a
function of the database's objects (`Targets`) giving its path. Another stage adds its pages by
appending entries (bench/run wires the modules). One subprocess measures both databases (demo
size, generated size) interleaved round by round, switching its one connection between them:
through Django's full middleware stack (the test client, without template instrumentation),
after warm-ups; in every round the minimal logged-in view (bench/urls.py) is timed right before
each page, and the page's own SELECTs are run again alone on the same connection (the data it
must read: "SQL"). Printed: p50/p95 of the page, its query count, the minimal view's p50 beside
it, the page's SQL p50, page ÷ SQL, and the growth from demo size to the generated size.
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
    campaign: int
    authority: int


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
        campaign=Dossier.objects.filter(unit=bacung.unit).order_by("pk").first().campaign_id,
        authority=bacung.unit.authority_id,
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
    Page("campaign dashboard", "chutich", lambda t: f"/theo-doi/so-lieu/{t.campaign}/", True),
    Page("global search", "thamdinh", lambda t: "/theo-doi/tim-kiem/?q=nguyen+van", True),
    Page("public awardees", None, lambda t: f"/cong-khai/{t.authority}/", True),
    Page("public awardees, search", None, lambda t: f"/cong-khai/{t.authority}/?q=dinh", True),
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


SIZES = ("demo", "large")


def _use(size: str, names: dict[str, str]) -> None:
    """Point the one connection (and the cache's key prefix) at one size's database."""
    from django.core.cache import cache
    from django.db import connection

    if connection.settings_dict["NAME"] != names[size]:
        connection.close()
        connection.settings_dict["NAME"] = names[size]
        cache.key_prefix = f"bench-pages-{names[size]}"
        connection.ensure_connection()


def measure(rounds: int, warm: int, names: dict[str, str]) -> dict:
    """In one process, both databases interleaved (each round: the minimal view then the page on
    the demo-size database, then the same on the generated one), so that a change of the
    machine's load falls on both sizes alike. Returns {size: {page: figures}} (JSON-able)."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from organizations.models import User

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    found, clients = {}, {}
    for size in SIZES:
        _use(size, names)
        found[size] = targets()
        clients[size] = {}
        for username in {p.user for p in PAGES} | {"thamdinh"}:
            client = Client()
            if username:
                client.force_login(User.objects.get(username=username))
            clients[size][username] = client
    out: dict[str, dict] = {size: {} for size in SIZES}
    for page in PAGES:
        samples = {size: {"times": [], "minimal": [], "sql": []} for size in SIZES}
        last = {}
        for i in range(warm + rounds):
            for size in SIZES if i % 2 == 0 else tuple(reversed(SIZES)):
                _use(size, names)
                path = page.path(found[size])
                t0 = time.perf_counter()
                clients[size]["thamdinh"].get(MINIMAL)
                m = time.perf_counter() - t0
                with CaptureQueriesContext(connection) as ctx:
                    t0 = time.perf_counter()
                    response = clients[size][page.user].get(path)
                    elapsed = time.perf_counter() - t0
                if response.status_code != 200:
                    raise SystemExit(f"{page.label}: {path} answered {response.status_code}")
                sql = _sql_time(ctx.captured_queries)
                if i >= warm:
                    samples[size]["times"].append(elapsed)
                    samples[size]["minimal"].append(m)
                    samples[size]["sql"].append(sql)
                last[size] = (path, len(ctx.captured_queries), len(response.content))
        for size in SIZES:
            got = samples[size]
            out[size][page.label] = {
                "path": last[size][0],
                "p50": statistics.median(got["times"]),
                "p95": _p95(got["times"]),
                "queries": last[size][1],
                "minimal": statistics.median(got["minimal"]),
                "sql": statistics.median(got["sql"]),
                "bytes": last[size][2],
            }
    return out


def _run(ctx) -> dict:
    from urllib.parse import urlsplit

    names = {
        "demo": urlsplit(ctx.demo_url).path.lstrip("/"),
        "large": urlsplit(ctx.large_url).path.lstrip("/"),
    }
    env = {**os.environ, "DATABASE_URL": ctx.demo_url, "PYTHONPATH": str(ROOT)}
    env["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    proc = subprocess.run(
        [sys.executable, "-m", "bench.pages", str(ctx.rounds), str(ctx.warm), json.dumps(names)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        raise SystemExit(f"bench.pages failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def figures(ctx) -> Iterable[str]:
    """bench/run's interface: lines of figures."""
    both = _run(ctx)
    demo, large = both["demo"], both["large"]
    yield (
        f"pages: p50/p95 server time through the full middleware (one process, Django's test "
        f"client), {ctx.rounds} rounds after {ctx.warm} warm-ups, both sizes interleaved in "
        "every round; 'min' = the minimal logged-in view timed just before the page; 'SQL' = "
        "the page's own SELECTs run again alone, fetched whole; '÷SQL' = page ÷ SQL; "
        "'-min÷SQL' = (page − minimal view) ÷ SQL"
    )
    head = (
        f"{'page':31} {'size':5} {'p50':>8} {'p95':>8} {'queries':>7} {'min':>7} "
        f"{'SQL':>8} {'÷SQL':>5} {'-min÷SQL':>8} {'growth':>6}"
    )
    yield head
    for label, d in demo.items():
        g = large[label]
        for size, r in (("demo", d), ("large", g)):
            growth = f"{g['p50'] / d['p50']:6.2f}" if size == "large" else ""
            yield (
                f"{label:31} {size:5} {r['p50'] * 1000:6.1f}ms {r['p95'] * 1000:6.1f}ms "
                f"{r['queries']:7d} {r['minimal'] * 1000:5.1f}ms {r['sql'] * 1000:6.1f}ms "
                f"{r['p50'] / max(r['sql'], 1e-6):5.1f} "
                f"{(r['p50'] - r['minimal']) / max(r['sql'], 1e-6):8.1f} {growth}"
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
    print(json.dumps(measure(int(sys.argv[1]), int(sys.argv[2]), json.loads(sys.argv[3]))))
