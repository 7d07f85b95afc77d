from importlib import import_module
from importlib.util import find_spec

from django.core.management.base import BaseCommand

# Each app that contributes demo data has a `demo` module with a load() -> list[str].
DEMO_MODULES = (
    "organizations.demo",
    "campaigns.demo",
    "nominations.demo",
    "council.demo",
    "decisions.demo",
)


class Command(BaseCommand):
    help = "Load the demo world of the seed plan (UBND huyện Ba Tơ). Safe to run twice."

    def handle(self, *args, **options) -> None:
        for name in DEMO_MODULES:
            if find_spec(name.split(".")[0]) is None or find_spec(name) is None:
                continue
            for line in import_module(name).load():
                self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("Đã nạp dữ liệu demo."))
