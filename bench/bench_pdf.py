"""Benchmark: importing official PDFs (extract + parse + store), issue 3 target ≤ 10 s / 150 pages.

For each PDF of ../shared/realdata/pdf (or the folder given), measures the worker-process
extraction and parsing (``load_document``) and the whole import into a fresh SQLite database
(``corpus.import_paths``: worker start, pypdf, furniture removal, parsing, storing). Prints the
figures and rewrites the "Importación de PDF" section of docs/benchmarks.md.

Usage: ``.venv/bin/python bench/bench_pdf.py [--folder RUTA] [--runs 3] [--no-write]``
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

import report  # noqa: E402
from reglamentos_app.services import open_services  # noqa: E402
from reglamentos_app.sources import load_document  # noqa: E402

NAME = "bench_pdf"
REALDATA = Path(os.environ.get("REGLAMENTOS_REALDATA", REPO.parent / "shared" / "realdata"))


def pages_of(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(str(path)).pages)


def measure(path: Path, runs: int) -> tuple[float, float, int]:
    load_best = store_best = float("inf")
    articles = 0
    for _ in range(runs):
        start = time.perf_counter()
        loaded = load_document(path)
        load_best = min(load_best, time.perf_counter() - start)
        articles = sum(1 for _ in loaded.doc.root.articles())
        with tempfile.TemporaryDirectory() as tmp:
            services = open_services(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}")
            start = time.perf_counter()
            outcome = services.corpus.import_paths([path])[0]
            store_best = min(store_best, time.perf_counter() - start)
            services.close()
            assert outcome.message == "" or outcome.status.value != "failed", outcome.message
    return load_best, store_best, articles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, default=REALDATA / "pdf")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-write", action="store_true", help="no reescribir docs/benchmarks.md")
    args = parser.parse_args()
    files = sorted(args.folder.glob("*.pdf"), key=pages_of)
    if not files:
        sys.exit(f"No hay PDF en {args.folder}")
    table = ["| Archivo | Páginas | Artículos | Extracción + análisis | Importación completa | Meta |",
             "|---|---|---|---|---|---|"]
    for path in files:
        pages = pages_of(path)
        load_s, store_s, articles = measure(path, args.runs)
        goal = "≤ 10 s (150 págs.)" if pages >= 100 else ""
        table.append(f"| {path.name} | {pages} | {articles} | {load_s:.2f} s | **{store_s:.2f} s** | "
                     f"{goal} |")
    machine = (f"Python {platform.python_version()}, {platform.machine()}, "
               f"{os.cpu_count()} núcleos, mejor de {args.runs} corridas. Cada archivo se lee en "
               "un proceso aparte con límites (arranque del proceso incluido).")
    body = report.section(NAME, [machine, "", *table])
    print(body)
    if not args.no_write:
        report.write_section(NAME, body, 'Importación de PDF oficiales',
                             '`bench/bench_pdf.py` importa los PDF oficiales de `../shared/realdata/pdf` (extracción con pypdf en el proceso limitado, limpieza de encabezados, análisis y guardado en SQLite).')



if __name__ == "__main__":
    main()
