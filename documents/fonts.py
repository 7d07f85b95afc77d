"""The print font: Tinos (Times New Roman metrics, OFL) from the npm package @fontsource/tinos.

Fontsource ships one file per Unicode subset, all named "Tinos". WeasyPrint merges fonts of the
same name into one PDF font, which mixes up the glyphs of different subsets, so each subset gets a
family of its own and the stylesheet lists them in order: Pango picks, letter by letter, the first
family that has the glyph. Liberation Serif (same metrics, Debian fonts-liberation2) is the
fallback if the package is missing.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from django.conf import settings

SUBSETS = ("latin", "vietnamese", "latin-ext")
FACES = (("400", "normal", "400-normal"), ("700", "normal", "700-normal"))
FACES += (("400", "italic", "400-italic"), ("700", "italic", "700-italic"))
FALLBACK_FAMILIES = ('"Liberation Serif"', '"Tinos"', '"Times New Roman"', "serif")


def font_dir() -> Path:
    return Path(settings.NODE_MODULES) / "@fontsource" / "tinos" / "files"


def family_name(subset: str) -> str:
    return f"thidua-tinos-{subset}"


@lru_cache(maxsize=4)
def _font_css(directory: str) -> tuple[str, str]:
    base = Path(directory)
    rules: list[str] = []
    families: list[str] = []
    for subset in SUBSETS:
        found = False
        for weight, style, suffix in FACES:
            path = base / f"tinos-{subset}-{suffix}.woff2"
            if not path.exists():
                continue
            found = True
            rules.append(
                "@font-face { "
                f'font-family: "{family_name(subset)}"; font-weight: {weight}; '
                f'font-style: {style}; src: url("{path.as_uri()}") format("woff2"); }}'
            )
        if found:
            families.append(f'"{family_name(subset)}"')
    stack = ", ".join([*families, *FALLBACK_FAMILIES])
    rules.append(f":root {{ --document-font: {stack}; }}")
    rules.append(f"html, body, table, td, th {{ font-family: {stack}; }}")
    rules.append("@page { @top-center { font-family: " + stack + "; } }")
    return "\n".join(rules), stack


def font_face_css() -> str:
    """@font-face rules and the font stack of printed documents."""
    return _font_css(str(font_dir()))[0]


def font_stack() -> str:
    return _font_css(str(font_dir()))[1]
