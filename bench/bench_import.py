"""Benchmark: plain-text parsing speed and import into SQLite (issue 2 targets).

Measures, on one core:
* parsing the bundled sample corpus and a generated 20,000-article corpus (MB/s; target ≥ 2);
* importing the generated corpus into a fresh SQLite database (target ≤ 15 s).
Prints the figures and rewrites the "Importación" section of docs/benchmarks.md.

Usage: ``.venv/bin/python bench/bench_import.py [--articles 20000] [--no-write]``
"""

from __future__ import annotations

import argparse
import platform
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from generate import generate_corpus  # noqa: E402

import report  # noqa: E402
from reglamentos_app.services import open_services  # noqa: E402
from reglamentos_app.sources import parse_text  # noqa: E402

NAME = "bench_import"


def best_of(runs: int, fn) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def parse_rate(texts: list[str], runs: int) -> tuple[float, float, int]:
    size = sum(len(t.encode("utf-8")) for t in texts)
    seconds = best_of(runs, lambda: [parse_text(t) for t in texts])
    articles = sum(sum(1 for _ in parse_text(t).root.articles()) for t in texts)
    return size / 1e6 / seconds, seconds, articles


def import_time(files: list[tuple[str, str]]) -> tuple[float, int]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        for name, text in files:
            (folder / name).write_text(text, encoding="utf-8")
        services = open_services(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}")
        start = time.perf_counter()
        outcomes = services.corpus.import_paths([folder])
        seconds = time.perf_counter() - start
        services.close()
    return seconds, sum(o.articles for o in outcomes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-write", action="store_true", help="no reescribir docs/benchmarks.md")
    args = parser.parse_args()
    report.pin_one_core()

    sample = [p.read_text(encoding="utf-8") for p in sorted((REPO / "corpus").glob("*.txt"))]
    s_rate, s_secs, s_arts = parse_rate(sample, args.runs)
    files = generate_corpus(args.articles)
    g_texts = [t for _, t in files]
    g_rate, g_secs, g_arts = parse_rate(g_texts, args.runs)
    g_size = sum(len(t.encode("utf-8")) for t in g_texts) / 1e6
    i_secs, i_arts = import_time(files)
    s_size = sum(len(t.encode("utf-8")) for t in sample) / 1e6
    # Import of the sample corpus (what a user waits for on first run).
    with tempfile.TemporaryDirectory() as tmp:
        services = open_services(f"sqlite:///{Path(tmp) / 'sample.sqlite3'}")
        start = time.perf_counter()
        services.corpus.import_paths([REPO / "corpus"])
        c_secs = time.perf_counter() - start
        services.close()

    rows = [
        ("Análisis del corpus de muestra", f"{len(sample)} archivos, {s_size:.2f} MB, {s_arts} artículos",
         f"{s_secs:.3f} s", f"**{s_rate:.1f} MB/s**", "≥ 2 MB/s"),
        ("Análisis del corpus generado", f"{len(files)} archivos, {g_size:.1f} MB, {g_arts} artículos",
         f"{g_secs:.2f} s", f"**{g_rate:.1f} MB/s**", "≥ 2 MB/s"),
        ("Importación del corpus generado a SQLite", f"{i_arts} artículos",
         f"**{i_secs:.2f} s**", f"{i_arts / i_secs:,.0f} artículos/s", "≤ 15 s"),
        ("Importación del corpus de muestra a SQLite (primer arranque)", f"{len(sample)} archivos",
         f"**{c_secs:.2f} s**", "", ""),
    ]
    table = report.table(["Medición", "Datos", "Tiempo", "Rendimiento", "Meta"], rows)
    machine = (f"Python {platform.python_version()}, {platform.machine()}, 1 núcleo "
               f"(afinidad fijada), mejor de {args.runs} corridas para el análisis.")
    body = report.section(NAME, [machine, "", *table])
    print(body)
    if not args.no_write:
        report.write_section(NAME, body, 'Importación y análisis de texto',
                             '`bench/bench_import.py` mide el análisis del texto plano (un solo núcleo) del corpus de muestra y de un corpus generado, y su importación a SQLite.')



if __name__ == "__main__":
    main()
