"""The appraiser's speed at 100,000 nominees on PostgreSQL, beside a minimal logged-in view.

    DATABASE_URL=postgres://… python bench/appraisal.py [--dossiers 10000] [--per 10]
        [--demo-dossiers 100] [--wrk-seconds 20] [--connections 200] [--workers 4] [--keep]

In its own authority (339 units, one campaign) it first creates a demo-size inbox
(--demo-dossiers × --per nominees) and times the name search there; then it bulk-creates the
rest up to --dossiers dossiers (100,000 nominees at the defaults, a third of them bearing one of
twenty common names, so the duplicate check meets ~1,500 namesakes) and one 20-nominee dossier
under appraisal whose people share those names. In the same run it prints, through the real
views and middleware (Django's test client, p50 of 15 after 3 warm-ups, with query counts):

- a minimal logged-in view (bench/urls.py) — the floor every page is divided by;
- the appraisal page of the 20-nominee dossier, the inbox's first page, the name search;
- the search's time at 100,000 nominees against its time at demo size.

Then it starts gunicorn (--workers sync workers, CONN_MAX_AGE=60) and runs wrk (Debian:
`apt-get install -y wrk`) at --connections connections for --wrk-seconds on the minimal view
and the inbox, printing requests/s, latency and errors (non-2xx, socket errors, timeouts).
Without --keep the generated data is deleted at the end.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.inbox import FAMILY, GIVEN, MIDDLE  # noqa: E402

_CROWD = [f"{f} {m} {g}" for f, m, g in zip(FAMILY * 2, MIDDLE * 3, GIVEN, strict=False)]
COMMON = ["Nguyễn Văn Thiện", *_CROWD[:19]]


def _nominee(dossier, offer, rng, order, *, common_share, fold, Nominee, RecipientKind):
    if rng.random() < common_share:
        name = rng.choice(COMMON)
    else:
        name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
    return Nominee(
        dossier=dossier,
        kind=RecipientKind.INDIVIDUAL,
        award_offer=offer,
        full_name=name,
        name_key=fold(name),
        birth_date=dt.date(1965, 1, 1) + dt.timedelta(days=rng.randrange(35 * 365)),
        achievement_summary="Có thành tích xuất sắc trong phong trào thi đua.",
        report_text="Thành tích nổi bật: vận động nhiều hộ đồng bào thoát nghèo.",
        order=order,
    )


class Generator:
    """Bulk-creates units, a campaign and its dossiers/nominees in one authority."""

    def __init__(self, authority, *, seed: int = 9, common_share: float = 0.33) -> None:
        from campaigns.enums import CampaignStatus, RecipientKind
        from campaigns.models import AwardForm, AwardOffer, Campaign
        from organizations.models import Unit, UnitKind

        self.rng = random.Random(seed)
        self.common_share = common_share
        self.authority = authority
        kinds = list(UnitKind.objects.all())
        self.units = Unit.objects.bulk_create(
            [
                Unit(
                    authority=authority,
                    name=f"Đơn vị thử tải {i:03d}",
                    short_name=f"ĐV {i:03d}",
                    kind=kinds[i % len(kinds)],
                )
                for i in range(339)
            ]
        )
        forms = [
            AwardForm.objects.get_or_create(
                authority=authority,
                code=code,
                defaults={"name": name, "recipient_kind": RecipientKind.INDIVIDUAL, "order": i},
            )[0]
            for i, (code, name) in enumerate(
                [("bench-gk", "Giấy khen (thử tải)"), ("bench-bk", "Bằng khen (thử tải)")]
            )
        ]
        self.campaign = Campaign.objects.create(
            authority=authority, status=CampaignStatus.PUBLISHED, title="Phong trào thử tải"
        )
        self.offers = [
            AwardOffer.objects.create(campaign=self.campaign, award_form=f) for f in forms
        ]
        self.made = 0

    def dossiers(self, count: int, per: int) -> None:
        from django.utils import timezone

        from campaigns.enums import RecipientKind
        from nominations.enums import DossierStatus
        from nominations.models import Dossier, Nominee
        from organizations.vietnamese import fold

        statuses = [
            DossierStatus.SUBMITTED,
            DossierStatus.RECEIVED,
            DossierStatus.UNDER_APPRAISAL,
            DossierStatus.RESUBMITTED,
            DossierStatus.FORWARDED,
        ]
        now, today = timezone.now(), timezone.localdate()
        for start in range(0, count, 2000):
            rows = []
            for i in range(self.made + start, self.made + min(start + 2000, count)):
                status = statuses[i % len(statuses)]
                running = status in (DossierStatus.RECEIVED, DossierStatus.UNDER_APPRAISAL)
                rows.append(
                    Dossier(
                        campaign=self.campaign,
                        unit=self.units[i % len(self.units)],
                        status=status,
                        letter_number=f"{i + 1}/TTr",
                        submitted_at=now - dt.timedelta(minutes=i),
                        received_at=now if running else None,
                        incoming_number=f"{i + 1:02d}/{today.year}" if running else "",
                        due_date=today + dt.timedelta(days=self.rng.randint(-5, 30))
                        if running
                        else None,
                    )
                )
            created = Dossier.objects.bulk_create(rows)
            Nominee.objects.bulk_create(
                [
                    _nominee(
                        d,
                        self.offers[0],
                        self.rng,
                        j,
                        common_share=self.common_share,
                        fold=fold,
                        Nominee=Nominee,
                        RecipientKind=RecipientKind,
                    )
                    for d in created
                    for j in range(per)
                ],
                batch_size=5000,
            )
        self.made += count

    def appraisal_dossier(self, size: int = 20):
        """A received dossier of `size` people, all named like the crowd's common names."""
        from django.utils import timezone

        from campaigns.enums import RecipientKind
        from nominations.enums import DossierStatus
        from nominations.models import Dossier, Nominee
        from organizations.vietnamese import fold

        today = timezone.localdate()
        dossier = Dossier.objects.create(
            campaign=self.campaign,
            unit=self.units[0],
            status=DossierStatus.RECEIVED,
            letter_number="20/TTr-UBND",
            submitted_at=timezone.now(),
            received_at=timezone.now(),
            incoming_number=f"99999/{today.year}",
            due_date=today + dt.timedelta(days=10),
        )
        Nominee.objects.bulk_create(
            [
                _nominee(
                    dossier,
                    self.offers[0],
                    self.rng,
                    j,
                    common_share=1.0,
                    fold=fold,
                    Nominee=Nominee,
                    RecipientKind=RecipientKind,
                )
                for j in range(size)
            ]
        )
        return dossier


