"""Pure rendering: document data (JSON) + a print template → PDF bytes. No database access."""

from __future__ import annotations

import hashlib
import io
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string
from django.utils import translation

from .fonts import font_face_css
from .vietnamese import normalise_data

PRINT_CSS = "css/print/document.css"


def canonical_json(data: dict[str, Any]) -> str:
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, sort_keys=True)


def data_hash(data: dict[str, Any], template_version: str) -> str:
    """Identity of a rendering: same data and same template version → same document."""
    payload = f"{template_version}\n{canonical_json(data)}".encode()
    return hashlib.sha256(payload).hexdigest()


def layout_roots() -> tuple[str, ...]:
    """Where the print layout lives: the pdf/ folder of every template folder the loader
    reads, and the print stylesheets."""
    roots = [Path(d) / "pdf" for d in settings.TEMPLATES[0].get("DIRS", [])]
    roots.append(Path(settings.BASE_DIR) / "static" / "css" / "print")
    return tuple(str(root) for root in roots)


def layout_fingerprint() -> str:
    """Hash of the print templates, the print stylesheet and the font set-up.

    Part of every template version, so that a change of layout renders documents anew instead of
    returning a stored PDF made with the old layout (issued documents excepted: their PDF is
    bound to the register entry and never made again).
    """
    return _fingerprint(layout_roots())


@lru_cache(maxsize=4)
def _fingerprint(roots: tuple[str, ...]) -> str:
    digest = hashlib.sha256()
    folders = [Path(root) for root in roots]
    files = sorted(p for root in folders if root.exists() for p in root.rglob("*") if p.is_file())
    files.append(Path(__file__).with_name("fonts.py"))
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def template_version(kind_version: str) -> str:
    """'plan-1@3f2a…': the kind's own version and the shared layout's fingerprint."""
    return f"{kind_version}@{layout_fingerprint()}"


def print_stylesheet_path():
    return settings.BASE_DIR / "static" / PRINT_CSS


def render_html(*, template_name: str, data: dict[str, Any]) -> str:
    with translation.override("vi"):
        return render_to_string(template_name, {"doc": normalise_data(data)})


def render_pdf(*, template_name: str, data: dict[str, Any]) -> bytes:
    """HTML + the print stylesheet + the embedded Tinos font → PDF bytes."""
    from weasyprint import CSS, HTML  # heavy import (≈0.4 s): only where a PDF is made
    from weasyprint.text.fonts import FontConfiguration

    html = render_html(template_name=template_name, data=data)
    fonts = FontConfiguration()  # @font-face of our stylesheets only applies through it
    out = io.BytesIO()
    HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
        out,
        stylesheets=[
            CSS(filename=str(print_stylesheet_path()), font_config=fonts),
            CSS(string=font_face_css(), font_config=fonts),
        ],
        font_config=fonts,
    )
    return out.getvalue()
