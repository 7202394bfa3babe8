"""Benchmark: aligning two versions of a 1,000-article regulation, word diffs and operations.

Generates a 1,000-article regulation (``bench/generate.py``, ≈ 800 KB), edits 5 % of its
articles (words changed in the article or in a fracción, fracciones added and removed,
derogations, new Bis articles, articles rewritten) and measures, on one core:
* align + word diff of every changed pair, for a draft made from the base (shared permanent
  ids, as a reform project) and for the same draft read from a file (no ids in common: numbers
  and similarity do the work) — target ≤ 150 ms;
* re-diffing one edited article (its alignment and the word diffs of its units), median and
  95th percentile — target ≤ 2 ms;
* deriving the reform operations from the alignment.
Prints the figures and rewrites the "Comparación" section of docs/benchmarks.md.

Usage: ``.venv/bin/python bench/bench_diff.py [--articles 1000] [--runs 15] [--no-write]``
"""

from __future__ import annotations

import argparse
import copy
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from generate import generate_regulation  # noqa: E402

import report  # noqa: E402
from reglamentos_app.diffing import align_trees, changed_ratio, word_diff  # noqa: E402
from reglamentos_app.domain.changes import Alignment, RowKind, own_text  # noqa: E402
from reglamentos_app.domain.numbering import int_to_roman  # noqa: E402
from reglamentos_app.domain.operations import derive_operations  # noqa: E402
from reglamentos_app.domain.provisions import (  # noqa: E402
    Provision, ProvisionKind, ProvisionStatus, assign_eids, ensure_pids,
)
from reglamentos_app.sources import parse_text  # noqa: E402
from reglamentos_app.sources.text.unparse import unparse_tree  # noqa: E402

NAME = "bench_diff"
URI = "/mx-bc-mxl/reglamento/2002/sintetico"
_NEW_WORDS = ["municipal", "competente", "respectiva", "vigente", "conducente", "aplicable"]


def _reword(rng: random.Random, text: str, share: float = 0.12) -> str:
    words = text.split(" ")
    for _ in range(max(1, int(len(words) * share))):
        words[rng.randrange(len(words))] = rng.choice(_NEW_WORDS)
    return " ".join(words)


def _parents(root: Provision) -> dict[int, Provision]:
    return {id(c): n for n in root.walk() for c in n.children}


def edit_articles(base: Provision, share: float,
                  seed: int = 7) -> tuple[Provision, list[Provision]]:
    """A draft with ``share`` of the articles edited in assorted ways; also the edited ones."""
    rng = random.Random(seed)
    draft = copy.deepcopy(base)
    parents = _parents(draft)
    articles = [a for a in draft.articles() if a.status is ProvisionStatus.IN_FORCE]
    edited = rng.sample(articles, int(len(list(draft.articles())) * share))
    for article in edited:
        clauses = [c for c in article.children if c.kind is ProvisionKind.CLAUSE]
        action = rng.random()
        if action < 0.45:
            unit = rng.choice([article, *clauses])
            unit.text = _reword(rng, unit.text)
        elif action < 0.6 and clauses:
            article.children.insert(article.children.index(clauses[-1]) + 1, Provision(
                ProvisionKind.CLAUSE, num=int_to_roman(len(clauses) + 1),
                text="La Tesorería Municipal vigilará el cumplimiento de estas disposiciones."))
        elif action < 0.7 and len(clauses) > 2:
            article.children.remove(clauses[1])
        elif action < 0.8:
            article.status, article.text = ProvisionStatus.REPEALED, "Derogado."
            article.children = []
        elif action < 0.9:
            siblings = parents[id(article)].children
            siblings.insert(siblings.index(article) + 1, Provision(
                ProvisionKind.ARTICLE, num=f"{article.num} Bis",
                text="Los particulares podrán solicitar la revisión de las resoluciones."))
        else:
            article.text = _reword(rng, article.text, 0.6)
            for clause in clauses:
                clause.text = _reword(rng, clause.text, 0.6)
    assign_eids(draft)
    ensure_pids(draft)
    return draft, edited


