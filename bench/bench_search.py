"""Benchmark: full-text search index build, incremental re-index and query latency (issue 4).

On a generated corpus (``bench/generate.py``) imported into a fresh SQLite database, measures:
* the full index build from the database (``SearchService.reindex``: reading the texts, cached
  Spanish analysis, postings written block by block, a second segment in one "spawn" worker
  process); target ≤ 8 s at 20,000 articles. Also its CPU time (both processes) and the load
  average, because this machine is shared: CPU seconds are the figure least disturbed by others;
* re-indexing one changed regulation after its re-import (the corpus listener); target ≤ 0.5 s;
* 200 mixed queries (50 terms, 50 two-term AND, 50 phrases, 25 prefix, 25 fuzzy), top 10 with
  counts per regulation, median and p95; targets 5 / 40 ms at 20,000 and p95 ≤ 200 ms at 100,000;
  also the whole service call (parsing, grouping and snippets from the database text).
Prints the figures and rewrites the "Búsqueda" section of docs/benchmarks.md.

Usage: ``.venv/bin/python bench/bench_search.py [--articles 20000 100000] [--no-write]``
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import random
import re
import statistics
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

NAME = "bench_search"
_STOP = {"de", "la", "el", "los", "las", "en", "y", "a", "del", "con", "por", "para", "que", "se",
         "o", "al", "su", "sus", "un", "una", "este", "lo"}


def make_queries(texts: list[str], rng: random.Random) -> list[tuple[str, str]]:
    """200 queries drawn from the generated text (so most of them find something)."""
    words = [w for t in texts[:3] for w in re.findall(r"[a-záéíóúñ]{4,}", t.lower())
             if w not in _STOP]
    vocab = sorted(set(words))
    sentences = [s for t in texts[:3] for s in re.findall(r"[a-záéíóúñ ]{20,}", t.lower())]
    queries = [("término", rng.choice(vocab)) for _ in range(50)]
    queries += [("AND", f"{rng.choice(vocab)} y {rng.choice(vocab)}") for _ in range(50)]
    for _ in range(50):
        ws = rng.choice(sentences).split()
        i = rng.randrange(max(1, len(ws) - 2))
        queries.append(("frase", '"' + " ".join(ws[i:i + rng.choice((2, 3))]) + '"'))
    queries += [("prefijo", rng.choice(vocab)[:5] + "*") for _ in range(25)]
    queries += [("difuso", rng.choice([w for w in vocab if len(w) > 5]) + "~") for _ in range(25)]
    return queries


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def run(articles: int, procs: int) -> dict:
    from reglamentos_app.search.query import parse_query

    files = generate_corpus(articles)
    size = sum(len(t.encode("utf-8")) for _, t in files) / 1e6
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        for name, text in files:
            (folder / name).write_text(text, encoding="utf-8")
        url = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        services = open_services(url, index_dir=Path(tmp) / "indice")
        services.corpus.import_paths([folder])
        load = os.getloadavg()[0]
        cpu0 = _cpu()
        start = time.perf_counter()
        docs = services.search.reindex(procs=procs)
        build = time.perf_counter() - start
        build_cpu = _cpu() - cpu0
        index_mb = sum(f.stat().st_size for f in (Path(tmp) / "indice").rglob("*")
                       if f.is_file()) / 1e6

        rng = random.Random(4)
        queries = make_queries([t for _, t in files], rng)
        index = services.search.index
        for _, q in queries[:20]:  # warm-up: caches of the OS and of whoosh
            index.search(parse_query(q), pagelen=10)
        by_kind: dict[str, list[float]] = {}
        all_times, service_times, hits = [], [], 0
        for kind, q in queries:
            t0 = time.perf_counter()
            found = index.search(parse_query(q), pagelen=10)
            elapsed = (time.perf_counter() - t0) * 1000
            hits += bool(found.total)
            all_times.append(elapsed)
            by_kind.setdefault(kind, []).append(elapsed)
        for _, q in queries:
            t0 = time.perf_counter()
            services.search.search(q, pagelen=10)
            service_times.append((time.perf_counter() - t0) * 1000)

        # Re-index of one changed regulation: change two articles and re-import the file.
        name, text = files[len(files) // 2]
        changed = text.replace("deberá", "tendrá que", 2)
        (folder / name).write_text(changed, encoding="utf-8")
        timings = []
        original = services.search._on_change

        def timed(uri: str) -> None:
            t0 = time.perf_counter()
            original(uri)
            timings.append(time.perf_counter() - t0)
        services.corpus._listeners = [timed if f == original else f
                                      for f in services.corpus._listeners]
        services.corpus.import_paths([folder / name])
        services.close()
    return {
        "articles": articles, "size": size, "docs": docs, "build": build, "index_mb": index_mb,
        "build_cpu": build_cpu, "load": load,
        "median": statistics.median(all_times), "p95": percentile(all_times, 95),
        "max": max(all_times), "hits": hits,
        "kinds": {k: (statistics.median(v), percentile(v, 95)) for k, v in by_kind.items()},
        "service_median": statistics.median(service_times),
        "service_p95": percentile(service_times, 95),
        "reindex": timings[0] if timings else float("nan"),
    }


def _cpu() -> float:
    """CPU seconds of this process and its finished children (the index worker)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[20000])
    parser.add_argument("--procs", type=int, default=2)
    parser.add_argument("--no-write", action="store_true", help="no reescribir docs/benchmarks.md")
    args = parser.parse_args()
    results = []
    for n in args.articles:
        r = run(n, args.procs)
        results.append(r)
        print(r, flush=True)
    table = ["| Artículos | Datos | Documentos | Índice | Construcción completa (CPU; carga) | "
             "Reindexar un reglamento | Consulta mediana / p95 (máx.) | Búsqueda completa con "
             "fragmentos, mediana / p95 |", "|---|---|---|---|---|---|---|---|"]
    for r in results:
        table.append(f"| {r['articles']:,} | {r['size']:.1f} MB | {r['docs']:,} | "
                     f"{r['index_mb']:.1f} MB | **{r['build']:.2f} s** ({r['build_cpu']:.1f} s "
                     f"CPU; {r['load']:.1f}) | **{r['reindex']:.2f} s** | "
                     f"**{r['median']:.1f} / {r['p95']:.1f} ms** ({r['max']:.0f} ms) | "
                     f"{r['service_median']:.1f} / {r['service_p95']:.1f} ms |")
    kinds = ["", "Por tipo de consulta (mediana / p95, ms):", "",
             "| Artículos | " + " | ".join(results[0]["kinds"]) + " |",
             "|---|" + "---|" * len(results[0]["kinds"])]
    for r in results:
        kinds.append(f"| {r['articles']:,} | " + " | ".join(
            f"{m:.1f} / {p:.1f}" for m, p in r["kinds"].values()) + " |")
    machine = (f"Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} "
               f"núcleos; construcción con {args.procs} procesos (un segmento por proceso, «spawn»); "
               "200 consultas (50 términos, 50 Y de dos términos, 50 frases, 25 prefijos, "
               "25 difusas), 10 primeros resultados más los conteos por reglamento. Metas: "
               "20,000 artículos: construcción ≤ 8 s, reindexar un reglamento ≤ 0.5 s, mediana "
               "≤ 5 ms y p95 ≤ 40 ms; 100,000 artículos: p95 ≤ 200 ms.")
    body = report.section(NAME, [machine, "", *table, *kinds])
    print(body)
    if not args.no_write:
        report.write_section(NAME, body, 'Búsqueda de texto completo',
                             '`bench/bench_search.py` importa un corpus generado a SQLite, construye el índice de búsqueda desde la base de datos y mide consultas y la reindexación de un reglamento modificado.')



if __name__ == "__main__":
    main()
