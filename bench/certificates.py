"""How long a 1,000-awardee Giấy khen batch takes in real Celery workers, with 1 and with 2
worker processes, and the certificates' render time beside bare WeasyPrint on the same pages.

    DATABASE_URL=postgres://… REDIS_URL=redis://… python -m bench.certificates
        [--awardees 1000] [--chunk 50] [--rounds 3] [--keep]

It makes a throwaway PostgreSQL database of its own (`<database>_bench_certificates`, on the
server of DATABASE_URL), migrates it, builds one authority with a signed decision of
--awardees individuals in ten units (nominees bulk-created as recommended; the decision
drafted, submitted and signed through the services, with a self-signed certificate), then:

- batch, N workers: starts N `celery worker --pool solo` processes on a private queue of
  REDIS_URL, waits until they answer a ping, starts a batch (services.start_certificate_batch:
  chunks of --chunk certificates through the outbox) and times it until the print-ready PDF is
  assembled; N = 1, then 2 (a new batch of the same decision);
- the floor of the whole batch: bare WeasyPrint (below) on every chunk's HTML in turn, in one
  process, beside the batch with one worker;
- render: one chunk's pages (--chunk certificates, the same HTML) through the engine
  (documents.rendering.render_pdf, as the chunk task does, without storing) beside bare
  WeasyPrint, HTML(string=<the same HTML>).write_pdf with the print stylesheet and a font CSS
  naming the engine's Tinos faces, with a fresh FontConfiguration; median of --rounds after a
  warm-up, in the same process.

One line per figure. Figures only: nothing here is a test. The database is dropped at the end
(unless --keep). bench/run calls `figures(ctx)`, which runs this module in a subprocess on a
throwaway database next to ctx.demo_url's.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse, urlunparse

from thidua.celery import worker_queues

ROOT = Path(__file__).resolve().parent.parent

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Đinh", "Hoàng", "Huỳnh", "Phan", "Võ", "Đặng"]
MIDDLE = ["Văn", "Thị", "Minh", "Ngọc", "Thanh", "Đức", "Hữu", "Thu"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hà", "Hùng", "Lan", "Mai", "Nam", "Phúc", "Quân", "Thảo"]


def awardee_name(i: int) -> str:
    return f"{FAMILY[i % 10]} {MIDDLE[(i // 10) % 8]} {GIVEN[(i // 80) % 12]} {i + 1:04d}"


def build_signed_decision(*, awardees: int, units: int = 10, stamp: str = ""):
    """An authority with `units` units, a published campaign and a signed decision awarding
    `awardees` individuals (Giấy khen). The nominees are bulk-created as recommended by the
    council (walking 1,000 nominees through every stage would measure the earlier stages);
    the decision is drafted, submitted and signed through the decisions' services, with a
    self-signed certificate written to SIGNING_CERTIFICATES_DIR."""
    import datetime as dt
    from decimal import Decimal

    from django.conf import settings
    from django.utils import timezone

    from campaigns.enums import CampaignStatus, RecipientKind
    from campaigns.models import AwardForm, AwardOffer, Campaign
    from decisions import signing
    from decisions.enums import Grouping
    from decisions.models import PrizeCoefficient
    from decisions.reference import ensure_legal_frame
    from decisions.services import draft_decisions, sign_decisions, submit_decision
    from nominations.enums import DossierStatus, NomineeStatus
    from nominations.models import Dossier, Nominee
    from organizations.enums import Role
    from organizations.models import Authority, Unit, UnitKind, User
    from organizations.reference import ensure_reference_data
    from organizations.services import setup_roles
    from organizations.vietnamese import fold

    ensure_reference_data()
    ensure_legal_frame()
    stamp = stamp or uuid.uuid4().hex[:8]
    authority = Authority.objects.create(
        name=f"Ủy ban nhân dân xã Thử Nghiệm {stamp}",
        short_name="UBND xã Thử Nghiệm",
        level="commune",
        header_name="ỦY BAN NHÂN DÂN\nXÃ THỬ NGHIỆM",
        place_name="Thử Nghiệm",
    )
    appraiser = User.objects.create_user(
        username=f"td{stamp}", full_name="Nguyễn Thị Thẩm", authority=authority
    )
    setup_roles(person=appraiser, roles=[Role.APPRAISER])
    chairman = User.objects.create_user(
        username=f"ct{stamp}", full_name="Phạm Xuân Vinh", authority=authority
    )
    setup_roles(person=chairman, roles=[Role.CHAIRMAN])
    folder = Path(settings.SIGNING_CERTIFICATES_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    passphrase = b"bench-certificates"
    (folder / f"{chairman.username}.p12").write_bytes(
        signing.self_signed_pkcs12(
            common_name=chairman.full_name, organisation=authority.short_name, passphrase=passphrase
        )
    )
    (folder / f"{chairman.username}.pass").write_text(passphrase.decode())
    kinds = list(UnitKind.objects.all())
    made_units = Unit.objects.bulk_create(
        [
            Unit(
                authority=authority,
                name=f"Trường Tiểu học Thử Nghiệm số {i + 1}",
                short_name=f"TH số {i + 1}",
                kind=kinds[i % len(kinds)],
            )
            for i in range(units)
        ]
    )
    form = AwardForm.objects.create(
        authority=authority,
        code="gk-ca-nhan",
        name="Giấy khen",
        recipient_kind=RecipientKind.INDIVIDUAL,
    )
    PrizeCoefficient.objects.create(
        award_form=form,
        recipient_kind=RecipientKind.INDIVIDUAL,
        coefficient=Decimal("0.3"),
        effective_from=dt.date(2024, 1, 1),
    )
    campaign = Campaign.objects.create(
        authority=authority,
        status=CampaignStatus.PUBLISHED,
        title="Phát động Phong trào thi đua chào mừng Đại hội đại biểu các dân tộc thiểu số",
    )
    offer = AwardOffer.objects.create(campaign=campaign, award_form=form)
    now = timezone.now()
    dossiers = Dossier.objects.bulk_create(
        [
            Dossier(campaign=campaign, unit=unit, status=DossierStatus.FORWARDED, submitted_at=now)
            for unit in made_units
        ]
    )
    nominees = []
    for i in range(awardees):
        name = awardee_name(i)
        nominees.append(
            Nominee(
                dossier=dossiers[i % units],
                kind=RecipientKind.INDIVIDUAL,
                award_offer=offer,
                full_name=name,
                name_key=fold(name),
                position="Giáo viên",
                workplace=dossiers[i % units].unit.name,
                status=NomineeStatus.RECOMMENDED,
                order=i,
            )
        )
    Nominee.objects.bulk_create(nominees, batch_size=500)
    (decision,), _warnings = draft_decisions(
        actor=appraiser, campaign=campaign, signer=chairman, grouping=Grouping.SINGLE
    )
    submit_decision(actor=appraiser, decision=decision)
    sign_decisions(actor=chairman, decisions=[decision], day=timezone.localdate())
    decision.refresh_from_db()
    return decision, appraiser


def worker(queue: str, name: str, env: dict[str, str] | None = None) -> subprocess.Popen:
    """A real Celery worker process (solo pool) on `queue`, with this process's settings."""
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "thidua", "worker", "-Q", worker_queues(queue),
         "--pool", "solo", "--without-gossip", "--without-mingle", "--without-heartbeat",
         "-n", f"{name}@%h", "--loglevel", "WARNING"],
        cwd=ROOT,
        env={**os.environ, "CELERY_QUEUE": queue, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_for_workers(names: list[str], timeout: float = 90) -> None:
    from thidua.celery import app

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        replies = app.control.ping(timeout=1.0) or []
        seen = {host.split("@")[0] for reply in replies for host in reply}
        if set(names) <= seen:
            return
    raise SystemExit(f"workers {names} did not answer within {timeout:.0f} s")


def wait_for_batch(batch, timeout: float = 900) -> float:
    """Seconds from the batch's creation until it is assembled."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        batch.refresh_from_db()
        if batch.assembled_at is not None:
            return (batch.assembled_at - batch.created_at).total_seconds()
        if batch.error:
            raise SystemExit(f"batch {batch.pk} failed: {batch.error}")
        time.sleep(0.2)
    raise SystemExit(f"batch {batch.pk} not assembled within {timeout:.0f} s")


def timed_batch(decision, appraiser, *, workers: int, queue: str, chunk: int) -> float:
    from awards.services import start_certificate_batch

    names = [f"bench{workers}w{i}-{uuid.uuid4().hex[:4]}" for i in range(workers)]
    processes = [worker(queue, name) for name in names]
    try:
        wait_for_workers(names)
        batch = start_certificate_batch(actor=appraiser, decision=decision, chunk_size=chunk)
        return wait_for_batch(batch)
    finally:
        for process in processes:
            stop(process)


def bare(html: str, font_css: str) -> bytes:
    from django.conf import settings
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from documents.rendering import print_stylesheet_path

    fonts = FontConfiguration()
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
        stylesheets=[
            CSS(filename=str(print_stylesheet_path()), font_config=fonts),
            CSS(string=font_css, font_config=fonts),
        ],
        font_config=fonts,
    )


def bare_all(decision, *, chunk: int) -> float:
    """Seconds for bare WeasyPrint to render every certificate of the decision, in the same
    chunks the batch renders (the floor of the whole batch's work, in one process)."""
    from awards.documents import CERTIFICATE_TEMPLATE, certificates_data
    from awards.selectors import certificate_lines
    from documents.fonts import font_face_css
    from documents.rendering import render_html

    lines = list(certificate_lines(decision))
    css = font_face_css()
    total = 0.0
    for start in range(0, len(lines), chunk):
        data = certificates_data(decision, lines[start : start + chunk], mode="full")
        html = render_html(template_name=CERTIFICATE_TEMPLATE, data=data)
        started = time.perf_counter()
        bare(html, css)
        total += time.perf_counter() - started
    return total


def render_figures(decision, *, chunk: int, rounds: int) -> tuple[float, float, int]:
    """(engine median, bare median, pages) for one chunk's certificates."""
    from pypdf import PdfReader

    from awards.documents import CERTIFICATE_TEMPLATE, certificates_data
    from awards.selectors import certificate_lines
    from documents.fonts import font_face_css
    from documents.rendering import render_html, render_pdf

    lines = certificate_lines(decision)[:chunk]
    data = certificates_data(decision, lines, mode="full")
    html = render_html(template_name=CERTIFICATE_TEMPLATE, data=data)
    css = font_face_css()  # the same TrueType faces the engine embeds (decoded once)
    cases = {
        "engine": lambda: render_pdf(template_name=CERTIFICATE_TEMPLATE, data=data),
        "bare": lambda: bare(html, css),
    }
    first = cases["engine"]()
    cases["bare"]()
    pages = len(PdfReader(__import__("io").BytesIO(first)).pages)
    times: dict[str, list[float]] = {label: [] for label in cases}
    for i in range(rounds):
        for label in list(cases) if i % 2 == 0 else reversed(list(cases)):
            started = time.perf_counter()
            cases[label]()
            times[label].append(time.perf_counter() - started)
    return statistics.median(times["engine"]), statistics.median(times["bare"]), pages


def _database(url: str, suffix: str) -> tuple[str, str]:
    """(the bench database's URL, its name) on the server of `url`."""
    parsed = urlparse(url)
    name = f"{parsed.path.lstrip('/') or 'thidua'}{suffix}"
    return urlunparse(parsed._replace(path=f"/{name}")), name


def _admin(url: str, sql: str) -> None:
    import psycopg

    parsed = urlparse(url)
    with psycopg.connect(
        host=parsed.hostname or "127.0.0.1",
        port=parsed.port or 5432,
        user=parsed.username or "postgres",
        password=parsed.password or None,
        dbname="postgres",
        autocommit=True,
    ) as conn:
        conn.execute(sql)


def run(*, source: str, awardees: int, chunk: int, rounds: int, keep: bool) -> Iterator[str]:
    """The figures, one line each (in this process: Django is set up here)."""
    url, name = _database(source, "_bench_certificates")
    _admin(source, f'DROP DATABASE IF EXISTS "{name}"')
    _admin(source, f'CREATE DATABASE "{name}"')
    tmp = Path(tempfile.mkdtemp(prefix="thidua-bench-certs-"))
    queue = f"bench-certificates-{os.getpid()}"
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "thidua.settings",
            "DATABASE_URL": url,
            "CELERY_QUEUE": queue,
            "MEDIA_ROOT": str(tmp / "media"),
            "SIGNING_CERTIFICATES_DIR": str(tmp / "signing"),
            "DOCUMENTS_RENDER_ON_ISSUE": "false",
            "EMAIL_URL": "memorymail://",
            "LOG_LEVEL": "WARNING",
        }
    )
    sys.path.insert(0, str(ROOT))
    try:
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        decision, appraiser = build_signed_decision(awardees=awardees)
        built = time.perf_counter() - started
        chunks = -(-awardees // chunk)
        yield f"certificates: signed decision of {awardees} awardees (built in {built:.1f} s)"
        yield f"certificates: batch of {chunks} chunks of {chunk}, {os.cpu_count()} CPUs"
        one = timed_batch(decision, appraiser, workers=1, queue=queue, chunk=chunk)
        yield f"certificates: batch of {awardees}, 1 worker process: {one:.1f} s"
        two = timed_batch(decision, appraiser, workers=2, queue=queue, chunk=chunk)
        yield f"certificates: batch of {awardees}, 2 worker processes: {two:.1f} s"
        yield f"certificates: ratio 1 worker / 2 workers: {one / two:.2f}"
        floor_all = bare_all(decision, chunk=chunk)
        yield (
            f"certificates: the same {awardees} certificates, bare WeasyPrint in one process "
            f"({chunks} renders of {chunk}): {floor_all:.1f} s"
        )
        yield (
            f"certificates: ratio batch with 1 worker (queue, render, store, assemble) / bare: "
            f"{one / floor_all:.2f}"
        )
        engine, floor, pages = render_figures(decision, chunk=chunk, rounds=rounds)
        yield f"certificates: render of {pages} pages, engine (render_pdf): {engine:.2f} s"
        yield f"certificates: render of the same {pages} pages, bare WeasyPrint: {floor:.2f} s"
        yield f"certificates: ratio engine / bare WeasyPrint: {engine / floor:.2f}"
    finally:
        from django.db import connections

        connections.close_all()
        if not keep:
            _admin(source, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)


def figures(ctx) -> Iterator[str]:
    """For bench/run: the same figures, from a subprocess of its own (Django is set up there
    on a throwaway database next to ctx.demo_url's, whatever the calling process uses)."""
    source = getattr(ctx, "demo_url", None) or os.environ.get("DATABASE_URL", "")
    command = [sys.executable, "-m", "bench.certificates", "--database-url", source]
    command += ["--rounds", str(getattr(ctx, "doc_rounds", 3) or 3)]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    yield from (line.rstrip("\n") for line in process.stdout)
    if process.wait() != 0:
        yield f"certificates: FAILED (exit {process.returncode})"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--awardees", type=int, default=1000)
    parser.add_argument("--chunk", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--keep", action="store_true", help="keep the bench database")
    args = parser.parse_args(argv)
    source = args.database_url
    if not source.startswith(("postgres://", "postgresql://")) or not os.environ.get("REDIS_URL"):
        raise SystemExit(
            "bench.certificates needs DATABASE_URL=postgres://… and REDIS_URL=redis://…"
        )
    for line in run(
        source=source, awardees=args.awardees, chunk=args.chunk, rounds=args.rounds, keep=args.keep
    ):
        print(line, flush=True)


if __name__ == "__main__":
    main()
