"""200 council members voting at once on a 100-nominee agenda, against a live server.

    createdb thidua_bench && DATABASE_URL=postgres://…/thidua_bench python manage.py migrate
    DATABASE_URL=postgres://…/thidua_bench python bench/council_votes.py
        [--members 200] [--items 100] [--per-member 10] [--changes 2] [--floor 5]
        [--workers 4] [--port 8792]

Use a throwaway database: the data goes through the services (their audit entries are
append-only), so it is not deleted afterwards. In its own authority it builds, through the
services, a council of --members voting members, --items nominees found eligible and forwarded
(Chiến sĩ thi đua cơ sở: secret ballot), a session with voting open, and a logged-in session
cookie per member. Then it starts gunicorn (--workers sync workers, CONN_MAX_AGE=60) and:

1. the floor: every member at once GETs the minimal logged-in view (bench/urls.py) --floor
   times;
2. the load: every member at once votes in place (the htmx POST of the review page) on
   --per-member items in his own random order, changes his mind on --changes of them, then
   ballots the rest of the agenda with "agree with all remaining" (one request): every member
   ends with a ballot on every item (--per-member 100 votes on each one by one);

and prints the p50/p95 time of a vote beside the minimal view's, requests/s and errors. It
checks that no ballot was lost or counted twice: one ballot and one receipt per member and item
while voting, and, after the close, each item's tallies equal to the last choices the clients
sent. Exits non-zero if a check fails.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import shutil
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CSRF = "benchcsrfsecretbenchcsrfsecret00"  # a 32-character CSRF secret (cookie = header)


def build(members: int, items: int):
    """The council, the forwarded nominees and the open session, through the services."""
    from django.conf import settings
    from django.utils import timezone

    from council import services
    from nominations.enums import DossierStatus
    from organizations.enums import Role
    from organizations.models import User
    from tests.factories import (
        STANDARD_FORMS,
        AuthorityFactory,
        UnitFactory,
        UserFactory,
        clerk_of,
        dossier_in_state,
        make_campaign,
        make_council,
        staff,
    )

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    UserFactory.reset_sequence((User.objects.order_by("-pk").values_list("pk", flat=True).first()
                                or 0) + 100_000)  # fmt: skip
    authority = AuthorityFactory(name=f"Ủy ban nhân dân xã Thử Tải {int(time.time())}")
    forms = (("cstdcs", "Danh hiệu Chiến sĩ thi đua cơ sở", "individual", 0), *STANDARD_FORMS)
    campaign = make_campaign(authority, forms=forms, max_dossiers_per_unit=5)
    per = 10
    for start in range(0, items, per):
        clerk = clerk_of(UnitFactory(authority=authority))
        names = [f"Người được đề nghị {i:03d}" for i in range(start, min(items, start + per))]
        dossier_in_state(campaign, clerk, DossierStatus.FORWARDED, names=names)
    council = make_council(authority, members=members)
    secretary = staff(authority, Role.COUNCIL_SECRETARY)
    session = services.create_session(
        actor=secretary,
        council=council,
        campaign=campaign,
        title="Phiên họp thử tải",
        meeting_at=timezone.now(),
        place="Hội trường",
    )
    session = services.call_session(actor=secretary, session=session)
    session = services.open_voting(actor=secretary, session=session)
    return session, secretary


def cookies_for(people) -> list[str]:
    """A logged-in session per person, made directly in the session store."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    engine = import_module(settings.SESSION_ENGINE)
    found = []
    for person in people:
        store = engine.SessionStore()
        store[SESSION_KEY] = str(person.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = person.get_session_auth_hash()
        store.create()
        found.append(
            f"{settings.SESSION_COOKIE_NAME}={store.session_key}; "
            f"{settings.CSRF_COOKIE_NAME}={CSRF}"
        )
    return found


def gunicorn(workers: int, port: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "CONN_MAX_AGE": "60",
        "PYTHONPATH": str(ROOT),
    }
    exe = shutil.which("gunicorn") or str(Path(sys.executable).parent / "gunicorn")
    proc = subprocess.Popen(
        [exe, "thidua.wsgi", "-w", str(workers), "-b", f"127.0.0.1:{port}", "--backlog", "2048",
         "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        start_new_session=True,
    )  # fmt: skip
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz/live", timeout=1)
            return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("gunicorn did not start: " + proc.stderr.read().decode()[-2000:])


class Client:
    def __init__(self, port: int, cookie: str) -> None:
        self.port, self.cookie = port, cookie
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def request(self, method: str, path: str, body: str = "") -> tuple[int, bytes, float]:
        headers = {"Cookie": self.cookie, "X-CSRFToken": CSRF, "HX-Request": "true"}
        if body:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in (1, 2):
            started = time.perf_counter()
            try:
                self.conn.request(method, path, body=body or None, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                return response.status, data, time.perf_counter() - started
            except (ConnectionError, http.client.HTTPException):
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
                if attempt == 2:
                    raise
        raise AssertionError


def run_all(workers: list, target) -> float:
    barrier = threading.Barrier(len(workers))
    threads = [threading.Thread(target=target, args=(w, barrier)) for w in workers]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - started


def pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[q - 1] * 1000 if len(values) > 1 else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--members", type=int, default=200)
    parser.add_argument("--items", type=int, default=100)
    parser.add_argument("--per-member", type=int, default=10)
    parser.add_argument("--changes", type=int, default=2)
    parser.add_argument("--floor", type=int, default=5)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=8792)
    args = parser.parse_args()
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()
    from council.models import Ballot, ItemResult, VoteReceipt
    from council.services import close_session

    t0 = time.perf_counter()
    session, secretary = build(args.members, args.items)
    members = list(session.members.filter(votes=True).select_related("person").order_by("pk"))
    items = list(session.items.order_by("order").values_list("pk", flat=True))
    cookies = cookies_for([m.person for m in members])
    print(f"built {len(members)} members, {len(items)} items in {time.perf_counter() - t0:.0f} s")
    rule = session.rules.get()
    print(f"rule: {rule.get_method_display()}, {rule.share_percent}% of {rule.base}")

    proc = gunicorn(args.workers, args.port)
    errors: Counter[str] = Counter()
    lock = threading.Lock()
    try:
        # 1. The floor.
        floor: list[float] = []

        def minimal(i: int, barrier) -> None:
            client = Client(args.port, cookies[i])
            client.request("GET", "/bench/minimal/")  # connect, warm up
            barrier.wait()
            mine = []
            for _ in range(args.floor):
                status, body, took = client.request("GET", "/bench/minimal/")
                mine.append(took)
                if status != 200 or not body.startswith(b"ok"):
                    with lock:
                        errors[f"minimal {status}"] += 1
            with lock:
                floor.extend(mine)

        floor_time = run_all(list(range(len(members))), minimal)

        # 2. The votes.
        times: list[float] = []
        all_times: list[float] = []
        last: dict[tuple[int, int], str] = {}

        def vote(i: int, barrier) -> None:
            rng = random.Random(i)
            client = Client(args.port, cookies[i])
            client.request("GET", "/bench/minimal/")
            order = items[:]
            rng.shuffle(order)
            one_by_one = order[: args.per_member]
            plan = [(pk, rng.choice(["agree", "agree", "agree", "disagree"])) for pk in one_by_one]
            for pk in rng.sample(one_by_one, min(args.changes, len(one_by_one))):
                plan.append((pk, "disagree" if dict(plan)[pk] == "agree" else "agree"))
            barrier.wait()
            mine, choices = [], {}
            for pk, choice in plan:
                status, body, took = client.request(
                    "POST", f"/hoi-dong/phien/{session.pk}/xet/{pk}/phieu/", f"choice={choice}"
                )
                mine.append(took)
                if status != 200 or b'data-testid="saved"' not in body:
                    with lock:
                        errors[f"vote {status}"] += 1
                else:
                    choices[pk] = choice
            # The rest with one click: "agree with all remaining" (a redirect to the page).
            status, _body, took = client.request(
                "POST", f"/hoi-dong/phien/{session.pk}/xet/dong-y-tat-ca/", "x=1"
            )
            if status != 302:
                with lock:
                    errors[f"agree-all {status}"] += 1
            else:
                choices.update({pk: "agree" for pk in order if pk not in choices})
            with lock:
                times.extend(mine)
                all_times.append(took)
                for pk, choice in choices.items():
                    last[(i, pk)] = choice

        vote_time = run_all(list(range(len(members))), vote)
    finally:
        os.killpg(proc.pid, 15)
        proc.wait(timeout=30)

    n_members, n_items = len(members), len(items)
    ballots = Ballot.objects.filter(item__session=session).count()
    receipts = VoteReceipt.objects.filter(item__session=session).count()
    close_session(actor=secretary, session=session)
    expected = Counter((pk, choice) for (_i, pk), choice in last.items())
    results = {r.item_id: r for r in ItemResult.objects.filter(item__session=session)}
    tallies_ok = all(
        results[pk].agree == expected[(pk, "agree")]
        and results[pk].disagree == expected[(pk, "disagree")]
        for pk in items
    )
    floor50, floor95 = pct(floor, 50), pct(floor, 95)
    vote50, vote95 = pct(times, 50), pct(times, 95)
    print(f"\ngunicorn {args.workers} sync workers, CONN_MAX_AGE=60, {n_members} clients at once")
    print(
        f"{'request':34s} {'count':>7s} {'p50 ms':>8s} {'p95 ms':>8s} {'req/s':>7s} {'÷ minimal p50':>14s}"
    )
    print(
        f"{'minimal logged-in view (floor)':34s} {len(floor):7d} {floor50:8.1f} {floor95:8.1f} "
        f"{len(floor) / floor_time:7.0f} {1:14.1f}"
    )
    print(
        f"{'vote (htmx POST, in place)':34s} {len(times):7d} {vote50:8.1f} {vote95:8.1f} "
        f"{len(times) / vote_time:7.0f} {vote50 / floor50 if floor50 else 0:14.1f}"
    )
    print(f"{'agree with all remaining (1/member)':34s} {len(all_times):7d} "
          f"{pct(all_times, 50):8.1f} {pct(all_times, 95):8.1f} {'':>7s} "
          f"{pct(all_times, 50) / floor50 if floor50 else 0:14.1f}")  # fmt: skip
    checks = {
        "no errors": sum(errors.values()) == 0,
        f"one ballot per member and item ({ballots} = {n_members}×{n_items})": ballots
        == n_members * n_items,
        f"one receipt per member and item ({receipts})": receipts == n_members * n_items,
        f"every member's last choice recorded ({len(last)})": len(last) == n_members * n_items,
        "tallies after the close equal the last choices sent": tallies_ok,
        "secret ballots deleted at the close": not Ballot.objects.filter(
            item__session=session
        ).exists(),
    }
    if errors:
        print(f"errors: {dict(errors)}")
    for name, ok in checks.items():
        print(f"{'OK  ' if ok else 'FAIL'} {name}")
    sys.exit(0 if all(checks.values()) else 1)


if __name__ == "__main__":
    main()
