import logging
from contextlib import contextmanager
from importlib import import_module

from django.apps import apps
from django.core import mail
from django.core.management.base import BaseCommand
from django.test.utils import override_settings

# Each app that contributes demo data has a `demo` module with a load() -> list[str]; they are
# loaded in the order of INSTALLED_APPS (the platform, then the stages of the flow).

# Loggers that narrate the in-process tasks the demo's actions queue ("Task … succeeded",
# kombu's "No hostname was supplied"): a newcomer reading `make run` takes them for errors.
QUIET_LOGGERS = ("celery", "kombu", "notifications.outbox", "documents")


@contextmanager
def quiet_side_effects():
    """E-mails the demo's actions send are kept in memory (counted, not printed: raw MIME
    headers on the console look like a crash), and the task loggers only speak of errors."""
    loggers = [logging.getLogger(name) for name in QUIET_LOGGERS]
    levels = [logger.level for logger in loggers]
    saved_outbox = getattr(mail, "outbox", None)
    try:
        for logger in loggers:
            logger.setLevel(logging.ERROR)
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            mail.outbox = []
            yield mail.outbox
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)
        if saved_outbox is None:
            del mail.outbox
        else:
            mail.outbox = saved_outbox


class Command(BaseCommand):
    help = "Load the demo world of the seed plan (UBND huyện Ba Tơ). Safe to run twice."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--show-mail",
            action="store_true",
            help="Send the demo's e-mails through EMAIL_BACKEND instead of counting them.",
        )

    def handle(self, *args, **options) -> None:
        if options["show_mail"]:
            self.load()
        else:
            with quiet_side_effects() as sent:
                self.load()
            if sent:
                self.stdout.write(
                    f"Thư thông báo tạo ra khi nạp demo: {len(sent)} (không in ra; người nhận "
                    "xem trong chuông thông báo sau khi đăng nhập)."
                )
        self.stdout.write(self.style.SUCCESS("Đã nạp dữ liệu demo."))

    def load(self) -> None:
        for config in apps.get_app_configs():
            try:
                module = import_module(f"{config.name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.demo":
                    raise
                continue
            for line in module.load():
                self.stdout.write(line)
