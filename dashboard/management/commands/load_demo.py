from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand

# Each app that contributes demo data has a `demo` module with a load() -> list[str]; they are
# loaded in the order of INSTALLED_APPS (the platform, then the stages of the flow).


class Command(BaseCommand):
    help = "Load the demo world of the seed plan (UBND huyện Ba Tơ). Safe to run twice."

    def handle(self, *args, **options) -> None:
        for config in apps.get_app_configs():
            try:
                module = import_module(f"{config.name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.demo":
                    raise
                continue
            for line in module.load():
                self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("Đã nạp dữ liệu demo."))
