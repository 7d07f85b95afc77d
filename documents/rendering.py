"""Pure rendering: document data (JSON) + a print template → PDF bytes. No database access."""

from __future__ import annotations

import atexit
import hashlib
import io
import json
import os
import threading
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


_thread = threading.local()


def print_setup() -> tuple[Any, list[Any]]:
    """The font configuration and the parsed stylesheets of printed documents, made once per
    thread of a long-lived process (the worker) and reused by every render.

    A fresh set-up per document costs a third of a plan's render: loading the twelve font faces
    into a new fontconfig configuration and parsing the stylesheet again. Per thread, because
    Pango's font map is not thread-safe; per process (a forked worker makes its own); made
    anew when the stylesheet or the font CSS changes.
    """
    from weasyprint import CSS  # heavy import (≈0.4 s): only where a PDF is made
    from weasyprint.text.fonts import FontConfiguration

    sheet = Path(print_stylesheet_path())
    font_css = font_face_css()
    key = (os.getpid(), str(sheet), sheet.stat().st_mtime_ns, font_css)
    cached = getattr(_thread, "print_setup", None)
    if cached is None or cached[0] != key:
        fonts = FontConfiguration()  # @font-face of our stylesheets only applies through it
        stylesheets = [
            CSS(filename=str(sheet), font_config=fonts),
            CSS(string=font_css, font_config=fonts),
        ]
        cached = (key, fonts, stylesheets)
        _thread.print_setup = cached
    return cached[1], cached[2]


@atexit.register
def _drop_print_setup() -> None:
    """Let the main thread's set-up remove its temporary font folder before shutdown."""
    _thread.print_setup = None


def render_pdf(*, template_name: str, data: dict[str, Any]) -> bytes:
    """HTML + the print stylesheet + the embedded Tinos font → PDF bytes."""
    from weasyprint import HTML

    html = render_html(template_name=template_name, data=data)
    fonts, stylesheets = print_setup()
    out = io.BytesIO()
    HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
        out, stylesheets=stylesheets, font_config=fonts
    )
    return out.getvalue()
