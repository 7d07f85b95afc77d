"""The mixed deadline-day workload for locust (bench/throughput.py starts it headless).

Clerks save their dossier's cover letter (GET the form, POST it back with its version: a real
save through the service and the audit trail), appraisers page through and search the inbox,
council members vote in place on the open session's agenda (the htmx POST of the review page).
MinimalUser asks only for the minimal logged-in view: the floor, run alone. No think time: each
simulated user sends its next request as soon as the last is answered (closed loop). The
logged-in session cookies and the objects come from the JSON file named by BENCH_LOCUST_DATA.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
from pathlib import Path

from locust import HttpUser, constant, task

_FILE = os.environ.get("BENCH_LOCUST_DATA", "")
DATA = (
    json.loads(Path(_FILE).read_text())
    if _FILE
    else {"clerks": [], "appraisers": [], "members": [], "minimal": [], "csrf": "", "names": []}
)
CSRF = DATA["csrf"]
_clerks = itertools.cycle(DATA["clerks"] or [None])
_appraisers = itertools.cycle(DATA["appraisers"] or [None])
_members = itertools.cycle(DATA["members"] or [None])
_minimal = itertools.cycle(DATA["minimal"] or [None])
VERSION = re.compile(r'name="version" value="(\d+)"')


class _Base(HttpUser):
    abstract = True
    wait_time = constant(0)
    me: dict

    def headers(self, **extra: str) -> dict[str, str]:
        return {"Cookie": self.me["cookie"], "X-CSRFToken": CSRF, **extra}


class ClerkUser(_Base):
    weight = 2

    def on_start(self) -> None:
        self.me = next(_clerks)

    @task(3)
    def save_letter(self) -> None:
        path = f"/ho-so/{self.me['dossier']}/sua/"
        with self.client.get(path, headers=self.headers(), name="clerk: edit form",
                             catch_response=True) as r:  # fmt: skip
            found = VERSION.search(r.text or "")
            if r.status_code != 200 or not found:
                r.failure(f"edit form {r.status_code}")
                return
        body = {
            "csrfmiddlewaretoken": CSRF,
            "letter_number": f"{random.randint(1, 300)}/TTr-UBND",
            "letter_date": "05/11/2026",
            "letter_signer": "Nguyễn Văn An",
            "note": f"Lưu lúc {random.random():.6f}",
            "version": found.group(1),
        }
        with self.client.post(path, data=body, headers=self.headers(), allow_redirects=False,
                              name="clerk: save", catch_response=True) as r:  # fmt: skip
            if r.status_code != 302:
                r.failure(f"save answered {r.status_code}")

    @task(1)
    def home(self) -> None:
        self.client.get("/trang-chu/can-bo-don-vi/", headers=self.headers(), name="clerk: home")


class AppraiserUser(_Base):
    weight = 1

    def on_start(self) -> None:
        self.me = next(_appraisers)

    @task(2)
    def search(self) -> None:
        name = random.choice(DATA["names"] or ["nguyen van"])
        status = random.choice(["", "submitted", "under_appraisal", "received"])
        self.client.get(
            "/tham-dinh/",
            params={"q": name, "status": status},
            headers=self.headers(),
            name="appraiser: search",
        )

    @task(1)
    def page(self) -> None:
        self.client.get(
            "/tham-dinh/",
            params={"page": random.randint(1, 20)},
            headers=self.headers(),
            name="appraiser: inbox page",
        )


class MemberUser(_Base):
    weight = 1

    def on_start(self) -> None:
        self.me = next(_members)

    @task
    def vote(self) -> None:
        item = random.choice(self.me["items"])
        choice = random.choice(["agree", "agree", "agree", "disagree"])
        with self.client.post(
            f"/hoi-dong/phien/{self.me['session']}/xet/{item}/phieu/",
            data={"choice": choice},
            headers=self.headers(**{"HX-Request": "true"}),
            name="member: vote",
            catch_response=True,
        ) as r:
            if r.status_code != 200:
                r.failure(f"vote answered {r.status_code}")


class MinimalUser(_Base):
    weight = 1

    def on_start(self) -> None:
        self.me = next(_minimal)

    @task
    def minimal(self) -> None:
        self.client.get("/bench/minimal/", headers=self.headers(), name="minimal view")
