"""Benchmark: PDF text engines side by side, and importing official PDFs (extract + parse + store).

Targets: ≤ 10 s for 150 pages (issue 3), ≤ 20 s for the 450-page Ley Federal del Trabajo
(issue 14). The engines compared: pypdf, pypdfium2 (the one chosen) and ``pdftotext -layout``
(when installed).

For each PDF of ../shared/realdata/pdf (or the folder given), measures the worker-process
extraction and parsing (``load_document``) and the whole import into a fresh SQLite database
(``corpus.import_paths``: worker start, pdfium, furniture removal, parsing, storing). Prints the
figures and rewrites the "Importación de PDF" section of docs/benchmarks.md.

Usage: ``.venv/bin/python bench/bench_pdf.py [--folder RUTA] [--runs 3] [--no-write]``
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
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
from reglamentos_app.sources.formats.pdf import extract_pages  # noqa: E402

NAME = "bench_pdf"
REALDATA = Path(os.environ.get("REGLAMENTOS_REALDATA", REPO.parent / "shared" / "realdata"))


def pages_of(path: Path) -> int:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path))
    try:
        return len(document)
    finally:
        document.close()


def engine_pypdf(path: Path) -> None:
    from pypdf import PdfReader

    for page in PdfReader(str(path), strict=False).pages:
        page.extract_text()


def engine_pdfium(path: Path) -> None:
    extract_pages(path)  # the importer's engine, paragraph gaps included


def engine_pdftotext(path: Path) -> None:
    subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True)


ENGINES = {"pypdf": engine_pypdf, "pypdfium2 (elegido)": engine_pdfium,
           "pdftotext -layout": engine_pdftotext}


def time_engine(engine, path: Path, runs: int) -> str:
    if engine is engine_pdftotext and shutil.which("pdftotext") is None:
        return "no instalado"
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        engine(path)
        best = min(best, time.perf_counter() - start)
    return f"{best:.2f} s"


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
    engines = ["| Archivo | Páginas | " + " | ".join(ENGINES) + " |",
               "|---|---|" + "---|" * len(ENGINES)]
    table = ["| Archivo | Páginas | Artículos | Extracción + análisis | Importación completa | Meta |",
             "|---|---|---|---|---|---|"]
    for path in files:
        pages = pages_of(path)
        times = [time_engine(engine, path, args.runs) for engine in ENGINES.values()]
        engines.append(f"| {path.name} | {pages} | " + " | ".join(times) + " |")
        load_s, store_s, articles = measure(path, args.runs)
        goal = "≤ 20 s (450 págs.)" if pages >= 300 else "≤ 10 s (150 págs.)" if pages >= 100 else ""
        table.append(f"| {path.name} | {pages} | {articles} | {load_s:.2f} s | **{store_s:.2f} s** | "
                     f"{goal} |")
        print(engines[-1], table[-1], sep="\n", flush=True)
    machine = (f"Python {platform.python_version()}, {platform.machine()}, "
               f"{os.cpu_count()} núcleos compartidos con otros procesos (máquina ocupada), mejor "
               f"de {args.runs} corridas. Cada archivo se lee en un proceso aparte con límites "
               "(arranque del proceso incluido).")
    body = report.section(NAME, [
        machine, "", "Motor de extracción de texto (solo extracción, mismo proceso):", "",
        *engines, "",
        "Se eligió pypdfium2: unas 25 veces más rápido que pypdf, se instala con pip como rueda "
        "(sin paquete del sistema, a diferencia de pdftotext/poppler) y da la posición de cada "
        "línea, con la que se recuperan los saltos de párrafo.", "",
        "Importación con el motor elegido:", "", *table])
    print(body)
    if not args.no_write:
        report.write_section(NAME, body, 'Importación de PDF oficiales',
                             '`bench/bench_pdf.py` compara los motores de extracción (pypdf, pypdfium2, `pdftotext -layout`) en los PDF oficiales de `../shared/realdata/pdf` e importa cada uno (extracción con pypdfium2 en el proceso limitado, limpieza de encabezados, análisis y guardado en SQLite).')


if __name__ == "__main__":
    main()
