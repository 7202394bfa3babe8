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
import sqlite3
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


# -- SQLite FTS5 on the same documents, the same queries -------------------------------------
def fts5_build(db_path: Path, docs: list[tuple[str, str, str, str]]) -> tuple[sqlite3.Connection, float]:
    """An FTS5 table of (key, uri, heading, text); unicode61 without diacritics, no stemmer."""
    con = sqlite3.connect(db_path)
    t0 = time.perf_counter()
    con.execute("CREATE VIRTUAL TABLE docs USING fts5(key UNINDEXED, uri UNINDEXED, heading, "
                "text, tokenize='unicode61 remove_diacritics 2')")
    con.executemany("INSERT INTO docs VALUES (?, ?, ?, ?)", docs)
    con.commit()
    return con, time.perf_counter() - t0


def fts5_query(query: str) -> str | None:
    """Our query language's term / AND / phrase / prefix forms in FTS5 syntax (no fuzzy)."""
    if query.endswith("~"):
        return None
    if query.startswith('"'):
        return query
    words = [w for w in query.split() if w != "y"]
    return " AND ".join(w if w.endswith("*") else f'"{w}"' for w in words)


def fts5_search(con: sqlite3.Connection, match: str) -> None:
    """Top 10 by bm25 plus the count per regulation: the work our search does."""
    con.execute("SELECT key FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT 10",
                (match,)).fetchall()
    con.execute("SELECT uri, count(*) FROM docs WHERE docs MATCH ? GROUP BY uri",
                (match,)).fetchall()


def current_documents(services) -> list:
    """Every document of the texts in force today, from the database (what the index holds)."""
    from reglamentos_app.search.documents import OPEN_END, article_documents

    docs = []
    for summary in services.corpus.list_regulations():
        versions = services.search._versions(summary.uri)
        docs.extend(d for d in article_documents(summary.uri, versions)
                    if d.valid_until == OPEN_END)
    return docs


class BruteForce:
    """Every stored text analysed with the index's own normalisation, scanned per query."""

    def __init__(self, docs) -> None:
        from reglamentos_app.search.analysis import folded_words, word_sequence
        from reglamentos_app.search.spanish import term

        self.keys = [d.key for d in docs]
        self.terms, self.words, self.seqs = [], [], []
        for d in docs:
            both = f"{d.heading}\n{d.text}"
            self.terms.append({t for t in map(term, re.findall(TOKEN, both.lower())) if t})
            self.words.append(set(folded_words(both)))
            self.seqs.append((f" {word_sequence(d.text)} ", f" {word_sequence(d.heading)} "))
        self.vocabulary = set().union(*self.words) if self.words else set()

    def expected(self, kind: str, query: str) -> set[str]:
        from reglamentos_app.search.analysis import word_sequence
        from reglamentos_app.search.query import _within
        from reglamentos_app.search.spanish import fold, term

        if kind == "frase":
            needle = f" {word_sequence(query.strip(chr(34)))} "
            return {k for k, (text, heading) in zip(self.keys, self.seqs)
                    if needle in text or needle in heading}
        if kind == "prefijo":
            prefix = fold(query.rstrip("*"))
            return {k for k, words in zip(self.keys, self.words)
                    if any(w.startswith(prefix) for w in words)}
        if kind == "difuso":
            word = fold(query.rstrip("~"))
            near = {w for w in self.vocabulary if w[:1] == word[:1] and _within(w, word, 1)}
            return {k for k, words in zip(self.keys, self.words) if words & near}
        wanted = {term(w) for w in query.split() if w != "y"}
        return {k for k, terms in zip(self.keys, self.terms) if wanted <= terms}


TOKEN = r"\w+(?:\.\w+)*"