def align_and_diff(base: Provision, draft: Provision) -> tuple[Alignment, int]:
    alignment = align_trees(base, draft)
    diffs = 0
    for pair in alignment.pairs:
        if pair.base is not None and pair.draft is not None and pair.kind is not RowKind.EQUAL:
            word_diff(own_text(pair.base), own_text(pair.draft))
            diffs += 1
    return alignment, diffs


def timed(fn: Callable[[], object], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def rediff_times(base: Provision, draft: Provision, edited: list[Provision]) -> list[float]:
    """Time to re-compare one edited article alone (as the views do after each edit)."""
    base_by_pid = {a.pid: a for a in base.articles()}
    out = []
    for article in edited:
        old = base_by_pid[article.pid]
        old_root = Provision(ProvisionKind.ROOT, children=[old])
        new_root = Provision(ProvisionKind.ROOT, children=[article])
        runs = timed(lambda: align_and_diff(old_root, new_root), 21)
        out.append(statistics.median(runs))
    return out


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--share", type=float, default=0.05, help="parte de artículos editados")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--no-write", action="store_true", help="no reescribir docs/benchmarks.md")
    args = parser.parse_args()
    report.pin_one_core()

    text = generate_regulation(random.Random(20261124), 1, args.articles)
    size = len(text.encode("utf-8")) / 1e3
    base = parse_text(text).root
    ensure_pids(base)
    draft, edited = edit_articles(base, args.share)
    # The same draft read back from a file: same text, no permanent ids in common.
    foreign = parse_text(unparse_tree(draft)).root
    ensure_pids(foreign)

    rows = []
    for label, other in (("borrador del proyecto (ids permanentes)", draft),
                         ("archivo externo (sin ids comunes)", foreign)):
        alignment, diffs = align_and_diff(base, other)
        align_runs = timed(lambda other=other: align_and_diff(base, other), args.runs)
        ops = derive_operations(alignment, URI, changed_ratio=changed_ratio)
        ops_runs = timed(lambda a=alignment: derive_operations(a, URI, changed_ratio=changed_ratio),
                         args.runs)
        counts = alignment.counts()
        summary = ", ".join(f"{counts.get(k, 0)} {k.label}" for k in RowKind if counts.get(k))
        rows.append((f"Alinear + diferencias por palabra, {label}",
                     f"{len(alignment.pairs):,} filas ({summary}); {diffs} pares comparados",
                     f"**{statistics.median(align_runs) * 1e3:.1f} ms**", "≤ 150 ms"))
        rows.append((f"Derivar operaciones, {label}", f"{len(ops)} operaciones",
                     f"**{statistics.median(ops_runs) * 1e3:.1f} ms**", ""))
    rediff = rediff_times(base, draft, edited)
    rows.insert(0, ("Volver a comparar un artículo editado (mediana / p95)",
                    f"{len(edited)} artículos editados",
                    f"**{statistics.median(rediff) * 1e3:.2f} / {p95(rediff) * 1e3:.2f} ms**",
                    "≤ 2 ms"))

    table = report.table(["Medición", "Datos", "Tiempo", "Meta"], rows)
    machine = (f"Python {platform.python_version()}, {platform.machine()}, 1 núcleo (afinidad "
               f"fijada). Reglamento generado de {args.articles:,} artículos ({size:,.0f} KB), "
               f"{args.share:.0%} de los artículos editados; mediana de {args.runs} corridas.")
    body = report.section(NAME, [machine, "", *table])
    print(body)
    if not args.no_write:
        report.write_section(
            NAME, body, "Comparación de versiones",
            "`bench/bench_diff.py` alinea dos versiones de un reglamento generado, calcula las "
            "diferencias por palabra de los pares modificados y deriva las operaciones de "
            "reforma; mide también volver a comparar un solo artículo, como lo hacen las vistas "
            "tras cada edición.")


if __name__ == "__main__":
    main()
