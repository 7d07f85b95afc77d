import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from dashboard import loadgen


class Command(BaseCommand):
    help = (
        "Grow the demo world to a province's size in bulk (units and clerks, dossiers, nominees, "
        "verdicts, council sessions and ballots, decisions). Loads the demo first if needed; "
        "refuses a database that already holds generated data."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--units", type=int, default=500, help="units in all (default 500)")
        parser.add_argument("--dossiers", type=int, default=20000)
        parser.add_argument("--nominees", type=int, default=100000)
        parser.add_argument("--voting-items", type=int, default=200)
        parser.add_argument("--seed", type=int, default=15)

    def handle(self, *args, **options) -> None:
        if options["dossiers"] < 0 or options["nominees"] < options["dossiers"]:
            raise CommandError("Số người được đề nghị phải không nhỏ hơn số hồ sơ.")
        started = time.perf_counter()
        try:
            summary = loadgen.generate(
                units=options["units"],
                dossiers=options["dossiers"],
                nominees=options["nominees"],
                voting_items=options["voting_items"],
                seed=options["seed"],
                log=self.stdout.write,
            )
        except loadgen.AlreadyGenerated:
            raise CommandError(
                "Cơ sở dữ liệu đã có dữ liệu thử tải (tài khoản tt.*): không tạo thêm. Dùng một "
                "cơ sở dữ liệu mới (createdb, migrate) để tạo lại."
            ) from None
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        s = summary
        self.stdout.write(
            f"generated {s.units} units, {s.clerks} clerks, {s.dossiers} dossiers, "
            f"{s.nominees} nominees, {s.appraisals} verdicts, {s.sessions} council sessions "
            f"({s.agenda_items} agenda items, {s.receipts} receipts, {s.ballots} ballots), "
            f"{s.decisions} decisions ({s.decision_lines} lines) in "
            f"{time.perf_counter() - started:.1f} s on {connection.vendor}"
        )
        if s.voting_session:
            self.stdout.write(f"voting session: #{s.voting_session}")
