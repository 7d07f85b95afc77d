"""Digital signatures of decisions (PAdES, pyHanko): the signer's certificate, the visible
appearance of the decree (signature image between the title and the name, the authority's seal
over its left third, the signing time), signing, and the check of a PDF signed elsewhere.

Each signer's certificate is a PKCS#12 file in SIGNING_CERTIFICATES_DIR named after his user
name (`<username>.p12`, passphrase in `<username>.pass` or SIGNING_PASSPHRASE_<USERNAME>), or the
default SIGNING_PKCS12_PATH / SIGNING_PKCS12_PASSPHRASE. A signer who signs with his own token
registers his certificate as `<username>.crt` (PEM or DER) instead. No key is committed:
`manage.py create_signing_certificate` makes a self-signed one for development and CI.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import os
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

SIGNATURE_FIELD = "ChuKySo"
STAMP_WIDTH = 190.0  # pt
STAMP_HEIGHT = 74.0  # pt: the signer-space of the print stylesheet (26 mm)


class SignatureRefused(Exception):
    """An uploaded PDF that thidua does not accept as the signed decision; the message says why
    (Vietnamese, shown to the signer)."""


class CertificateMissing(Exception):
    pass


def _dir() -> Path:
    return Path(settings.SIGNING_CERTIFICATES_DIR)


def _passphrase(username: str) -> bytes | None:
    env = os.environ.get(f"SIGNING_PASSPHRASE_{username.upper().replace('-', '_')}")
    if env is not None:
        return env.encode()
    path = _dir() / f"{username}.pass"
    if path.exists():
        return path.read_text(encoding="utf-8").strip().encode()
    return None


def _pkcs12_of(user: Any) -> tuple[bytes, bytes | None] | None:
    own = _dir() / f"{user.username}.p12"
    if own.exists():
        return own.read_bytes(), _passphrase(user.username)
    default = settings.SIGNING_PKCS12_PATH
    if default and Path(default).exists():
        phrase = settings.SIGNING_PKCS12_PASSPHRASE
        return Path(default).read_bytes(), phrase.encode() if phrase else None
    return None


def has_certificate(user: Any) -> bool:
    """Whether thidua holds a signing key for this person (else he signs with his token)."""
    return _pkcs12_of(user) is not None


def load_signer(user: Any):
    """pyHanko's signer for this person, from his PKCS#12 file."""
    from pyhanko.sign import signers

    found = _pkcs12_of(user)
    if found is None:
        raise CertificateMissing(
            _("Chưa cấu hình chứng thư số cho người ký %(name)s.") % {"name": user}
        )
    data, passphrase = found
    return signers.SimpleSigner.load_pkcs12_data(data, other_certs=[], passphrase=passphrase)


def signer_certificate(user: Any):
    """The certificate registered for this signer (asn1crypto), or None."""
    from asn1crypto import pem, x509

    crt = _dir() / f"{user.username}.crt"
    if crt.exists():
        raw = crt.read_bytes()
        if pem.detect(raw):
            _type, _headers, raw = pem.unarmor(raw)
        return x509.Certificate.load(raw)
    try:
        return load_signer(user).signing_cert
    except (CertificateMissing, ValueError):
        return None


# --- The visible appearance ------------------------------------------------------------------


@dataclass(frozen=True)
class Placement:
    page: int
    box: tuple[float, float, float, float]  # x1, y1, x2, y2 in PDF points from bottom-left


def find_signature_box(pdf: bytes, name: str) -> Placement:
    """Where the signature goes: between the signer's title and his name, on the page where
    the signature block landed (the name's last line in the right half of a page)."""
    import pdfplumber

    wanted = name.split()
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for index, page in enumerate(doc.pages):
            words = page.extract_words(keep_blank_chars=False, use_text_flow=True)
            for i in range(len(words) - len(wanted) + 1):
                run = words[i : i + len(wanted)]
                if [w["text"] for w in run] != wanted or run[0]["x0"] < page.width / 2:
                    continue
                centre = (run[0]["x0"] + run[-1]["x1"]) / 2
                bottom = page.height - run[0]["top"] + 2
                x1 = max(0.0, centre - STAMP_WIDTH / 2)
                return Placement(index, (x1, bottom, x1 + STAMP_WIDTH, bottom + STAMP_HEIGHT))
        last = len(doc.pages) - 1
        width = doc.pages[last].width
    return Placement(last, (width - STAMP_WIDTH - 40, 120, width - 40, 120 + STAMP_HEIGHT))


def _image(path: Path | None) -> str:
    return path.as_uri() if path is not None and path.exists() else ""


def images_of(user: Any, authority: Any) -> tuple[str, str]:
    """The signer's signature image and the authority's seal image (file URIs, "" if none)."""
    folder = _dir()
    signature = next(
        (
            p
            for p in (folder / f"{user.username}-signature.{e}" for e in ("png", "svg"))
            if p.exists()
        ),
        None,
    )
    seal = next(
        (p for p in (folder / f"seal-{authority.pk}.{e}" for e in ("png", "svg")) if p.exists()),
        None,
    )
    return _image(signature), _image(seal)


