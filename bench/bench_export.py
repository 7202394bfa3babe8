"""Benchmark: exports of a 1,000-article regulation and a 300-row cuadro comparativo.

Imports a generated 1,000-article regulation (``bench/generate.py``) into a throw-away SQLite
database and measures, on one core, ``ExportService.consolidated`` to .docx, .pdf (Qt, no
LibreOffice), .html and .txt (loading the version, building the document, rendering), then
drafts a project that edits enough articles for a cuadro comparativo of about 300 rows and
measures the cuadro to .docx and .pdf, and the publication package (.docx + .pdf + .html +
.txt + manifest) of the regulation. The issue's targets: .docx ≤ 3 s, .pdf ≤ 5 s, cuadro
≤ 3 s. Prints the figures and rewrites the "Exportaciones" section of docs/benchmarks.md.

Usage: ``.venv/bin/python bench/bench_export.py [--articles 1000] [--runs 3] [--no-write]``
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from generate import generate_regulation  # noqa: E402

import report  # noqa: E402
from reglamentos_app.services import open_services  # noqa: E402

NAME = "bench_export"
_NEW_WORDS = ["municipal", "competente", "respectiva", "vigente", "conducente", "aplicable"]


def timed(fn, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def draft_cuadro_project(services, uri: str, rows: int, rng: random.Random) -> int:
    """A project whose cuadro has about ``rows`` rows (each edited article is one row)."""
    project = services.projects.create("Reforma sintética", [uri], promoter_office="Jurídico")
    session = services.projects.open_draft(project.id, uri)
    ed = session.editor
    articles = [a for a in ed.root.articles() if a.text and not a.text.startswith("Derogad")]
    for i, node in enumerate(rng.sample(articles, min(rows, len(articles)))):
        if i % 9 == 8:
            ed.derogate(node.pid)
        else:
            words = node.text.split(" ")
            for _ in range(max(1, len(words) // 10)):
                words[rng.randrange(len(words))] = rng.choice(_NEW_WORDS)
            ed.edit(node.pid, text=" ".join(words))
    session.save()
    return project.id


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--rows", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-write", action="store_true", help="no reescribir docs/benchmarks.md")
    args = parser.parse_args()
    report.pin_one_core()
    folder = Path(tempfile.mkdtemp(prefix="bench-export-"))
    services = open_services(f"sqlite:///{folder / 'bench.sqlite3'}", index_dir=folder / "idx")
    rng = random.Random(20261124)
    uri = services.corpus.import_text(generate_regulation(rng, 1, args.articles),
                                      "sintetico.txt").uri
    exports = services.exports
    exports.consolidated(uri, "pdf")  # warm-up: Qt start-up and font loading are paid once

    rows = []
    for fmt, target in (("docx", 3.0), ("pdf", 5.0), ("html", None), ("txt", None)):
        seconds, data = timed(lambda f=fmt: exports.consolidated(uri, f), args.runs)
        goal = f" (meta ≤ {target:.0f} s)" if target else ""
        rows.append((f"Texto vigente .{fmt}", f"{args.articles:,} artículos; "
                     f"{len(data) / 1e3:,.0f} KB{goal}", f"**{seconds:.2f} s**"))
    project = draft_cuadro_project(services, uri, args.rows, rng)
    table_rows = len(exports.cuadro_document(project).blocks[-1].rows)
    for fmt in ("docx", "pdf"):
        seconds, data = timed(lambda f=fmt: exports.cuadro(project, f), args.runs)
        goal = " (meta ≤ 3 s)" if fmt == "docx" else ""
        rows.append((f"Cuadro comparativo .{fmt}", f"{table_rows} filas; "
                     f"{len(data) / 1e3:,.0f} KB{goal}", f"**{seconds:.2f} s**"))
    count = iter(range(1_000_000))
    seconds, result = timed(lambda: exports.package(uri, folder / f"paquete-{next(count)}.zip"),
                            args.runs)
    size = result.path.stat().st_size
    rows.append(("Paquete de publicación .zip", f"4 formatos + manifiesto; {size / 1e3:,.0f} KB",
                 f"**{seconds:.2f} s**"))
    services.close()

    table = report.table(["Medición", "Datos", "Tiempo"], rows)
    machine = (f"Python {platform.python_version()}, {platform.machine()}, 1 núcleo (afinidad "
               f"fijada). Reglamento generado de {args.articles:,} artículos; SQLite; mediana de "
               f"{args.runs} corridas; el tiempo incluye leer la versión de la base de datos.")
    body = report.section(NAME, [machine, "", *table])
    print(body)
    if not args.no_write:
        report.write_section(
            NAME, body, "Exportaciones",
            "`bench/bench_export.py` exporta el texto vigente de un reglamento generado en cada "
            "formato (el PDF con Qt, sin LibreOffice), el cuadro comparativo de un proyecto que "
            "reforma unos 300 artículos y el paquete de publicación.")


if __name__ == "__main__":
    main()