def quality_queries(docs, rng: random.Random, n_generated: int) -> list[tuple[str, str]]:
    """200 queries from the stored texts, half from the real documents (corpus/, realdata).

    Terms are typed as a user might: without accents, or in the other number (plural/singular).
    """
    from reglamentos_app.search.spanish import STOP_WORDS, fold, term

    real, generated = docs[n_generated:], docs[:n_generated]

    def pick_doc():
        pool = real if real and rng.random() < 0.5 else generated or real
        return rng.choice(pool)

    def pick_word(doc) -> str:
        for _ in range(50):
            words = [w for w in re.findall(r"[^\W\d_]{4,}", doc.text)
                     if fold(w) not in STOP_WORDS and term(w) is not None]
            if words:
                return rng.choice(words)
            doc = pick_doc()
        return "reglamento"

    def typed(word: str) -> str:
        r = rng.random()
        if r < 0.33:
            return fold(word)                      # typed without accents
        if r < 0.66:
            return word[:-1] if word.endswith("s") else word + ("s" if word[-1] in "aeiouáéó"
                                                                  else "es")
        return word

    queries = [("término", typed(pick_word(pick_doc()))) for _ in range(50)]
    for _ in range(50):
        doc = pick_doc()
        queries.append(("AND", f"{typed(pick_word(doc))} y {typed(pick_word(doc))}"))
    while len(queries) < 150:
        tokens = re.findall(r"[^\W\d_]+", pick_doc().text)
        size = rng.choice((2, 3, 4, 5))
        if len(tokens) <= size:
            continue
        start = rng.randrange(len(tokens) - size)
        phrase = tokens[start:start + size]
        if all(fold(t) in STOP_WORDS for t in phrase):
            continue
        queries.append(("frase", '"' + " ".join(phrase) + '"'))
    for _ in range(25):
        word = fold(pick_word(pick_doc()))
        queries.append(("prefijo", word[:max(3, len(word) - 3)] + "*"))
    for _ in range(25):
        word = fold(pick_word(pick_doc()))
        i = rng.randrange(1, len(word))
        queries.append(("difuso", word[:i] + rng.choice("aeiorsnl") + word[i + 1:] + "~"))
    return queries


def check_quality(services, docs, n_generated: int) -> dict:
    """Recall and precision of 200 queries against the brute-force scan."""
    from reglamentos_app.search.query import parse_query

    brute = BruteForce(docs)
    queries = quality_queries(docs, random.Random(17), n_generated)
    index = services.search.index
    by_kind: dict[str, list[int]] = {}
    misses, false_hits = [], []
    for kind, q in queries:
        found = index.search(parse_query(q), pagelen=1_000_000)
        got = {h.key for h in found.hits}
        want = brute.expected(kind, q)
        stats = by_kind.setdefault(kind, [0, 0, 0, 0])  # queries, expected, found∩expected, found
        stats[0] += 1
        stats[1] += len(want)
        stats[2] += len(got & want)
        stats[3] += len(got)
        if want - got:
            misses.append((kind, q, len(want - got)))
        if got - want:
            false_hits.append((kind, q, len(got - want)))
    return {"kinds": by_kind, "misses": misses, "false": false_hits, "docs": len(docs)}


def import_real(services, folder: Path, with_pdfs: bool) -> int:
    """The sample corpus and the real documents (text files; PDFs when asked) into the DB."""
    paths = sorted(p for p in (REPO / "corpus").iterdir() if p.suffix in (".txt", ".docx"))
    real = Path(os.environ.get("REGLAMENTOS_REALDATA", REPO.parent / "shared" / "realdata"))
    if real.is_dir():
        paths += sorted((real / "text").glob("*.txt"))
        if with_pdfs:
            paths += sorted(p for p in (real / "pdf").glob("*.pdf")
                            if p.stat().st_size <= 2_000_000)
    outcomes = services.corpus.import_paths(paths)
    return sum(1 for o in outcomes if not o.message)


