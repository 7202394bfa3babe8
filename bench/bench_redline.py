"""Benchmark: the Word redline of a 1,000-article reform project, written and read back.

Imports a generated 1,000-article regulation (``bench/generate.py``) into a throw-away SQLite
database, drafts a project that edits 5 % of its articles (words changed, a new Bis article
every tenth edit, a derogation every seventh) and measures, on one core:
* writing the redline .docx (compare base and draft, word segments, Word revisions, atomic
  write) — ``RedlineService.export``;
* reading back the returned file with every revision accepted (safe ZIP/XML reading, mapping
  paragraphs to provisions, matching each revision, rebuilding the draft) —
  ``RedlineService.read``; and the same with half of the paragraphs rejected.
Prints the figures and rewrites the "Redline para Word" section of docs/benchmarks.md.

Usage: ``.venv/bin/python bench/bench_redline.py [--articles 1000] [--runs 5] [--no-write]``
"""

from __future__ import annotations

import argparse
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from generate import generate_regulation  # noqa: E402

import report  # noqa: E402
from reglamentos_app.services import open_services  # noqa: E402
from tests.exports.test_redline_wordsim import decide, everything  # noqa: E402

NAME = "bench_redline"
_NEW_WORDS = ["municipal", "competente", "respectiva", "vigente", "conducente", "aplicable"]


def draft_project(services, uri: str, share: float, rng: random.Random) -> tuple[int, int]:
    project = services.projects.create("Reforma sintética", [uri], promoter_office="Jurídico")
    session = services.projects.open_draft(project.id, uri)
    ed = session.editor
    articles = list(ed.root.articles())
    chosen = rng.sample(articles, max(1, int(len(articles) * share)))
    for i, node in enumerate(chosen):
        if i % 7 == 6:
            ed.derogate(node.pid)
        elif i % 10 == 9:
            ed.insert_after(node.pid, text="Los particulares observarán este Reglamento.")
        else:
            words = node.text.split(" ")
            for _ in range(max(1, len(words) // 8)):
                words[rng.randrange(len(words))] = rng.choice(_NEW_WORDS)
            ed.edit(node.pid, text=" ".join(words))
    session.save()
    return project.id, len(chosen)


def timed(fn, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--share", type=float, default=0.05)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-write", action="store_true", help="no reescribir docs/benchmarks.md")
    args = parser.parse_args()
    report.pin_one_core()
    folder = Path(tempfile.mkdtemp(prefix="bench-redline-"))
    services = open_services(f"sqlite:///{folder / 'bench.sqlite3'}", index_dir=folder / "idx")
    rng = random.Random(20261124)
    text = generate_regulation(rng, 1, args.articles)
    uri = services.corpus.import_text(text, "sintetico.txt").uri
    pid, edited = draft_project(services, uri, args.share, rng)

    out = folder / "redline.docx"
    write = timed(lambda: services.redline.export(pid, out), args.runs)
    info = services.redline.export(pid, out)
    data = out.read_bytes()
    accepted = folder / "aceptado.docx"
    accepted.write_bytes(decide(data, everything("accept")))
    flip = {}
    mixed = folder / "mixto.docx"
    mixed.write_bytes(decide(data, lambda _r, t: flip.setdefault(t, "reject" if len(flip) % 2
                                                                   else "accept")))
    read_all = timed(lambda: services.redline.read(pid, accepted), args.runs)
    plan = services.redline.read(pid, mixed)
    read_mixed = timed(lambda: services.redline.read(pid, mixed), args.runs)
    services.close()

    totals = plan.totals()
    rows = [
        ("Escribir el redline .docx", f"{edited} artículos editados; {info.revisions} "
         f"revisiones en {info.provisions_changed} disposiciones; {len(data) / 1e3:,.0f} KB",
         f"**{statistics.median(write):.2f} s**"),
        ("Leer el redline devuelto, todo aceptado", "mapeo por marcadores, revisiones "
         "emparejadas y borrador reconstruido", f"**{statistics.median(read_all):.2f} s**"),
        ("Leer el redline devuelto, mitad de los párrafos rechazados",
         f"{totals['aceptados']} aceptados, {totals['rechazados']} rechazados",
         f"**{statistics.median(read_mixed):.2f} s**"),
    ]
    table = report.table(["Medición", "Datos", "Tiempo"], rows)
    machine = (f"Python {platform.python_version()}, {platform.machine()}, 1 núcleo (afinidad "
               f"fijada). Reglamento generado de {args.articles:,} artículos, "
               f"{args.share:.0%} editados; SQLite; mediana de {args.runs} corridas.")
    body = report.section(NAME, [machine, "", *table])
    print(body)
    if not args.no_write:
        report.write_section(
            NAME, body, "Redline para Word",
            "`bench/bench_redline.py` escribe el redline (revisiones de Word con autor y fecha) "
            "de un proyecto que reforma un reglamento generado y lo vuelve a leer como si la "
            "Sindicatura lo devolviera con los cambios aceptados o rechazados (las decisiones de "
            "Word se simulan sobre el XML).")


if __name__ == "__main__":
    main()
