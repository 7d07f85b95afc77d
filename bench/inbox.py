"""The appraisal inbox on generated data: its pages' times and query counts.

    DATABASE_URL=postgres://…/<a migrated database> python bench/inbox.py
        [--units 500] [--dossiers 20000] [--nominees 100000]

The data comes from the one generator (`manage.py generate_load_data`, dashboard/loadgen.py):
run here if the database does not hold generated data yet (use a throwaway database: it is not
deleted). Then it times the inbox's first page, page 50, filters and the accent-less name
search through the real view as the demo appraiser (thamdinh), with the query count of each.
bench/run measures every page of every role beside its floors; this is the inbox alone.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from pathlib import Path

# Name parts, kept for bench/appraisal.py's own crowd of namesakes.
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Đinh", "Huỳnh", "Võ", "Đặng", "Bùi"]
MIDDLE = ["Văn", "Thị", "Hữu", "Minh", "Ngọc", "Thanh", "Đức", "Xuân"]
GIVEN = [
    "An", "Bình", "Cường", "Dũng", "Đức", "Hà", "Hải", "Hoa", "Lan", "Lũy",
    "Mai", "Nam", "Phúc", "Quân", "Sơn", "Thảo", "Thiện", "Trang", "Tùng", "Xê",
]  # fmt: skip


def generate(authority, *, dossiers: int = 5000, per: int = 10, seed: int = 7):
    """Bulk-create one campaign with `dossiers` submitted/in-appraisal dossiers of `per` nominees
    in `authority` (tests of one list at scale; province-scale data is `generate_load_data`).
    Returns (campaign, {dossier id: [nominee names]})."""
    from django.utils import timezone

    from campaigns.enums import CampaignStatus, RecipientKind
    from campaigns.models import AwardForm, AwardOffer, Campaign
    from nominations.enums import DossierStatus
    from nominations.models import Dossier, Nominee
    from organizations.models import Unit, UnitKind
    from organizations.vietnamese import fold

    rng = random.Random(seed)
    kinds = list(UnitKind.objects.all())
    units = Unit.objects.bulk_create(
        [
            Unit(
                authority=authority,
                name=f"Đơn vị thử tải {i:03d}",
                short_name=f"ĐV {i:03d}",
                kind=kinds[i % len(kinds)],
            )
            for i in range(50)
        ]
    )
    form, _ = AwardForm.objects.get_or_create(
        authority=authority,
        code="bench-gk",
        defaults={"name": "Giấy khen (thử tải)", "recipient_kind": RecipientKind.INDIVIDUAL},
    )
    campaign = Campaign.objects.create(
        authority=authority, status=CampaignStatus.PUBLISHED, title="Phong trào thử tải"
    )
    offer = AwardOffer.objects.create(campaign=campaign, award_form=form)
    now = timezone.now()
    today = timezone.localdate()
    statuses = [
        DossierStatus.SUBMITTED,
        DossierStatus.RECEIVED,
        DossierStatus.UNDER_APPRAISAL,
        DossierStatus.RESUBMITTED,
        DossierStatus.FORWARDED,
    ]
    rows = []
    for i in range(dossiers):
        status = statuses[i % len(statuses)]
        running = status in (DossierStatus.RECEIVED, DossierStatus.UNDER_APPRAISAL)
        rows.append(
            Dossier(
                campaign=campaign,
                unit=units[i % len(units)],
                status=status,
                letter_number=f"{i + 1}/TTr",
                submitted_at=now - dt.timedelta(minutes=i),
                received_at=now if running else None,
                incoming_number=f"{i + 1:02d}/{today.year}" if running else "",
                due_date=today + dt.timedelta(days=rng.randint(-5, 30)) if running else None,
            )
        )
    created = Dossier.objects.bulk_create(rows, batch_size=2000)
    names: dict[int, list[str]] = {}
    nominees = []
    for dossier in created:
        for j in range(per):
            name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
            names.setdefault(dossier.pk, []).append(name)
            nominees.append(
                Nominee(
                    dossier=dossier,
                    kind=RecipientKind.INDIVIDUAL,
                    award_offer=offer,
                    full_name=name,
                    name_key=fold(name),
                    order=j,
                )
            )
    Nominee.objects.bulk_create(nominees, batch_size=5000)
    return campaign, names


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=500)
    parser.add_argument("--dossiers", type=int, default=20000)
    parser.add_argument("--nominees", type=int, default=100000)
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from dashboard import loadgen
    from organizations.models import User

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    if not loadgen.already_generated():
        summary = loadgen.generate(
            units=args.units, dossiers=args.dossiers, nominees=args.nominees, log=print
        )
        print(f"generated in {summary.seconds:.1f} s ({connection.vendor})")
    client = Client()
    client.force_login(User.objects.get(username="thamdinh"))
    cases = [
        ("first page", {}),
        ("page 50", {"page": "50"}),
        ("status received, sort by due", {"status": "received", "sort": "due"}),
        ("overdue", {"due": "overdue"}),
        ("search 'nguyen van thien'", {"q": "nguyen van thien"}),
        ("search 'tran thi'", {"q": "tran thi"}),
        ("search unit 'ba cung'", {"q": "ba cung"}),
    ]
    for label, params in cases:
        timings = []
        for _ in range(5):
            with CaptureQueriesContext(connection) as ctx:
                t0 = time.perf_counter()
                response = client.get("/tham-dinh/", params)
                timings.append(time.perf_counter() - t0)
        if response.status_code != 200:
            raise SystemExit(f"{label}: answered {response.status_code}")
        print(
            f"{label:34s} {sorted(timings)[2] * 1000:7.1f} ms (p50 of 5)  "
            f"{len(ctx.captured_queries):2d} queries"
        )


if __name__ == "__main__":
    main()