def run(articles: int, procs: int, *, quality: bool, pdfs: bool) -> dict:
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
        n_generated = len(current_documents(services))
        real_files = import_real(services, folder, pdfs) if quality else 0
        load = os.getloadavg()[0]
        cpu0 = _cpu()
        start = time.perf_counter()
        docs = services.search.reindex(procs=procs)
        build = time.perf_counter() - start
        build_cpu = _cpu() - cpu0
        index_mb = sum(f.stat().st_size for f in (Path(tmp) / "indice").rglob("*")
                       if f.is_file()) / 1e6

        stored = current_documents(services)
        fts, fts_build = fts5_build(Path(tmp) / "fts.sqlite3",
                                    [(d.key, d.uri, d.heading, d.text) for d in stored])
        rng = random.Random(4)
        queries = make_queries([t for _, t in files], rng)
        index = services.search.index
        for _, q in queries[:20]:  # warm-up: caches of the OS and of whoosh
            index.search(parse_query(q), pagelen=10)
        by_kind: dict[str, list[float]] = {}
        cpu_by_kind: dict[str, list[float]] = {}
        all_times, cpu_times, service_times, hits = [], [], [], 0
        query_load = os.getloadavg()[0]
        for kind, q in queries:
            c0, t0 = time.process_time(), time.perf_counter()
            found = index.search(parse_query(q), pagelen=10)
            elapsed = (time.perf_counter() - t0) * 1000
            cpu_times.append((time.process_time() - c0) * 1000)
            hits += bool(found.total)
            all_times.append(elapsed)
            by_kind.setdefault(kind, []).append(elapsed)
            cpu_by_kind.setdefault(kind, []).append(cpu_times[-1])
        fts_times, fts_cpu = [], []
        for kind, q in queries:
            match = fts5_query(q)
            if match is None:
                continue
            c0, t0 = time.process_time(), time.perf_counter()
            fts5_search(fts, match)
            fts_times.append((time.perf_counter() - t0) * 1000)
            fts_cpu.append((time.process_time() - c0) * 1000)
        fts.close()
        for _, q in queries:
            t0 = time.perf_counter()
            services.search.search(q, pagelen=10)
            service_times.append((time.perf_counter() - t0) * 1000)
        checked = check_quality(services, stored, n_generated) if quality else None

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
        "build_cpu": build_cpu, "load": load, "query_load": query_load,
        "real_files": real_files,
        "median": statistics.median(all_times), "p95": percentile(all_times, 95),
        "max": max(all_times), "hits": hits,
        "cpu_median": statistics.median(cpu_times), "cpu_p95": percentile(cpu_times, 95),
        "kinds": {k: (statistics.median(v), percentile(v, 95)) for k, v in by_kind.items()},
        "cpu_kinds": {k: (statistics.median(v), percentile(v, 95))
                      for k, v in cpu_by_kind.items()},
        "fts_build": fts_build, "fts_median": statistics.median(fts_times),
        "fts_p95": percentile(fts_times, 95), "fts_cpu_median": statistics.median(fts_cpu),
        "fts_cpu_p95": percentile(fts_cpu, 95), "fts_queries": len(fts_times),
        "service_median": statistics.median(service_times),
        "service_p95": percentile(service_times, 95),
        "reindex": timings[0] if timings else float("nan"),
        "quality": checked,
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
    parser.add_argument("--no-quality", action="store_true",
                        help="sin la sección de calidad (200 consultas contra el recorrido total)")
    parser.add_argument("--no-pdf", action="store_true",
                        help="sin importar los PDF de los documentos reales")
    parser.add_argument("--no-write", action="store_true", help="no reescribir docs/benchmarks.md")
    args = parser.parse_args()
    results = []
    for n in args.articles:
        # The quality section runs once, on the first (smallest) corpus.
        r = run(n, args.procs, quality=not args.no_quality and not results,
                pdfs=not args.no_pdf)
        results.append(r)
        print({k: v for k, v in r.items() if k != "quality"}, flush=True)
        if r.get("quality"):
            print("calidad:", r["quality"]["kinds"], "faltantes:", r["quality"]["misses"][:20],
                  "de más:", r["quality"]["false"][:20], flush=True)
    table = ["| Artículos | Datos | Documentos | Índice | Construcción completa (CPU; carga) | "
             "Reindexar un reglamento | Consulta mediana / p95 (máx.), reloj | Consulta mediana / "
             "p95, CPU | Búsqueda completa con fragmentos, mediana / p95 |",
             "|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        table.append(f"| {r['articles']:,} | {r['size']:.1f} MB | {r['docs']:,} | "
                     f"{r['index_mb']:.1f} MB | **{r['build']:.2f} s** ({r['build_cpu']:.1f} s "
                     f"CPU; {r['load']:.1f}) | **{r['reindex']:.2f} s** | "
                     f"**{r['median']:.1f} / {r['p95']:.1f} ms** ({r['max']:.0f} ms; carga "
                     f"{r['query_load']:.1f}) | {r['cpu_median']:.1f} / {r['cpu_p95']:.1f} ms | "
                     f"{r['service_median']:.1f} / {r['service_p95']:.1f} ms |")
    kinds = ["", "Por tipo de consulta (mediana / p95, ms; reloj — CPU):", "",
             "| Artículos | " + " | ".join(results[0]["kinds"]) + " |",
             "|---|" + "---|" * len(results[0]["kinds"])]
    for r in results:
        kinds.append(f"| {r['articles']:,} | " + " | ".join(
            f"{m:.1f} / {p:.1f} — {r['cpu_kinds'][k][0]:.1f} / {r['cpu_kinds'][k][1]:.1f}"
            for k, (m, p) in r["kinds"].items()) + " |")
    fts = ["", "SQLite FTS5 en la misma corrida, mismos documentos y consultas (sin las 25 "
           "difusas, que FTS5 no tiene; `unicode61 remove_diacritics 2`, **sin raíces**: no "
           "junta singular y plural), 10 primeros por bm25 más el conteo por reglamento:", "",
           "| Artículos | Construcción | Consulta mediana / p95, reloj | CPU |", "|---|---|---|---|"]
    for r in results:
        fts.append(f"| {r['articles']:,} | {r['fts_build']:.2f} s | {r['fts_median']:.2f} / "
                   f"{r['fts_p95']:.2f} ms | {r['fts_cpu_median']:.2f} / "
                   f"{r['fts_cpu_p95']:.2f} ms |")
    quality = []
    q = results[0].get("quality")
    if q:
        quality = ["", f"Calidad ({results[0]['articles']:,} artículos generados más corpus/ y los "
                   f"documentos reales: {results[0]['real_files']} archivos; {q['docs']:,} "
                   "documentos vigentes). 200 consultas tomadas de los textos guardados (la mitad "
                   "de los reales; términos escritos sin acentos o en el otro número), cada una "
                   "comparada con un recorrido de todos los textos con la misma normalización:",
                   "", "| Tipo | Consultas | Esperados | Encontrados | Exhaustividad | "
                   "Precisión |", "|---|---|---|---|---|---|"]
        for kind, (n, want, both, got) in q["kinds"].items():
            quality.append(f"| {kind} | {n} | {want:,} | {got:,} | "
                           f"**{100 * both / want if want else 100:.1f} %** | "
                           f"**{100 * both / got if got else 100:.1f} %** |")
        quality.append("")
        quality.append(f"Consultas con faltantes: {len(q['misses'])}; con resultados de más: "
                       f"{len(q['false'])}.")
        for kind, text, n in (q["misses"] + q["false"])[:10]:
            quality.append(f"- {kind} `{text}`: {n}")
        print("faltantes:", q["misses"][:20], "de más:", q["false"][:20], flush=True)
    machine = (f"Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} "
               f"núcleos (**máquina compartida y ocupada**: la carga va en cada fila; los "
               f"milisegundos de CPU son la cifra que menos depende de los demás); construcción "
               f"con {args.procs} procesos; 200 consultas de velocidad (50 términos, 50 Y de dos "
               "términos, 50 frases, 25 prefijos, 25 difusas), 10 primeros resultados más los "
               "conteos por reglamento. Metas: 20,000 artículos: mediana ≤ 5 ms y p95 ≤ 40 ms; "
               "100,000 artículos: p95 ≤ 150 ms.")
    body = report.section(NAME, [machine, "", *table, *kinds, *fts, *quality])
    print(body)
    if not args.no_write:
        report.write_section(NAME, body, 'Búsqueda de texto completo',
                             '`bench/bench_search.py` importa un corpus generado a SQLite, construye el índice de búsqueda desde la base de datos y mide consultas y la reindexación de un reglamento modificado.')


if __name__ == "__main__":
    main()
