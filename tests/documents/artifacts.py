"""Keep what a reader sees: every page of a PDF as a PNG in test-artifacts/ (git-ignored), to be
looked at (pdftoppm -png -r 80), and the checks that no word is broken across a line."""

from __future__ import annotations

import html
import itertools
import re
import shutil
import subprocess
from pathlib import Path

from tests.documents.pdf_checks import page_texts

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def save_pages(pdf: bytes, stem: str) -> list[Path]:
    """Write the PDF and one PNG per page (80 dpi) under test-artifacts/; returns the PNGs."""
    ARTIFACTS.mkdir(exist_ok=True)
    source = ARTIFACTS / f"{stem}.pdf"
    source.write_bytes(pdf)
    for old in ARTIFACTS.glob(f"{stem}-*.png"):
        old.unlink()
    if shutil.which("pdftoppm") is None:  # poppler-utils: a must on the CI image
        raise RuntimeError("pdftoppm (poppler-utils) is needed to keep the page images")
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", str(source), str(ARTIFACTS / stem)],
        check=True,
        timeout=60,
    )
    return sorted(ARTIFACTS.glob(f"{stem}-*.png"))


_INLINE = re.compile(r"</?(span|em|strong|b|i)\b[^>]*>")
_TAGS = re.compile(r"<[^>]+>")


def source_words(document_html: str) -> set[str]:
    """Every word (space-separated token) of the document's HTML text."""
    body = document_html.split("<body", 1)[-1]
    text = html.unescape(_TAGS.sub(" ", _INLINE.sub("", body)))
    return set(text.split())


def broken_words(pdf: bytes, document_html: str) -> list[str]:
    """Tokens of the PDF's lines that are not words of the source: a word cut by a line break
    (hyphenated or split inside a syllable) shows up here."""
    words = source_words(document_html)
    _, bodies = page_texts(pdf, top_margin_mm=0.5)
    found = []
    for body in bodies:
        for token in body.split():
            if token not in words and not token.isdigit():
                found.append(token)
    return found


def split_pairs(pdf: bytes, pairs: list[tuple[str, str]]) -> list[str]:
    """Lines that end with the first syllable of a kept word whose second starts the next."""
    _, bodies = page_texts(pdf, top_margin_mm=0.5)
    lines = [line.strip() for body in bodies for line in body.splitlines() if line.strip()]
    found = []
    for first, second in itertools.pairwise(lines):
        for a, b in pairs:
            if first.lower().endswith(a.lower()) and second.lower().startswith(b.lower()):
                found.append(f"{first} / {second}")
    return found
