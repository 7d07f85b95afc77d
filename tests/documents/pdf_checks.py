"""Helpers to read back a PDF the way a reader sees it."""

from __future__ import annotations

import io
import re

import pdfplumber
from pypdf import PdfReader

MM = 72 / 25.4
A4 = (595.28, 841.89)


def page_texts(pdf: bytes, *, top_margin_mm: float = 18) -> tuple[list[str], list[str]]:
    """(text in the top margin, text of the page below it) for every page."""
    heads, bodies = [], []
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            cut = top_margin_mm * MM
            heads.append((page.crop((0, 0, page.width, cut)).extract_text() or "").strip())
            bodies.append(page.crop((0, cut, page.width, page.height)).extract_text() or "")
    return heads, bodies


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def embedded_fonts(pdf: bytes) -> dict[str, bool]:
    """BaseFont name → whether the font program is embedded."""
    reader = PdfReader(io.BytesIO(pdf))
    fonts: dict[str, bool] = {}
    for page in reader.pages:
        resources = page.get("/Resources")
        if not resources or "/Font" not in resources:
            continue
        for ref in resources["/Font"].values():
            font = ref.get_object()
            descriptor = None
            if "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            else:
                descriptor = font.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts[str(font["/BaseFont"])] = embedded
    return fonts


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    reader = PdfReader(io.BytesIO(pdf))
    return [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages]
