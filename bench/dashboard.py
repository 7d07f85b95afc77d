"""The campaign dashboard and the global search at 100,000 nominees, beside a minimal view.

    DATABASE_URL=postgres://… python bench/dashboard.py [--dossiers 10000] [--per 10] [--keep]

In its own authority (50 units, one published campaign) it bulk-creates --dossiers dossiers of
--per nominees (100,000 at the defaults) spread over the stages — a fifth of the dossiers
awarded, with their nominees' gender, ethnic group, birth date and staff category — then times,
through the real views and middleware (Django's test client, p50 of 15 after 3 warm-ups), and
prints one line per figure:

- a minimal logged-in view (bench/urls.py), the floor;
- the campaign dashboard (every figure and chart) and its query count, also at a tenth of the
  data, to show the count does not grow;
- the comparison of campaigns over the years;
- the global search for a name typed without accents, and whether its first hit is accented.

Without --keep the generated data is deleted at the end.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.inbox import FAMILY, GIVEN, MIDDLE  # noqa: E402

SEARCHED = "nguyen van thien"


def generate(authority, *, dossiers: int, per: int, seed: int = 13):
    """Bulk-create one published campaign with its dossiers and nominees at every stage."""
    from django.utils import timezone

    from campaigns.enums import CampaignStatus, RecipientKind
    from campaigns.models import AwardForm, AwardOffer, Campaign
    from nominations.enums import DossierStatus, NomineeStatus, StaffCategory
    from nominations.models import Dossier, Nominee
    from organizations.enums import Gender
    from organizations.models import Ethnicity, Unit, UnitKind
    from organizations.vietnamese import fold

    rng = random.Random(seed)
    kinds = list(UnitKind.objects.all())
    units = Unit.objects.bulk_create(
        [
            Unit(
                authority=authority,
                name=f"Đơn vị số liệu {seed}-{i:03d}",
                short_name=f"ĐV {i:03d}",
                kind=kinds[i % len(kinds)],
            )
            for i in range(50)
        ]
    )
    forms = [
        AwardForm.objects.create(
            authority=authority, code=f"bench-{seed}-{code}", name=name, recipient_kind=kind
        )
        for code, name, kind in (
            ("gk-cn", "Giấy khen cá nhân (thử tải)", RecipientKind.INDIVIDUAL),
            ("gk-tt", "Giấy khen tập thể (thử tải)", RecipientKind.COLLECTIVE),
        )
    ]
    today = timezone.localdate()
    campaign = Campaign.objects.create(
        authority=authority,
        status=CampaignStatus.PUBLISHED,
        title="Phong trào thử tải số liệu",
        issued_on=today,
    )
    offers = [AwardOffer.objects.create(campaign=campaign, award_form=f) for f in forms]
    ethnicities = list(Ethnicity.objects.filter(code__in=["01", "19", "30", "14"]))
    # (dossier state, the states its nominees are in)
    stages = [
        (DossierStatus.SUBMITTED, [NomineeStatus.PENDING]),
        (DossierStatus.UNDER_APPRAISAL, [NomineeStatus.PENDING, NomineeStatus.ELIGIBLE]),
        (DossierStatus.RETURNED, [NomineeStatus.NEEDS_CORRECTION]),
        (DossierStatus.FORWARDED, [NomineeStatus.ELIGIBLE, NomineeStatus.NOT_ELIGIBLE]),
        (DossierStatus.AWARDED, [NomineeStatus.AWARDED, NomineeStatus.NOT_RECOMMENDED]),
    ]
    now = timezone.now()
    rows = []
    for i in range(dossiers):
        status = stages[i % len(stages)][0]
        rows.append(
            Dossier(
                campaign=campaign,
                unit=units[i % len(units)],
                status=status,
                letter_number=f"{i + 1}/TTr",
                submitted_at=now - dt.timedelta(minutes=i),
            )
        )
    created = Dossier.objects.bulk_create(rows, batch_size=2000)
    nominees = []
    for index, dossier in enumerate(created):
        outcomes = stages[index % len(stages)][1]
        for j in range(per):
            collective = j == 0
            name = (
                f"Tổ thử tải {index}-{j}"
                if collective
                else f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
            )
            nominees.append(
                Nominee(
                    dossier=dossier,
                    kind=RecipientKind.COLLECTIVE if collective else RecipientKind.INDIVIDUAL,
                    award_offer=offers[1] if collective else offers[0],
                    full_name=name,
                    name_key=fold(name),
                    status=rng.choice(outcomes),
                    gender="" if collective else rng.choice([Gender.MALE, Gender.FEMALE]),
                    ethnicity=None if collective else rng.choice(ethnicities),
                    birth_date=None
                    if collective
                    else dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(40 * 365)),
                    staff_category=""
                    if collective
                    else rng.choice([StaffCategory.GRASSROOTS, StaffCategory.MANAGER]),
                    order=j,
                )
            )
        if len(nominees) >= 20000:
            Nominee.objects.bulk_create(nominees, batch_size=5000)
            nominees = []
    Nominee.objects.bulk_create(nominees, batch_size=5000)
    return campaign, created


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


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dossiers", type=int, default=10000)
    parser.add_argument("--per", type=int, default=10)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args(argv)
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from monitoring.selectors import search
    from organizations.enums import Role
    from organizations.models import Authority, RoleAssignment, User
    from organizations.vietnamese import fold

    if "testserver" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    stamp = time.time_ns()
    authority = Authority.objects.create(
        name=f"UBND thử tải số liệu {stamp}",
        short_name="UBND thử tải",
        level="commune",
        header_name="UBND THỬ TẢI",
        place_name="Thử tải",
    )
    user = User.objects.create_user(
        username=f"benchdash{stamp}", password="x", full_name="Bench", authority=authority
    )
    RoleAssignment.objects.create(user=user, role=Role.CHAIRMAN)
    client = Client()
    client.force_login(user)
    tenth = max(1, args.dossiers // 10)
    started = time.perf_counter()
    small, _ = generate(authority, dossiers=tenth, per=args.per, seed=1)
    campaign, _ = generate(authority, dossiers=args.dossiers, per=args.per)
    total = args.dossiers * args.per
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE nominations_nominee")
            cursor.execute("ANALYZE nominations_dossier")
    print(
        f"generated {args.dossiers} + {tenth} dossiers / {total + tenth * args.per} nominees in "
        f"{time.perf_counter() - started:.1f} s ({connection.vendor})"
    )
    try:
        floor, floor_q, _r = _time(client, "/bench/minimal/", runs=50)
        print(f"minimal logged-in view: {floor * 1000:.1f} ms p50, {floor_q} queries")
        p50, queries, _r = _time(client, f"/theo-doi/so-lieu/{campaign.pk}/")
        print(
            f"dashboard ({total} nominees): {p50 * 1000:.1f} ms p50, {queries} queries, "
            f"{p50 / floor:.1f} x minimal"
        )
        p50_small, queries_small, _r = _time(client, f"/theo-doi/so-lieu/{small.pk}/")
        print(
            f"dashboard ({tenth * args.per} nominees): {p50_small * 1000:.1f} ms p50, "
            f"{queries_small} queries (same count: {queries_small == queries})"
        )
        p50, queries, _r = _time(client, "/theo-doi/so-lieu/so-sanh/", runs=5)
        print(f"comparison of campaigns: {p50 * 1000:.1f} ms p50, {queries} queries")
        p50, queries, _r = _time(client, "/theo-doi/tim-kiem/", {"q": SEARCHED})
        print(
            f"search '{SEARCHED}' ({total} nominees): {p50 * 1000:.1f} ms p50, {queries} queries, "
            f"{p50 / floor:.1f} x minimal"
        )
        hits = search(user, SEARCHED).nominees
        first = hits[0].full_name if hits else ""
        print(
            f"search '{SEARCHED}': first hit '{first}', accented: {first != fold(first)}, "
            f"every hit matches: {all(SEARCHED in h.name_key for h in hits)}"
        )
    finally:
        if not args.keep:
            from campaigns.models import AwardForm, Campaign
            from nominations.models import Dossier

            Dossier.objects.filter(campaign__authority=authority).delete()
            Campaign.objects.filter(authority=authority).delete()
            AwardForm.objects.filter(authority=authority).delete()
            authority.units.all().delete()
            # The audit trail keeps the bench user's login and role: he and his authority stay,
            # switched off.
            User.objects.filter(pk=user.pk).update(is_active=False)
            Authority.objects.filter(pk=authority.pk).update(is_active=False)
            print("deleted the generated data (the inactive user and authority stay in the audit)")


def figures(ctx) -> list[str]:
    """bench/run's interface: the same lines, measured in a subprocess on the generated-size
    database (ctx.large_url; this module adds its own 100,000 nominees there and deletes them)."""
    import subprocess

    env = {**os.environ, "DATABASE_URL": ctx.large_url}
    result = subprocess.run(
        [sys.executable, "-m", "bench.dashboard"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        return [f"bench.dashboard failed: {result.stderr.strip().splitlines()[-1:]}"]
    return [line for line in result.stdout.splitlines() if line.strip()]


if __name__ == "__main__":
    main()
