"""The print font: Tinos (Times New Roman metrics, OFL) from the npm package @fontsource/tinos.

Fontsource ships one file per Unicode subset, all named "Tinos". WeasyPrint merges fonts of the
same name into one PDF font, which mixes up the glyphs of different subsets, so each subset gets a
family of its own and the stylesheet lists them in order: Pango picks, letter by letter, the first
family that has the glyph. Liberation Serif (same metrics, Debian fonts-liberation2) is the
fallback if the package is missing.

The package ships WOFF2 only, and WeasyPrint decodes every WOFF2 @font-face on every render (in
Python, through fontTools): for a plan that was three quarters of the render time. So each file is
decoded once to TrueType in a cache folder (settings.DOCUMENTS_FONT_CACHE, by default
node_modules/.cache/thidua-fonts) and the stylesheet points at the TrueType files. A cached file
is named after the SHA-256 of its WOFF2 source, so an upgrade of the package decodes afresh.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
from functools import lru_cache
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)

SUBSETS = ("latin", "vietnamese", "latin-ext")
FACES = (("400", "normal", "400-normal"), ("700", "normal", "700-normal"))
FACES += (("400", "italic", "400-italic"), ("700", "italic", "700-italic"))
FALLBACK_FAMILIES = ('"Liberation Serif"', '"Tinos"', '"Times New Roman"', "serif")


def font_dir() -> Path:
    return Path(settings.NODE_MODULES) / "@fontsource" / "tinos" / "files"


def cache_dir() -> Path:
    return Path(settings.DOCUMENTS_FONT_CACHE)


def family_name(subset: str) -> str:
    return f"thidua-tinos-{subset}"


def decoded_font(source: Path, directory: Path) -> Path:
    """The TrueType file of a WOFF2 font, decoded into `directory` on first use.

    Safe when several workers start at once: each writes a file of its own, then renames it
    into place (an atomic replace of identical bytes).
    """
    from fontTools.ttLib import woff2

    data = source.read_bytes()
    target = directory / f"{source.stem}-{hashlib.sha256(data).hexdigest()[:16]}.ttf"
    if target.exists():
        return target
    directory.mkdir(parents=True, exist_ok=True)
    out = io.BytesIO()
    woff2.decompress(io.BytesIO(data), out)
    partial = target.with_name(f"{target.name}.{os.getpid()}.part")
    partial.write_bytes(out.getvalue())
    os.replace(partial, target)
    return target


def font_files(directory: Path, cache: Path) -> list[tuple[str, str, str, Path, str]]:
    """(subset, weight, style, file, CSS format) of every face the package has, as TrueType
    when the cache folder is writable, else the WOFF2 file itself (slower, same glyphs)."""
    files = []
    for subset in SUBSETS:
        for weight, style, suffix in FACES:
            source = directory / f"tinos-{subset}-{suffix}.woff2"
            if not source.exists():
                continue
            try:
                files.append((subset, weight, style, decoded_font(source, cache), "truetype"))
            except OSError as exc:
                logger.warning("Font cache %s not writable (%s); using WOFF2 files", cache, exc)
                files.append((subset, weight, style, source, "woff2"))
    return files


@lru_cache(maxsize=4)
def _font_css(directory: str, cache: str) -> tuple[str, str, tuple[Path, ...]]:
    rules: list[str] = []
    families: list[str] = []
    files = font_files(Path(directory), Path(cache))
    for subset, weight, style, path, fmt in files:
        rules.append(
            "@font-face { "
            f'font-family: "{family_name(subset)}"; font-weight: {weight}; '
            f'font-style: {style}; src: url("{path.as_uri()}") format("{fmt}"); }}'
        )
        if f'"{family_name(subset)}"' not in families:
            families.append(f'"{family_name(subset)}"')
    stack = ", ".join([*families, *FALLBACK_FAMILIES])
    rules.append(f":root {{ --document-font: {stack}; }}")
    rules.append(f"html, body, table, td, th {{ font-family: {stack}; }}")
    rules.append("@page { @top-center { font-family: " + stack + "; } }")
    return "\n".join(rules), stack, tuple(path for *_, path, _fmt in files)


def _current() -> tuple[str, str, tuple[Path, ...]]:
    key = (str(font_dir()), str(cache_dir()))
    css = _font_css(*key)
    if not all(path.exists() for path in css[2]):  # the cache folder was cleaned meanwhile
        _font_css.cache_clear()
        css = _font_css(*key)
    return css


def font_face_css() -> str:
    """@font-face rules and the font stack of printed documents."""
    return _current()[0]


def font_stack() -> str:
    return _current()[1]