def stamp_pdf(*, user: Any, authority: Any, when: dt.datetime) -> bytes:
    """The appearance as a one-page PDF of the stamp's size (WeasyPrint: pyHanko's own text
    stamp garbles Vietnamese)."""
    from weasyprint import HTML

    from documents.rendering import print_setup

    signature, seal = images_of(user, authority)
    local = timezone.localtime(when)
    html = render_to_string(
        "pdf/signature_stamp.html",
        {
            "signature": signature,
            "seal": seal,
            "name": user.full_name,
            "time": local.isoformat(timespec="seconds"),
            "width": f"{STAMP_WIDTH:.1f}",
            "height": f"{STAMP_HEIGHT:.1f}",
        },
    )
    fonts, sheets = print_setup()
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
        stylesheets=sheets[1:], font_config=fonts
    )


# --- Signing and checking --------------------------------------------------------------------


def sign_pdf(pdf: bytes, *, signer: Any, authority: Any, when: dt.datetime) -> bytes:
    """Apply the signer's PAdES signature (B-B without a timestamp server) with the visible
    appearance, as an incremental update: the signed file starts with the issued PDF's bytes."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.stamp import StaticStampStyle

    hanko_signer = load_signer(signer)
    placement = find_signature_box(pdf, signer.full_name)
    with tempfile.NamedTemporaryFile(suffix=".pdf") as stamp_file:
        stamp_file.write(stamp_pdf(user=signer, authority=authority, when=when))
        stamp_file.flush()
        style = StaticStampStyle.from_pdf_file(stamp_file.name, border_width=0)
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        meta = signers.PdfSignatureMetadata(
            field_name=SIGNATURE_FIELD,
            name=signer.full_name,
            location=authority.place_name,
            reason=_("Ký ban hành quyết định"),
            subfilter=fields.SigSeedSubFilter.PADES,
        )
        pdf_signer = signers.PdfSigner(
            meta,
            signer=hanko_signer,
            stamp_style=style,
            new_field_spec=fields.SigFieldSpec(
                sig_field_name=SIGNATURE_FIELD, on_page=placement.page, box=placement.box
            ),
        )
        out = io.BytesIO()
        _outside_event_loop(pdf_signer.sign_pdf, writer, output=out)
    return out.getvalue()


def _outside_event_loop(fn: Any, *args: Any, **kwargs: Any) -> Any:
    """pyHanko's synchronous calls run their own event loop (asyncio.run), which fails in a
    thread that already runs one (a Playwright or other async caller of load_demo or a
    service): there, run the call in a short-lived thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return fn(*args, **kwargs)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(fn, *args, **kwargs).result()


@dataclass(frozen=True)
class SignatureReport:
    intact: bool
    valid: bool
    trusted: bool
    entire_file: bool
    signer_subject: str
    signed_at: dt.datetime | None


def validate(content: bytes, *, certificate) -> SignatureReport:
    """pyHanko's validation of the (first) signature against the given certificate as the
    only trust root."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.errors import SignatureValidationError
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(content), strict=False)
        embedded = reader.embedded_signatures
    except Exception as exc:  # a file that is not a PDF at all
        raise SignatureRefused(_("Tệp tải lên không phải tệp PDF hợp lệ.")) from exc
    if not embedded:
        raise SignatureRefused(_("Tệp tải lên chưa có chữ ký số."))
    sig = embedded[0]
    context = ValidationContext(trust_roots=[certificate], allow_fetching=False)
    try:
        status = _outside_event_loop(validate_pdf_signature, sig, context)
    except (SignatureValidationError, ValueError) as exc:
        raise SignatureRefused(_("Chữ ký số không hợp lệ: %(e)s") % {"e": exc}) from exc
    return SignatureReport(
        intact=bool(status.intact),
        valid=bool(status.valid),
        trusted=bool(status.trusted),
        entire_file=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
        signer_subject=status.signing_cert.subject.human_friendly,
        signed_at=status.signer_reported_dt,
    )


def _same_certificate(a, b) -> bool:
    return a is not None and b is not None and a.dump() == b.dump()


def check_signed_pdf(content: bytes, *, expected: bytes, signer: Any) -> SignatureReport:
    """Accept an externally signed PDF only if: it is signed; its signature is intact and valid;
    it covers the whole file (nothing added after signing); the signed content is the numbered
    document thidua issued (the file starts with its bytes, unchanged); the certificate is the
    signer's. Refuses (SignatureRefused) with the first reason that fails."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    certificate = signer_certificate(signer)
    if certificate is None:
        raise SignatureRefused(
            _("Chưa đăng ký chứng thư số của người ký: không kiểm tra được chữ ký.")
        )
    try:
        embedded = PdfFileReader(io.BytesIO(content), strict=False).embedded_signatures
    except Exception as exc:
        raise SignatureRefused(_("Tệp tải lên không phải tệp PDF hợp lệ.")) from exc
    if not embedded:
        raise SignatureRefused(_("Tệp tải lên chưa có chữ ký số."))
    if not _same_certificate(embedded[0].signer_cert, certificate):
        raise SignatureRefused(
            _("Tệp được ký bằng chứng thư số khác, không phải chứng thư của người ký %(name)s.")
            % {"name": signer}
        )
    report = validate(content, certificate=certificate)
    if not report.intact or not report.valid:
        raise SignatureRefused(
            _("Chữ ký số không hợp lệ: nội dung đã bị thay đổi sau khi ký hoặc chữ ký bị lỗi.")
        )
    if not report.entire_file:
        raise SignatureRefused(
            _("Tệp đã bị sửa đổi sau khi ký: chữ ký không bao trùm toàn bộ tệp.")
        )
    if not content.startswith(expected):
        raise SignatureRefused(
            _(
                "Nội dung được ký không phải văn bản đã cấp số trên hệ thống (khác bản PDF đã "
                "cấp số)."
            )
        )
    if not report.trusted:
        raise SignatureRefused(_("Chứng thư số của chữ ký không được tin cậy."))
    return report


