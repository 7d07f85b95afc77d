"""Must-show 1: the demo's Ba Tơ plan rendered by `render_document plan` holds the whole seed."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

from campaigns import demo as campaign_demo
from campaigns.models import Campaign
from organizations import demo as org_demo

from .pdf_checks import A4, embedded_fonts, page_sizes, page_texts, squash

pytestmark = pytest.mark.django_db

SEED = Path(__file__).parent / "data" / "seed_plan.txt"


@pytest.fixture
def plan_pdf(tmp_path) -> tuple[Campaign, bytes]:
    org_demo.load()
    campaign_demo.load()
    campaign = Campaign.objects.get(title=campaign_demo.TITLE)
    out = tmp_path / "plan.pdf"
    call_command("render_document", "plan", str(campaign.pk), "-o", str(out))
    return campaign, out.read_bytes()


def seed_blocks() -> list[str]:
    """The seed's paragraphs, without its blank number/date and the *italic* marks."""
    blocks = [b.strip() for b in re.split(r"\n\s*\n", SEED.read_text()) if b.strip()]
    assert blocks[0] == "Số: /KH-UBND" and blocks[1] == "Ba Tơ, ngày tháng 4 năm 2024"
    return [b.replace("*", "") for b in blocks[2:]]


def test_plan_pdf_holds_the_whole_seed_text(plan_pdf) -> None:
    _, pdf = plan_pdf
    _, bodies = page_texts(pdf)
    text = squash(" ".join(bodies))
    missing = []
    for block in seed_blocks():
        # Nơi nhận and the signature share lines in print: check those line by line.
        parts = block.splitlines() if block.startswith("- UBND tỉnh;") else [block]
        missing += [p for p in parts if squash(p) not in text]
    assert missing == []
    for heading in (
        "I. MỤC ĐÍCH, YÊU CẦU",
        "II. CHỦ ĐỀ THI ĐUA",
        "III. NỘI DUNG THI ĐUA",
        "IV. THỜI GIAN THI ĐUA",
        "V. TỔ CHỨC THỰC HIỆN",
        "Nơi nhận:",
        "CHỦ TỊCH",
        "Phạm Xuân Vinh",
    ):
        assert heading in text


def test_plan_pdf_header_number_and_date(plan_pdf) -> None:
    campaign, pdf = plan_pdf
    _, bodies = page_texts(pdf)
    first = squash(bodies[0])
    assert campaign.reference == "01/KH-UBND"
    for line in (
        "UBND TỈNH QUẢNG NGÃI",
        "ỦY BAN NHÂN DÂN",
        "HUYỆN BA TƠ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 01/KH-UBND",
        "Ba Tơ, ngày 15 tháng 4 năm 2024",
        "KẾ HOẠCH",
    ):
        assert line in first


def test_plan_pdf_is_a4_with_embedded_tinos(plan_pdf) -> None:
    _, pdf = plan_pdf
    sizes = page_sizes(pdf)
    assert len(sizes) >= 2
    assert all(abs(w - A4[0]) < 1 and abs(h - A4[1]) < 1 for w, h in sizes)
    fonts = embedded_fonts(pdf)
    assert fonts and all(fonts.values()), fonts
    assert all("tinos" in name.lower() for name in fonts), fonts
    assert any(name.endswith("-Bold") for name in fonts)
    assert any(name.endswith("-Italic") for name in fonts)


def test_plan_pdf_numbers_pages_from_two(plan_pdf) -> None:
    _, pdf = plan_pdf
    heads, _ = page_texts(pdf)
    assert heads[0] == ""
    assert heads[1:] == [str(n) for n in range(2, len(heads) + 1)]


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils missing")
def test_plan_pdf_pages_saved_as_pictures(plan_pdf, artifacts_dir) -> None:
    """Pictures of each page for a person to look at (test-artifacts/plan-*.png)."""
    _, pdf = plan_pdf
    for old in artifacts_dir.glob("plan-page-*.png"):
        old.unlink()
    (artifacts_dir / "plan.pdf").write_bytes(pdf)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "100",
            str(artifacts_dir / "plan.pdf"),
            str(artifacts_dir / "plan-page"),
        ],
        check=True,
        timeout=120,
    )
    pictures = sorted(artifacts_dir.glob("plan-page-*.png"))
    assert len(pictures) == len(page_sizes(pdf))
    assert all(p.stat().st_size > 20_000 for p in pictures)
