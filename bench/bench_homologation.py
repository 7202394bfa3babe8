"""Benchmark: the homologation matrix for 30 instruments × 40 model provisions (target ≤ 3 s).

Builds a model of 40 articles — the 12 of the sample model acuerdo de creación plus 28 made of
sentences of the sample corpus, each with a heading and the «[la entidad]» placeholder — and 30
instruments of about 45 articles each: every model article kept verbatim, reworded (a third of
its words replaced) or dropped, with the instrument's own names, shuffled in among 10–15
articles of other matters taken from the corpus. Measures on one core, with the trees parsed:
the whole matrix (names, scores of every principle against every article, assignment, cells);
the same plus the word diffs of every «distinta» cell and the .xlsx workbook. Reports how many
planted drops and rewordings the matrix found. Prints the figures and rewrites the
«Homologación con un modelo» section of docs/benchmarks.md.

Usage: ``.venv/bin/python bench/bench_homologation.py [--instruments 30] [--no-write]``
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import re
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from report import pin_one_core, section, table, write_section  # noqa: E402

from reglamentos_app.exports.homologation_xlsx import matrix_xlsx  # noqa: E402
from reglamentos_app.review.homologation import sample_model_text  # noqa: E402
from reglamentos_app.review.model import CorpusEntry  # noqa: E402
from reglamentos_app.services.homologation import matrix_sheet, parse_model  # noqa: E402
from reglamentos_app.services.homology_matrix import compute_matrix  # noqa: E402
from reglamentos_app.sources import parse_text  # noqa: E402

ENTITIES = [("el Instituto", "la Junta de Gobierno", "el Director General"),
            ("el Sistema", "el Consejo Directivo", "el Director"),
            ("el Organismo", "el Consejo de Administración", "la Directora General"),
            ("el Patronato", "la Junta Directiva", "el Coordinador General")]


def corpus_sentences() -> list[str]:
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted((REPO / "corpus").glob("*.txt"))
                     if not p.name.startswith("acuerdo"))
    body = re.sub(r"^(?:ART[ÍI]CULO|[IVXL]+\.-|[a-z]\))[^\n]*?\.-\s*", "", text, flags=re.M)
    return [" ".join(s.split()) for s in re.split(r"(?<=[.])\s+", body)
            if 80 <= len(s.strip()) <= 400 and not s.strip().isupper()]


def build_model_text(rng: random.Random, sentences: list[str], extra: int) -> str:
    base = sample_model_text().rstrip()
    parts = [base]
    for n in range(13, 13 + extra):
        heading = f"Principio adicional {n}"
        chosen = " ".join(rng.sample(sentences, 2))
        parts.append(f"ARTÍCULO {n}.- {heading}.- [La entidad] observará lo siguiente: {chosen}")
    return "\n\n".join(parts) + "\n"


def reword(rng: random.Random, text: str, words: list[str]) -> str:
    tokens = text.split()
    for i in rng.sample(range(len(tokens)), max(1, len(tokens) // 3)):
        tokens[i] = rng.choice(words)
    return " ".join(tokens)


def build_instrument(rng: random.Random, index: int, model, sentences: list[str],
                     words: list[str]) -> tuple[str, dict[str, str]]:
    from reglamentos_app.review.homologation import body_text, fill

    names = dict(zip(("[la entidad]", "[la junta de gobierno]", "[el director general]"),
                     ENTITIES[index % len(ENTITIES)]))
    articles, planted = [], {}
    for provision in model.provisions:
        roll = rng.random()
        text = fill(body_text(provision.node), names)
        heading = fill(provision.heading, names)
        if roll < 0.15 and not provision.presence_only:
            planted[provision.key] = "falta"
            continue
        if roll < 0.45 and not provision.presence_only:
            planted[provision.key] = "distinta"
            text = reword(rng, text, words)
        else:
            planted[provision.key] = "igual"
        articles.append((heading, text))
    for _ in range(rng.randint(10, 15)):
        articles.insert(rng.randrange(len(articles) + 1),
                        (f"Disposición {rng.randint(1, 999)}", " ".join(rng.sample(sentences, 2))))
    lines = [f"ACUERDO DE CREACIÓN DE LA ENTIDAD DE PRUEBA {index + 1}", ""]
    for n, (heading, text) in enumerate(articles, start=1):
        lines += [f"ARTÍCULO {n}.- {heading}.- {text}", ""]
    return "\n".join(lines), planted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instruments", type=int, default=30)
    parser.add_argument("--provisions", type=int, default=40)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    pin_one_core()
    rng = random.Random(20)
    sentences = corpus_sentences()
    rng.shuffle(sentences)
    # Disjoint pools: the model's extra principles and the instruments' other matters.
    principle_pool, sentences = sentences[:120], sentences[120:]
    words = sorted({w for s in sentences for w in re.findall(r"[a-záéíóúñ]{4,}", s)})
    model = parse_model(build_model_text(rng, principle_pool, args.provisions - 12), "bench.txt")
    entries, truth = [], {}
    for i in range(args.instruments):
        text, planted = build_instrument(rng, i, model, sentences, words)
        root = parse_text(text, f"entidad-{i}.txt").root
        for k, node in enumerate(root.walk()):
            node.pid = node.pid or f"p{i}-{k}"
        uri = f"/bench/{i}"
        entries.append(CorpusEntry(uri, f"Entidad {i + 1}", root))
        truth.update({(uri, key): status for key, status in planted.items()})
    articles = sum(sum(1 for _ in e.root.articles()) for e in entries)

    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        matrix = compute_matrix(model, entries)
        best = min(best, time.perf_counter() - start)
    start = time.perf_counter()
    data = matrix_xlsx(matrix_sheet(compute_matrix(model, entries)))
    with_exports = time.perf_counter() - start

    found = {k: c.status.value for k, c in matrix.cells.items()}
    rows = []
    for status in ("falta", "distinta"):
        planted = {k for k, v in truth.items() if v == status}
        got = {k for k, v in found.items() if v == status}
        hits = len(planted & got)
        rows.append((status, len(planted), hits / len(planted) if planted else 1.0,
                     hits / len(got) if got else 1.0))
    cpu = platform.processor() or platform.machine()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    print(f"{args.instruments} instrumentos × {len(model.provisions)} principios "
          f"({articles} artículos): matriz {best:.3f} s (mejor de 3); con diferencias y .xlsx "
          f"{with_exports:.3f} s ({len(data) / 1024:.0f} KB); carga {load:.1f}")
    for status, total, recall, precision in rows:
        print(f"  «{status}»: {total} sembradas, exhaustividad {recall:.1%}, "
              f"precisión {precision:.1%}")
    if args.no_write:
        return
    lines = [f"Python {platform.python_version()}, {cpu}, 1 núcleo (afinidad fijada); máquina "
             f"compartida y ocupada (carga {load:.1f}).", ""]
    lines += table(["Medición", "Datos", "Tiempo", "Meta"], [
        ("Matriz (nombres, puntajes, asignación, celdas)",
         f"{args.instruments} instrumentos × {len(model.provisions)} principios, "
         f"{articles} artículos", f"**{best:.2f} s** (mejor de 3)", "≤ 3 s"),
        ("Matriz + diferencias palabra por palabra + libro .xlsx", "igual",
         f"{with_exports:.2f} s", ""),
    ])
    lines += ["", *table(["Sembrado", "Celdas", "Exhaustividad", "Precisión"], [
        (s, str(t), f"{r:.1%}", f"{p:.1%}") for s, t, r, p in rows])]
    write_section("bench_homologation", section("bench_homologation", lines),
                  "Homologación con un modelo",
                  "`bench/bench_homologation.py` mide la matriz de homologación: un modelo de 40 "
                  "artículos (los 12 del modelo de acuerdo de creación y 28 hechos con oraciones "
                  "del corpus) contra 30 instrumentos generados de unos 45 artículos, en los que "
                  "cada principio se copia, se reescribe (un tercio de sus palabras) o se quita, "
                  "entre artículos de otras materias.")


if __name__ == "__main__":
    main()
