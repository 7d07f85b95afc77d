"""The award decision with 10, 500 and 2,000 awardees through the document pipeline, beside a
bare WeasyPrint render of the same HTML and stylesheet (a bench/run module).

On the generated-size database, inside a transaction rolled back at the end, it makes draft
decisions of exactly those sizes from the generated decisions' lines. The pipeline is what the
worker does for a render job: documents.services.render_document(kind="decision") — load the
decision, build its data from the database, normalise and hash it, render the print template,
WeasyPrint with the engine's kept font set-up, count the pages, store the file and its row (the
stored row and file are removed between rounds, untimed, so each round renders). The floor is
bench/documents.py's floor A: the very HTML the pipeline printed, through HTML(string=…)
.write_pdf() with the print stylesheet and a font CSS naming the same Tinos faces as TrueType
files, with a fresh FontConfiguration — the same pages and fonts. Rounds alternate the order.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = (10, 500, 2000)


def measure(rounds: int) -> dict:
    from django.db import transaction

    from bench.documents import bare, floor_font_css, shape
    from decisions.documents import current_decision_data
    from decisions.enums import DecisionStatus
    from decisions.models import Decision, DecisionLine
    from documents.models import RenderedDocument
    from documents.rendering import normalise_data, render_html
    from documents.services import render_document

    out: dict = {}
    with transaction.atomic():
        source = Decision.objects.filter(status=DecisionStatus.SUBMITTED).order_by("pk").first()
        lines = list(
            DecisionLine.objects.filter(decision__status=DecisionStatus.SUBMITTED)
            .order_by("decision", "order")
            .values_list("pk", flat=True)[: sum(SIZES)]
        )
        if len(lines) < sum(SIZES):
            raise SystemExit(f"only {len(lines)} decision lines: generate more data")
        made, start = {}, 0
        for size in SIZES:
            decision = Decision.objects.get(pk=source.pk)
            decision.pk = None
            decision.id = None
            decision.status = DecisionStatus.DRAFT
            decision.title = f"Về việc tặng Giấy khen ({size} tập thể, cá nhân)"
            decision.save()
            DecisionLine.objects.filter(pk__in=lines[start : start + size]).update(
                decision=decision
            )
            start += size
            made[size] = decision
        with tempfile.TemporaryDirectory(prefix="thidua-ttf-") as tmp:
            floor_css, _decode = floor_font_css(Path(tmp))
            for size, decision in made.items():
                data = normalise_data(current_decision_data(decision))
                html = render_html(template_name="pdf/decision.html", data=data)

                def pipeline(decision=decision):
                    return render_document(kind="decision", object_id=decision.pk)

                def drop(decision=decision):
                    for doc in RenderedDocument.objects.filter(
                        kind="decision", object_id=str(decision.pk)
                    ):
                        doc.file.delete(save=False)
                        doc.delete()

                doc = pipeline()
                pages = doc.page_count
                with doc.file.open("rb") as fh:
                    engine_shape = shape(fh.read())
                same = shape(bare(html, floor_css)) == engine_shape
                drop()
                times: dict[str, list[float]] = {"pipeline": [], "floor": []}
                for i in range(rounds):
                    order = ["pipeline", "floor"] if i % 2 == 0 else ["floor", "pipeline"]
                    for label in order:
                        t0 = time.perf_counter()
                        if label == "pipeline":
                            pipeline()
                        else:
                            bare(html, floor_css)
                        times[label].append(time.perf_counter() - t0)
                        if label == "pipeline":
                            drop()
                out[str(size)] = {
                    "pages": pages,
                    "same": same,
                    "html": len(html),
                    "pipeline": statistics.median(times["pipeline"]),
                    "floor": statistics.median(times["floor"]),
                    "pipeline_max": max(times["pipeline"]),
                    "floor_max": max(times["floor"]),
                }
        transaction.set_rollback(True)
    return out


def figures(ctx) -> Iterable[str]:
    with tempfile.TemporaryDirectory(prefix="thidua-bench-media-") as media:
        env = {
            **os.environ,
            "DATABASE_URL": ctx.large_url,
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "PYTHONPATH": str(ROOT),
            "MEDIA_ROOT": media,
            "REDIS_URL": "",
            "LOG_LEVEL": "WARNING",
        }
        proc = subprocess.run(
            [sys.executable, "-m", "bench.decision_documents", str(ctx.doc_rounds)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
    if proc.returncode != 0:
        raise SystemExit(f"bench.decision_documents failed:\n{proc.stderr[-3000:]}")
    found = json.loads(proc.stdout.strip().splitlines()[-1])
    yield (
        f"documents: award decision through the render pipeline (render_document) beside bare "
        f"WeasyPrint on the same HTML + print stylesheet + Tinos TrueType, median of "
        f"{ctx.doc_rounds} interleaved rounds, one process"
    )
    for size, r in found.items():
        yield (
            f"decision {int(size):5d} awardees  {r['pages']:3d} pages  pipeline "
            f"{r['pipeline']:6.2f} s  bare WeasyPrint {r['floor']:6.2f} s  ratio "
            f"{r['pipeline'] / r['floor']:.2f}  (same pages and fonts: "
            f"{'yes' if r['same'] else 'NO'})"
        )
    over = [s for s, r in found.items() if r["pipeline"] / r["floor"] > 1.2]
    yield f"target: pipeline ≤ 1.20 × bare — over: {', '.join(over) or 'none'}"


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    print(json.dumps(measure(int(sys.argv[1]))))
