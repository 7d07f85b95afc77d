"""Generate a large appraisal inbox and print how long its pages take.

    DATABASE_URL=postgres://… python bench/inbox.py [--dossiers 5000] [--per 10] [--keep]

Creates (in its own authority) 5,000 submitted dossiers with 50,000 nominees by bulk_create,
then times the inbox's first page, a filtered page and the accent-less name search through the
real view, printing the query count of each. Without --keep the data is deleted at the end.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from pathlib import Path

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Đinh", "Huỳnh", "Võ", "Đặng", "Bùi"]
MIDDLE = ["Văn", "Thị", "Hữu", "Minh", "Ngọc", "Thanh", "Đức", "Xuân"]
GIVEN = [
    "An", "Bình", "Cường", "Dũng", "Đức", "Hà", "Hải", "Hoa", "Lan", "Lũy",
    "Mai", "Nam", "Phúc", "Quân", "Sơn", "Thảo", "Thiện", "Trang", "Tùng", "Xê",
]  # fmt: skip


def generate(authority, *, dossiers: int = 5000, per: int = 10, seed: int = 7):
    """Bulk-create a campaign with `dossiers` submitted/in-appraisal dossiers of `per` nominees.
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
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dossiers", type=int, default=5000)
    parser.add_argument("--per", type=int, default=10)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from organizations.enums import Role
    from organizations.models import Authority, RoleAssignment, User

    setup_test_environment()
    authority = Authority.objects.create(
        name=f"UBND thử tải {time.time_ns()}",
        short_name="UBND thử tải",
        level="commune",
        header_name="UBND THỬ TẢI",
        place_name="Thử tải",
    )
    user = User.objects.create_user(
        username=f"bench{time.time_ns()}", password="x", full_name="Bench", authority=authority
    )
    RoleAssignment.objects.create(user=user, role=Role.APPRAISER)
    started = time.perf_counter()
    campaign, _names = generate(authority, dossiers=args.dossiers, per=args.per)
    print(
        f"generated {args.dossiers} dossiers / {args.dossiers * args.per} nominees "
        f"in {time.perf_counter() - started:.1f} s ({connection.vendor})"
    )
    client = Client()
    client.force_login(user)
    cases = [
        ("first page", {}),
        ("page 50", {"page": "50"}),
        ("status received, sort by due", {"status": "received", "sort": "due"}),
        ("overdue", {"due": "overdue"}),
        ("search 'nguyen van thien'", {"q": "nguyen van thien"}),
        ("search 'tran thi'", {"q": "tran thi"}),
        ("search unit 'thu tai 007'", {"q": "thu tai 007"}),
    ]
    for label, params in cases:
        timings = []
        for _ in range(3):
            with CaptureQueriesContext(connection) as ctx:
                t0 = time.perf_counter()
                response = client.get("/tham-dinh/", params)
                timings.append(time.perf_counter() - t0)
        count = response.context["page"].paginator.count
        print(
            f"{label:34s} {min(timings) * 1000:7.1f} ms (best of 3)  "
            f"{len(ctx.captured_queries):2d} queries  {count} dossiers"
        )
    if not args.keep:
        from campaigns.models import AwardForm
        from nominations.models import Dossier

        Dossier.objects.filter(campaign=campaign).delete()
        campaign.delete()
        AwardForm.objects.filter(authority=authority).delete()
        user.delete()
        authority.units.all().delete()
        # The audit trail keeps the bench user's role changes, so their authority stays,
        # switched off.
        Authority.objects.filter(pk=authority.pk).update(is_active=False)
        print("deleted the generated data (the inactive authority stays in the audit trail)")


if __name__ == "__main__":
    main()