# --- Test and demo certificates --------------------------------------------------------------


def self_signed_pkcs12(*, common_name: str, organisation: str, passphrase: bytes) -> bytes:
    """A self-signed RSA 2048 / SHA-256 certificate with digitalSignature + nonRepudiation,
    as PKCS#12 (development, demo and CI only)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    return pkcs12.serialize_key_and_certificates(
        name=common_name.encode(),
        key=key,
        cert=cert,
        cas=None,
        encryption_algorithm=serialization.BestAvailableEncryption(passphrase),
    )


SIGNATURE_SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="300" height="110" viewBox="0 0 300 110">
<path d="M20 80 C 40 10, 70 10, 80 60 S 120 100, 140 40 S 180 0, 200 60 S 250 90, 280 30"
 fill="none" stroke="#1f3fb5" stroke-width="5" stroke-linecap="round"/>
<path d="M60 95 L 250 70" fill="none" stroke="#1f3fb5" stroke-width="3" stroke-linecap="round"/>
</svg>
"""


def seal_svg(text: str) -> str:
    """A red round seal: two rings, a star, the authority's name across (demo only)."""
    from django.utils.html import escape

    return f"""<svg xmlns="http://www.w3.org/2000/svg" width="200" height="200" viewBox="0 0 200 200">
<circle cx="100" cy="100" r="94" fill="none" stroke="#d0021b" stroke-width="6"/>
<circle cx="100" cy="100" r="80" fill="none" stroke="#d0021b" stroke-width="2"/>
<polygon points="100,38 111,70 145,70 118,90 128,122 100,102 72,122 82,90 55,70 89,70" fill="#d0021b"/>
<text x="100" y="150" font-size="17" font-weight="bold" fill="#d0021b" text-anchor="middle"
 font-family="Tinos, Liberation Serif, serif">{escape(text)}</text>
</svg>
"""


def verify_signed_decisions() -> tuple[int, list[str]]:
    """For verify_documents: every signed decision's file is there, has its recorded SHA-256,
    and carries a signature that is intact, valid and covers the whole file (checked against
    the certificate embedded in it; the signer's own certificate need not be restored)."""
    import hashlib

    from django.core.files.storage import default_storage
    from pyhanko.pdf_utils.reader import PdfFileReader

    from .models import Decision

    problems: list[str] = []
    signed = Decision.objects.exclude(signed_file="").order_by("pk")
    count = 0
    for decision in signed.iterator(chunk_size=200):
        count += 1
        label = f"decision id {decision.pk} ({decision.signed_file.name})"
        if not default_storage.exists(decision.signed_file.name):
            problems.append(f"{label}: signed file missing")
            continue
        with default_storage.open(decision.signed_file.name, "rb") as handle:
            content = handle.read()
        digest = hashlib.sha256(content).hexdigest()
        if digest != decision.signed_sha256:
            problems.append(f"{label}: SHA-256 {digest} differs from the recorded one")
            continue
        try:
            embedded = PdfFileReader(io.BytesIO(content), strict=False).embedded_signatures
            if not embedded:
                raise SignatureRefused("no signature")
            report = validate(content, certificate=embedded[0].signer_cert)
        except Exception as exc:  # any unreadable or refused signature is a finding, not a crash
            problems.append(f"{label}: signature not verifiable ({exc})")
            continue
        if not (report.intact and report.valid and report.entire_file):
            problems.append(f"{label}: signature not intact, not valid or not covering the file")
    return count, problems
