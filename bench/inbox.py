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
import os
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