def _time(client, url: str, params: dict | None = None, *, runs: int = 15, warm: int = 3):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings = []
    for i in range(warm + runs):
        with CaptureQueriesContext(connection) as ctx:
            t0 = time.perf_counter()
            response = client.get(url, params or {})
            elapsed = time.perf_counter() - t0
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        if i >= warm:
            timings.append(elapsed)
    return statistics.median(timings), len(ctx.captured_queries), response


def _measure(client, dossier_pk: int, *, search: dict) -> dict[str, tuple[float, int]]:
    """p50 and query count of the minimal view and the appraiser's pages (this code)."""
    cases = [
        ("minimal logged-in view", "/bench/minimal/", {}, 50),
        ("appraisal page (20 nominees)", f"/tham-dinh/ho-so/{dossier_pk}/", {}, 15),
        ("inbox, first page", "/tham-dinh/", {}, 15),
        ("inbox, search 'nguyen van thien'", "/tham-dinh/", search, 15),
        ("inbox, search a unit 'thu tai 007'", "/tham-dinh/", {"q": "thu tai 007"}, 15),
    ]
    found = {}
    for label, url, params, runs in cases:
        p50, queries, _r = _time(client, url, params, runs=runs)
        found[label] = (p50, queries)
    return found


def _print_table(title: str, found: dict[str, tuple[float, int]]) -> None:
    floor = found["minimal logged-in view"][0]
    print(f"\n{title}\n{'view':38s} {'p50':>9s} {'queries':>8s} {'÷ minimal':>10s}")
    for label, (p50, queries) in found.items():
        print(f"{label:38s} {p50 * 1000:7.1f} ms {queries:8d} {p50 / floor:10.1f}")


