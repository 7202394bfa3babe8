"""Benchmark: the procedure's screens with many projects (board, notices, a project's panel).

Builds a throw-away SQLite database with one regulation and N reform projects (default 300):
a third stay in Borrador, a third go to the Sindicatura (every other one with an observation),
a third are presented before the Secretaría. Then measures, median of several runs:
* ``WorkflowService.board()`` and drawing it in the board tab (``BoardPanel.set_rows``);
* ``WorkflowService.notices()`` for the Sindicatura and for the drafter (the periodic check
  of the status-bar badge runs this every minute on the database thread);
* what the "Trámite" tab loads for one project (definition, view, timeline, observations).
Prints the figures and rewrites the "Trámite en la GUI" section of docs/benchmarks.md.

Usage: ``QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_workflow_gui.py
[--projects 300] [--runs 5] [--no-write]``
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

import report  # noqa: E402
from PySide6 import __version__ as pyside_version  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from reglamentos_app.domain.workflow import UserProfile  # noqa: E402
from reglamentos_app.services import open_services  # noqa: E402
from reglamentos_app.ui.workflow.board import BoardPanel  # noqa: E402
from tests.fixtures_text import SMALL  # noqa: E402

DRAFTER = UserProfile("Lic. Ana Ruiz", "Consejería Jurídica", "redactor")
TRUSTEE = UserProfile("Lic. Pedro Soto", "Sindicatura Municipal", "sindicatura")


def median_ms(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def build(services, count: int) -> int:
    uri = services.corpus.import_text(SMALL, "prueba.txt").uri
    wf = services.workflow
    sample = 0
    for i in range(count):
        project = services.projects.create(f"Reforma {i + 1}", [uri],
                                           promoter_office="Consejería Jurídica")
        if i % 3 == 0:
            continue
        wf.advance(project.id, "submit_to_trustee", DRAFTER)
        if i % 3 == 1 and i % 2 == 1:
            node = next(services.projects.get(project.id).target(uri).draft.articles())
            wf.observe(project.id, uri, node.pid, "Precise la redacción.", TRUSTEE)
            sample = project.id
        if i % 3 == 2:
            wf.advance(project.id, "file", DRAFTER, {"folio": f"F-{i}",
                                                     "filing_date": "2025-03-01"})
    return sample


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", type=int, default=300)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        os.environ["REGLAMENTOS_HOME"] = folder
        services = open_services(f"sqlite:///{folder}/bench.sqlite3")
        try:
            start = time.perf_counter()
            sample = build(services, args.projects)
            built = time.perf_counter() - start
            wf = services.workflow
            definition, rows = wf.definition(), wf.board()
            panel = BoardPanel()
            figures = [
                ("Tablero: `board()`", median_ms(wf.board, args.runs)),
                ("Tablero: dibujar la pestaña", median_ms(
                    lambda: panel.set_rows(definition, rows, "sindicatura"), args.runs)),
                ("Avisos de la Sindicatura: `notices()`", median_ms(
                    lambda: wf.notices(TRUSTEE), args.runs)),
                ("Avisos del redactor: `notices()`", median_ms(
                    lambda: wf.notices(DRAFTER), args.runs)),
                ("Pestaña «Trámite» de un proyecto (vista, historial, observaciones)", median_ms(
                    lambda: (wf.definition(), wf.view(sample, TRUSTEE), wf.timeline(sample),
                             wf.observations(sample)), args.runs)),
            ]
        finally:
            services.close()
    app.processEvents()
    print(f"{args.projects} proyectos preparados en {built:.1f} s")
    for label, ms in figures:
        print(f"{label}: {ms:.0f} ms")
    if args.no_write:
        return
    lines = [f"{args.projects} proyectos sobre un reglamento (un tercio en Borrador, un tercio "
             "con la Sindicatura —la mitad con una observación—, un tercio presentados), SQLite, "
             f"mediana de {args.runs} corridas, {platform.python_implementation()} "
             f"{platform.python_version()}, PySide6 {pyside_version}:", "",
             "| Medición | Resultado |", "|---|---|"]
    lines += [f"| {label} | {ms:.0f} ms |" for label, ms in figures]
    report.write_section("bench_workflow_gui", report.section("bench_workflow_gui", lines),
                         "Trámite en la GUI (`bench/bench_workflow_gui.py`)",
                         "Lo que leen el tablero, los avisos (cada minuto) y la pestaña "
                         "«Trámite».")


if __name__ == "__main__":
    main()
