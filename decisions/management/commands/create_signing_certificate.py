"""Make a self-signed signing certificate for a signer (development, demo and CI only): a
PKCS#12 file and its passphrase in SIGNING_CERTIFICATES_DIR, a blue signature image for him and
a red seal image for his authority. Real signers use certificates from a CA (VGCA tokens)."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from decisions import signing
from organizations.models import User


class Command(BaseCommand):
    help = "Tạo chứng thư số tự ký (chỉ để phát triển, trình diễn, kiểm thử) cho người ký."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username", help="Tên đăng nhập của Chủ tịch / Phó Chủ tịch")
        parser.add_argument("--force", action="store_true", help="Ghi đè chứng thư đã có")

    def handle(self, *args, username: str, force: bool, **options) -> None:
        user = User.objects.filter(username=username).select_related("authority").first()
        if user is None or user.authority is None:
            raise CommandError(f"Không có người dùng {username} thuộc một cơ quan.")
        folder = settings.SIGNING_CERTIFICATES_DIR
        folder.mkdir(parents=True, exist_ok=True)
        p12 = folder / f"{username}.p12"
        if p12.exists() and not force:
            self.stdout.write(f"Đã có {p12} (dùng --force để tạo lại).")
            return
        passphrase = secrets.token_urlsafe(18)
        p12.write_bytes(
            signing.self_signed_pkcs12(
                common_name=user.full_name,
                organisation=user.authority.name,
                passphrase=passphrase.encode(),
            )
        )
        passfile = folder / f"{username}.pass"
        passfile.write_text(passphrase, encoding="utf-8")
        for path in (p12, passfile):
            path.chmod(0o600)
        (folder / f"{username}-signature.svg").write_text(signing.SIGNATURE_SVG, encoding="utf-8")
        seal = folder / f"seal-{user.authority.pk}.svg"
        if not seal.exists():
            seal.write_text(signing.seal_svg(user.authority.short_name.upper()), encoding="utf-8")
        self.stdout.write(self.style.SUCCESS(f"Đã tạo chứng thư số tự ký: {p12}"))