def _baseline(ref: str, *, authority_pk: int, dossier_pk: int, user_pk: int):
    """Run the same measurements with the code of `ref` (git archive into a temporary folder,
    this bench's files copied in) against the same data, in a subprocess."""
    import json
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="thidua-baseline-"))
    archive = subprocess.run(["git", "archive", ref], cwd=ROOT, capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
    for name in ("__init__.py", "settings.py", "urls.py", "appraisal.py", "inbox.py"):
        shutil.copy(ROOT / "bench" / name, folder / "bench" / name)
    if (ROOT / ".env").exists():
        shutil.copy(ROOT / ".env", folder / ".env")
    out = subprocess.run(
        [
            sys.executable,
            str(folder / "bench" / "appraisal.py"),
            "--measure",
            f"{authority_pk}:{dossier_pk}:{user_pk}",
        ],
        cwd=folder,
        env={**os.environ, "PYTHONPATH": str(folder)},
        capture_output=True,
        text=True,
    )
    shutil.rmtree(folder, ignore_errors=True)
    if out.returncode != 0:
        print(f"baseline {ref} failed:\n{out.stderr[-3000:]}")
        return None
    return {k: tuple(v) for k, v in json.loads(out.stdout.strip().splitlines()[-1]).items()}


def _found(user, search: dict) -> int:
    from appraisal.selectors import appraisal_inbox

    return appraisal_inbox(user, q=search["q"]).count()


def _vacuum() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE nominations_nominee")
        cursor.execute("VACUUM ANALYZE nominations_dossier")


def _wrk(url: str, cookie: str, *, seconds: int, connections: int) -> dict[str, float]:
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "30s",
            "-H",
            f"Cookie: sessionid={cookie}",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    latency = re.search(r"Latency\s+(\S+)\s+(\S+)\s+(\S+)", out)
    total = re.search(r"(\d+) requests in", out)
    return {
        "rps": rps,
        "requests": int(total.group(1)) if total else 0,
        "non2xx": int(non2xx.group(1)) if non2xx else 0,
        "socket": sum(int(x) for x in socket.groups()) if socket else 0,
        "latency": latency.group(1) if latency else "?",
        "latency_max": latency.group(3) if latency else "?",
    }


def _gunicorn(workers: int, port: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "CONN_MAX_AGE": "60",
        "PYTHONPATH": str(ROOT),
    }
    gunicorn = shutil.which("gunicorn") or str(Path(sys.executable).parent / "gunicorn")
    proc = subprocess.Popen(
        [
            gunicorn,
            "thidua.wsgi",
            "-w",
            str(workers),
            "-b",
            f"127.0.0.1:{port}",
            "--backlog",
            "2048",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz/live", timeout=1)
            return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("gunicorn did not start: " + proc.stderr.read().decode()[-2000:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dossiers", type=int, default=10000)
    parser.add_argument("--per", type=int, default=10)
    parser.add_argument("--demo-dossiers", type=int, default=100)
    parser.add_argument("--wrk-seconds", type=int, default=20)
    parser.add_argument("--connections", type=int, default=200)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=8791)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument(
        "--baseline",
        default="0fc8cce",
        help="git ref of the code to compare with on the same data ('' for none); default: the "
        "commit issue 9's figures were measured on",
    )
    parser.add_argument("--measure", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()
    from django.conf import settings

    # The test client's host, without setup_test_environment(): its template instrumentation
    # (for response.context) would slow every page down.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    search = {"q": "nguyen van thien"}
    if args.measure:  # a baseline subprocess: measure and print JSON
        import json

        from django.test import Client

        from organizations.models import User

        _authority, dossier_pk, user_pk = (int(x) for x in args.measure.split(":"))
        client = Client()
        client.force_login(User.objects.get(pk=user_pk))
        print(json.dumps(_measure(client, dossier_pk, search=search)))
        return
    from django.db import connection
    from django.test import Client

    from campaigns.models import AwardForm
    from nominations.models import Dossier, Nominee
    from organizations.enums import Role
    from organizations.models import Authority, User
    from organizations.services import setup_roles

    if connection.vendor != "postgresql":
        raise SystemExit("bench/appraisal.py measures PostgreSQL: set DATABASE_URL=postgres://…")
    stamp = time.time_ns()
    authority = Authority.objects.create(
        name=f"UBND thử tải {stamp}",
        short_name="UBND thử tải",
        level="commune",
        header_name="UBND THỬ TẢI",
        place_name="Thử tải",
    )
    user = User.objects.create_user(
        username=f"bench{stamp}", password="x", full_name="Bench", authority=authority
    )
    setup_roles(person=user, roles=[Role.APPRAISER])
    client = Client()
    client.force_login(user)
    gen = Generator(authority)
    try:
        print(f"PostgreSQL {connection.pg_version // 10000}, {os.cpu_count()} CPUs")
        # 1. Demo size.
        gen.dossiers(args.demo_dossiers, args.per)
        _vacuum()
        demo_nominees = args.demo_dossiers * args.per
        demo_search, demo_q, _r = _time(client, "/tham-dinh/", search)
        print(
            f"demo size: {args.demo_dossiers} dossiers / {demo_nominees} nominees: search "
            f"{demo_search * 1000:.1f} ms p50, {demo_q} queries, {_found(user, search)} found"
        )
        # 2. Full size.
        t0 = time.perf_counter()
        gen.dossiers(args.dossiers - args.demo_dossiers, args.per)
        dossier = gen.appraisal_dossier(20)
        _vacuum()
        total = args.dossiers * args.per + 20
        print(
            f"generated {args.dossiers + 1} dossiers / {total} nominees in "
            f"{time.perf_counter() - t0:.1f} s (bulk)"
        )
        namesakes = Nominee.objects.filter(
            name_key__in=dossier.nominees.values("name_key"),
            dossier__campaign__authority=authority,
        ).count()
        print(f"the 20-nominee dossier's people have {namesakes} namesakes in the authority")
        print(f"the search finds {_found(user, search)} dossiers")
        found = _measure(client, dossier.pk, search=search)
        p50, queries, _r = _time(client, "/tham-dinh/xuat-excel/", {"status": "received"}, runs=3)
        found["inbox export .xlsx (received, all rows)"] = (p50, queries)
        _print_table("this code", found)
        floor = found["minimal logged-in view"][0]
        ratio = found["appraisal page (20 nominees)"][0] / floor
        before = None
        if args.baseline:
            before = _baseline(
                args.baseline, authority_pk=authority.pk, dossier_pk=dossier.pk, user_pk=user.pk
            )
        if before:
            _print_table(f"the code of {args.baseline} (issue 9's), same data", before)
            old_ratio = (
                before["appraisal page (20 nominees)"][0] / before["minimal logged-in view"][0]
            )
            print(
                f"\nappraisal page ÷ minimal view: {ratio:.1f} now, {old_ratio:.1f} before "
                f"(floor: at most half, {old_ratio / 2:.1f}) -> "
                f"{'OK' if ratio <= old_ratio / 2 else 'ABOVE FLOOR'}"
            )
        else:
            print(f"\nappraisal page ÷ minimal view: {ratio:.1f}")
        big_search = found["inbox, search 'nguyen van thien'"][0]
        growth = big_search / demo_search
        print(
            f"search at {total} nominees ÷ at {demo_nominees}: {growth:.2f} "
            f"(floor: at most 1.5) -> {'OK' if growth <= 1.5 else 'ABOVE FLOOR'}"
        )
        # 3. Under gunicorn.
        if not shutil.which("wrk"):
            print("wrk not installed (apt-get install -y wrk): load test skipped")
            return
        cookie = client.cookies["sessionid"].value
        proc = _gunicorn(args.workers, args.port)
        try:
            base = f"http://127.0.0.1:{args.port}"
            print(
                f"\ngunicorn {args.workers} sync workers, CONN_MAX_AGE=60; wrk 2 threads, "
                f"{args.connections} connections, {args.wrk_seconds} s each"
            )
            for label, path in [("minimal view", "/bench/minimal/"), ("inbox", "/tham-dinh/")]:
                probe = urllib.request.Request(
                    base + path, headers={"Cookie": f"sessionid={cookie}"}
                )
                with urllib.request.urlopen(probe, timeout=30) as answer:
                    assert answer.status == 200 and answer.url.endswith(path), answer.url
                r = _wrk(
                    base + path,
                    cookie,
                    seconds=args.wrk_seconds,
                    connections=args.connections,
                )
                errors = r["non2xx"] + r["socket"]
                print(
                    f"{label:14s} {r['rps']:8.1f} req/s  {r['requests']:6d} requests  latency "
                    f"avg {r['latency']} max {r['latency_max']}  errors {errors} "
                    f"(non-2xx {r['non2xx']}, socket {r['socket']})"
                    + ("" if label != "inbox" else f" -> {'OK' if not errors else 'ERRORS'}")
                )
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)
    finally:
        if not args.keep:
            Nominee.objects.filter(dossier__campaign=gen.campaign).delete()
            Dossier.objects.filter(campaign=gen.campaign).delete()
            gen.campaign.delete()
            AwardForm.objects.filter(authority=authority).delete()
            user.delete()
            authority.units.all().delete()
            Authority.objects.filter(pk=authority.pk).update(is_active=False)
            print("deleted the generated data (the inactive authority stays in the audit trail)")


if __name__ == "__main__":
    main()
