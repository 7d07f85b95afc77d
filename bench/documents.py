"""How long the document engine takes to render the seed plan, beside bare WeasyPrint.

    python bench/documents.py [--rounds 21] [--warmup 2] [--no-reference]

Builds the demo authority and the seed plan (organizations.demo, campaigns.demo: the Ba Tơ plan
of April 2024) in a throwaway SQLite database, then times in one process, interleaved
(after a warm-up, N rounds in alternating order), median and p95:

- engine: documents.rendering.render_pdf(template_name="pdf/plan.html", data=<the plan's data>):
  the print template rendered to HTML, then WeasyPrint with the print stylesheet and the
  engine's font CSS (Tinos from npm @fontsource/tinos, decoded once to TrueType), through the
  font configuration and parsed stylesheets the engine keeps per worker thread.
- floor A, the same PDF: HTML(string=<the very HTML the engine made>).write_pdf(stylesheets=
  [print stylesheet, a font CSS of its own naming the same twelve Tinos faces as TrueType files
  this script decoded itself]) with a fresh FontConfiguration, as a plain WeasyPrint call does:
  the same pages and embedded fonts (checked below).
- floor B, fonts fontconfig already has: the same HTML and print stylesheet with a font CSS
  naming the system's Liberation Serif (no @font-face at all): the least WeasyPrint can do on
  this document, same metrics and pages, another font program.
- for reference: floor A's call with the npm WOFF2 files themselves, decoded on every render
  (what the engine did before).

The budget: engine median ≤ 1.20 × the lower of the two floor medians. Figures only: nothing
here is a test.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

BUDGET = 1.20


def setup(tmp: Path) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "thidua.settings",
            "DATABASE_URL": f"sqlite:///{tmp / 'bench.sqlite3'}",
            "REDIS_URL": "",
            "MEDIA_ROOT": str(tmp / "media"),
            "DOCUMENTS_RENDER_ON_ISSUE": "false",
            "EMAIL_URL": "memorymail://",
            "LOG_LEVEL": "WARNING",
        }
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def seed_plan() -> dict:
    from campaigns import demo as campaign_demo
    from campaigns.documents import current_plan_data
    from campaigns.models import Campaign
    from organizations import demo as org_demo

    org_demo.load()
    campaign_demo.load()
    return current_plan_data(Campaign.objects.get(title=campaign_demo.TITLE))


def font_css(faces: list[tuple[str, str, str, Path, str]]) -> str:
    """@font-face rules for (subset, weight, style, file, format), with the engine's family names
    (one per subset) and font stack."""
    from documents import fonts

    rules = [
        f'@font-face {{ font-family: "{fonts.family_name(subset)}"; font-weight: {weight}; '
        f'font-style: {style}; src: url("{path.as_uri()}") format("{fmt}"); }}'
        for subset, weight, style, path, fmt in faces
    ]
    stack = ", ".join(f'"{fonts.family_name(s)}"' for s in fonts.SUBSETS) + ', "Liberation Serif"'
    rules.append(f":root {{ --document-font: {stack}; }}")
    rules.append(f"html, body, table, td, th {{ font-family: {stack}; }}")
    rules.append("@page { @top-center { font-family: " + stack + "; } }")
    return "\n".join(rules)


def npm_faces() -> list[tuple[str, str, str, Path]]:
    from documents import fonts

    return [
        (subset, weight, style, fonts.font_dir() / f"tinos-{subset}-{suffix}.woff2")
        for subset in fonts.SUBSETS
        for weight, style, suffix in fonts.FACES
    ]


def floor_font_css(directory: Path) -> tuple[str, float]:
    """The floor's font CSS: the npm WOFF2 files decoded to TrueType here, with fontTools
    directly (not through the engine's code); and how long the decoding took."""
    from fontTools.ttLib import woff2

    faces = []
    started = time.perf_counter()
    for subset, weight, style, source in npm_faces():
        target = directory / f"{source.stem}.ttf"
        with source.open("rb") as src, target.open("wb") as out:
            woff2.decompress(src, out)
        faces.append((subset, weight, style, target, "truetype"))
    return font_css(faces), time.perf_counter() - started


SYSTEM_CSS = (
    ':root { --document-font: "Liberation Serif", serif; } '
    'html, body, table, td, th { font-family: "Liberation Serif", serif; } '
    '@page { @top-center { font-family: "Liberation Serif", serif; } }'
)


def bare(html: str, font_css: str) -> bytes:
    """Plain WeasyPrint: the HTML string, the print stylesheet and a font CSS."""
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


def shape(pdf: bytes) -> tuple[int, tuple[str, ...]]:
    """(pages, embedded font names without the subset tag) of a PDF."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    names = set()
    for page in reader.pages:
        for ref in (page.get("/Resources") or {}).get("/Font", {}).values():
            names.add(str(ref.get_object()["/BaseFont"]).split("+", 1)[-1])
    return len(reader.pages), tuple(sorted(names))


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=21)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--no-reference", action="store_true", help="engine and floor only")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="thidua-bench-") as name:
        tmp = Path(name)
        setup(tmp)
        from documents.rendering import render_html, render_pdf

        data = seed_plan()
        html = render_html(template_name="pdf/plan.html", data=data)
        (tmp / "ttf").mkdir()
        floor_css, decode = floor_font_css(tmp / "ttf")
        engine_label, floor_a, floor_b = (
            "engine",
            "floor A: same PDF (Tinos TrueType)",
            "floor B: system Liberation Serif",
        )
        cases = {
            engine_label: lambda: render_pdf(template_name="pdf/plan.html", data=data),
            floor_a: lambda: bare(html, floor_css),
            floor_b: lambda: bare(html, SYSTEM_CSS),
        }
        if not args.no_reference:
            woff2_css = font_css([(*face, "woff2") for face in npm_faces()])
            cases["ref: WOFF2 decoded every render"] = lambda: bare(html, woff2_css)

        started = time.perf_counter()
        outputs = {engine_label: cases[engine_label]()}
        first = time.perf_counter() - started
        outputs.update({label: run() for label, run in cases.items() if label != engine_label})
        for _ in range(args.warmup - 1):
            for run in cases.values():
                run()
        times: dict[str, list[float]] = {label: [] for label in cases}
        order = list(cases)
        for i in range(args.rounds):
            for label in order if i % 2 == 0 else reversed(order):
                started = time.perf_counter()
                cases[label]()
                times[label].append(time.perf_counter() - started)

        pages, fonts = shape(outputs[engine_label])
        same = shape(outputs[floor_a]) == (pages, fonts)
        print(f"Seed plan (pdf/plan.html): {pages} pages, {len(html):,} characters of HTML")
        print(f"Embedded fonts: {', '.join(fonts)}")
        print(
            f"Engine and floor A make the same pages and embedded fonts: {'yes' if same else 'NO'}"
        )
        print(f"Floor B pages: {shape(outputs[floor_b])[0]}")
        print(f"One-time WOFF2 → TrueType decode of the 12 Tinos faces: {decode:.2f} s")
        print(
            f"Engine's first render in this process (WeasyPrint import, font set-up): {first:.2f} s"
        )
        print(
            f"{args.warmup} warm-up round(s), then {args.rounds} interleaved rounds "
            "(order alternating):"
        )
        print(f"  {'':36} {'median':>9} {'p95':>9}")
        medians = {label: statistics.median(values) for label, values in times.items()}
        for label, values in times.items():
            print(f"  {label:36} {medians[label] * 1000:7.0f} ms {p95(values) * 1000:6.0f} ms")
        print(
            "Floors: the engine's own HTML and print stylesheet through bare WeasyPrint with a "
            "fresh font configuration; A with the same Tinos faces as TrueType files (the same "
            "PDF), B with fonts fontconfig already has (no @font-face: the least WeasyPrint does)."
        )
        for label in (floor_a, floor_b):
            paired = statistics.median(
                e / f for e, f in zip(times[engine_label], times[label], strict=True)
            )
            print(
                f"Ratio engine / {label.split(':')[0]}: {medians[engine_label] / medians[label]:.2f}"
                f"  (median of per-round ratios {paired:.2f})"
            )
        lower = min((floor_a, floor_b), key=medians.get)
        ratio = medians[engine_label] / medians[lower]
        verdict = "met" if ratio <= BUDGET else "NOT MET"
        print(
            f"Budget: engine ≤ {BUDGET:.2f} × the lower floor ({lower.split(':')[0]}, "
            f"{medians[lower] * 1000:.0f} ms): {ratio:.2f}, {verdict}"
        )


if __name__ == "__main__":
    main()
