"""Benchmark: start-up time and memory of the desktop program on large corpora (issue 10).

For each size (default 20,000 and 100,000 articles of ``bench/generate.py``) it imports the
corpus into a fresh SQLite database and builds the search index (as on a user's machine), then
launches the real program (``python -m reglamentos_app``, or the built
``dist/reglamentos/reglamentos`` with ``--dist``) on the offscreen platform several times with
``REGLAMENTOS_STARTUP_PROBE``. The program notes when its main window is usable (shown, with the
corpus listed) and its resident memory (RSS), then times the first search — which opens the
index, lazily — and showing the first regulation, and quits. Targets: usable ≤ 2 s and
RSS ≤ 400 MB at 20,000 articles; 100,000 must still work.

Usage: ``.venv/bin/python bench/bench_startup.py [--articles 20000 100000] [--runs 3]
[--dist] [--no-write]``. Prints the figures and rewrites its section of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate_corpus  # noqa: E402
from report import section, write_section  # noqa: E402

DIST = ROOT / "dist" / "reglamentos" / "reglamentos"


def prepare(work: Path, articles: int) -> tuple[str, float]:
    """Import the corpus and build the index; returns the URL and the seconds it took."""
    from reglamentos_app.services import open_services

    folder = work / "corpus"
    folder.mkdir()
    for name, text in generate_corpus(articles):
        (folder / name).write_text(text, encoding="utf-8")
    url = f"sqlite:///{work / 'base.sqlite3'}"
    start = time.perf_counter()
    with open_services(url) as services:
        outcomes = services.corpus.import_paths([folder])
        failed = [o for o in outcomes if o.status.value == "failed"]
        if failed:
            raise SystemExit(f"falló la importación: {failed[0].message}")
        services.search.reindex()
    return url, time.perf_counter() - start


def launch(url: str, work: Path, program: list[str]) -> dict:
    probe = work / "arranque.json"
    probe.unlink(missing_ok=True)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "REGLAMENTOS_HOME": str(work / "casa"),
           "REGLAMENTOS_STARTUP_PROBE": str(probe)}
    env.pop("REGLAMENTOS_DB", None)
    start = time.time()
    result = subprocess.run([*program, "--db", url], env=env, capture_output=True, text=True,
                            timeout=600, cwd=work)
    if result.returncode != 0 or not probe.exists():
        raise SystemExit(f"el programa no arrancó ({result.returncode}): {result.stderr[-2000:]}")
    figures = json.loads(probe.read_text(encoding="utf-8"))
    figures["usable_s"] = figures["usable_at"] - start
    figures["total_s"] = time.time() - start
    return figures


def run(articles: int, runs: int, dist: bool) -> dict:
    with tempfile.TemporaryDirectory(prefix="reglamentos-arranque-") as tmp:
        work = Path(tmp)
        os.environ["REGLAMENTOS_HOME"] = str(work / "casa")  # the index goes where the app looks
        url, prepare_s = prepare(work, articles)
        size_mb = (work / "base.sqlite3").stat().st_size / 1_048_576
        programs = {"fuente": [sys.executable, "-m", "reglamentos_app"]}
        if dist and DIST.exists():
            programs["compilado"] = [str(DIST)]
        out = {"articles": articles, "prepare_s": prepare_s, "db_mb": size_mb}
        for label, program in programs.items():
            launches = [launch(url, work, program) for _ in range(runs)]
            out[label] = {key: statistics.median(f[key] for f in launches)
                          for key in ("usable_s", "rss_mb_usable", "first_search_s",
                                      "first_regulation_s", "rss_mb_after", "regulations",
                                      "hits")}
            print(f"{articles:>7} artículos · {label:9}: ventana usable "
                  f"{out[label]['usable_s']:.2f} s, RSS {out[label]['rss_mb_usable']:.0f} MB; "
                  f"primera búsqueda {out[label]['first_search_s']:.2f} s, primer reglamento "
                  f"{out[label]['first_regulation_s']:.2f} s, RSS después "
                  f"{out[label]['rss_mb_after']:.0f} MB "
                  f"({out[label]['regulations']:.0f} reglamentos)", flush=True)
    return out


def markdown(results: list[dict], runs: int) -> list[str]:
    lines = [f"Máquina: {platform.machine()}, {os.cpu_count()} núcleos compartidos, Python "
             f"{platform.python_version()}; plataforma Qt «offscreen»; mediana de {runs} "
             "arranques. «Usable»: la ventana principal mostrada con el corpus listado, medido "
             "desde que se lanza el proceso. Objetivo con 20,000 artículos: ≤ 2 s y ≤ 400 MB.",
             "",
             "| Artículos | Programa | Ventana usable | RSS al estar usable | Primera búsqueda "
             "(abre el índice) | Primer reglamento mostrado | RSS después |",
             "|---:|---|---:|---:|---:|---:|---:|"]
    for r in results:
        for label in ("fuente", "compilado"):
            if label in r:
                f = r[label]
                lines.append(f"| {r['articles']:,} | {label} | {f['usable_s']:.2f} s | "
                             f"{f['rss_mb_usable']:.0f} MB | {f['first_search_s']:.2f} s | "
                             f"{f['first_regulation_s']:.2f} s | {f['rss_mb_after']:.0f} MB |")
    lines.append("")
    lines += [f"- {r['articles']:,} artículos: base SQLite de {r['db_mb']:.0f} MB; importar y "
              f"construir el índice tomó {r['prepare_s']:.0f} s (no forma parte del arranque)."
              for r in results]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[20000, 100000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--dist", action="store_true", help="medir también dist/reglamentos")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    results = [run(n, args.runs, args.dist) for n in args.articles]
    if not args.no_write:
        write_section("arranque", section("arranque", markdown(results, args.runs)),
                      "Arranque y escala (`bench/bench_startup.py`)",
                      "Tiempo hasta que la ventana principal es usable y memoria del programa "
                      "con corpus grandes; el índice de búsqueda se abre en la primera "
                      "búsqueda.")


if __name__ == "__main__":
    main()
