"""Stress benchmark (not a CI test): N writers × M saves on ONE project, on busy cores.

    .venv/bin/python bench/bench_saves.py [--writers 8] [--saves 500] [--busy 1] [--no-write]

Prepares a throw-away PostgreSQL database as an office would (``admin init-db``, a login per
lawyer, the sample corpus) and one reform project on its largest regulation shared by every
lawyer. Then ``--writers`` processes, each logged in as a lawyer with its own connections, each
edit a random article and save through ``DraftSession.save`` (merge per provision, server
function ``reg_save_draft``, their turn per draft, compare-and-swap with backoff), ``--saves``
times with a random pause (``--pausa``, default 0.2–1.0 s), while ``--busy`` extra processes keep cores busy with a CPU loop.

Reports, from what each writer saw and from reading the database back afterwards:
- **acknowledged**: saves that returned (accepted, or with the losing text kept as a conflict);
- **lost** (verified): a text said to be kept as a conflict that is not among the stored
  conflict revisions, a text said accepted that is stored as a conflict, or an article whose
  stored text is not the accepted save with the highest revision;
- **starved**: saves that gave up ("El borrador está cambiando muy rápido…") or any error;
- latencies p50/p95/p99 of a save.
Targets: 0 lost, 0 starved, p95 ≤ 100 ms. Rewrites the «Guardados concurrentes» section of
docs/benchmarks.md unless ``--no-write``.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import platform
import random
import statistics
import sys
import time
import uuid
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

import report  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from reglamentos_app.services import admin, open_services  # noqa: E402
from reglamentos_app.services.merge import ProvisionConflictError  # noqa: E402
from reglamentos_app.storage import security  # noqa: E402

NAME = "guardados"
PG = os.environ.get("REGLAMENTOS_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
LAWYERS = ("ana", "beto", "carla", "dario")
PAUSE = (0.2, 1.0)   # seconds between two saves of one writer (a person: at most one per 2 s)


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


def _as(db_url: str, login: str) -> str:
    return make_url(db_url).set(username=login).render_as_string(hide_password=False)


def setup(db_url: str, prefix: str) -> tuple[int, str]:
    admin.init_db(db_url, prefix)
    for who in LAWYERS:
        admin.add_user(db_url, f"{prefix}_{who}", name=f"Lic. {who.title()}",
                       office="Consejería Jurídica", role="redactor")
    with open_services(db_url) as dba:
        dba.corpus.import_paths(sorted((REPO / "corpus").glob("*.txt")))
        largest = max(dba.corpus.list_regulations(), key=lambda r: r.article_count)
    with open_services(_as(db_url, f"{prefix}_ana")) as owner:
        project = owner.projects.create("Reforma bajo carga", [largest.uri])
        for who in LAWYERS[1:]:
            owner.projects.collab.add_member(project.id, f"{prefix}_{who}")
    return project.id, largest.uri


def writer(n: int, url: str, project_id: int, uri: str, saves: int, start_at: float,
           pause: tuple[float, float]) -> dict:
    """One writer process: its saves' texts, outcomes, revisions and latencies."""
    rng = random.Random(n)
    log, times, starved = [], [], []
    with open_services(url) as services:
        session = services.projects.open_draft(project_id, uri)
        pids = [a.pid for a in session.editor.root.articles()][:30]
        time.sleep(max(0.0, start_at - time.time()))
        for i in range(saves):
            time.sleep(rng.uniform(*pause))
            pid = rng.choice(pids)
            body = f"Escritor {n}, guardado {i}."
            session.editor.edit(pid, text=body)
            start = time.perf_counter()
            try:
                session.save()
                outcome = "accepted"
            except ProvisionConflictError as exc:
                lost = {c.mine["text"] for c in exc.conflicts if c.mine}
                outcome = "conflict" if body in lost else "accepted"
            except Exception as exc:  # a starved or failed save: counted, never hidden
                starved.append(f"{type(exc).__name__}: {getattr(exc, 'user_message', exc)}")
                outcome = "starved"
            times.append(time.perf_counter() - start)
            log.append((pid, body, outcome, session.target.revision))
    return {"log": log, "times": times, "starved": starved}


def _hog(stop_at: float) -> None:
    while time.time() < stop_at:
        pass


def verify(db_url: str, project_id: int, uri: str, logs: list[tuple]) -> list[str]:
    """Read the database back; every way a save could have been lost, described."""
    with open_services(db_url) as dba:
        draft = dba.projects.get(project_id).target(uri).draft
        stored_conflicts = [c.mine["text"] for c in dba.sync.conflicts(project_id, uri,
                                                                       only_open=False) if c.mine]
    current = {node.pid: node.text for node in draft.walk()}
    problems = []
    said_conflict = sorted(body for _pid, body, outcome, _rev in logs if outcome == "conflict")
    if sorted(stored_conflicts) != said_conflict:
        missing = set(said_conflict) - set(stored_conflicts)
        problems += [f"conflicto no guardado: {b}" for b in sorted(missing)]
    accepted = [(pid, body, rev) for pid, body, outcome, rev in logs if outcome == "accepted"]
    problems += [f"aceptado pero guardado como conflicto: {b}" for _p, b, _r in accepted
                 if b in set(stored_conflicts)]
    last: dict[str, tuple[int, str]] = {}
    for pid, body, rev in accepted:
        if pid not in last or rev > last[pid][0]:
            last[pid] = (rev, body)
    for pid, (_rev, body) in last.items():
        if current.get(pid) != body:
            problems.append(f"{pid}: guardado «{body}», en la base «{current.get(pid)}»")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--saves", type=int, default=500)
    parser.add_argument("--busy", type=int, default=1, help="procesos que ocupan CPU")
    parser.add_argument("--pausa", type=float, nargs=2, default=PAUSE, metavar=("MIN", "MAX"),
                        help="pausa entre dos guardados de un escritor, en segundos")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    name = f"reglamentos_bench_{uuid.uuid4().hex[:10]}"
    prefix = name.replace("reglamentos_bench_", "rs")
    server = create_engine(PG, isolation_level="AUTOCOMMIT")
    with server.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    db_url = make_url(PG).set(database=name).render_as_string(hide_password=False)
    spawn = multiprocessing.get_context("spawn")
    hogs = []
    try:
        project_id, uri = setup(db_url, prefix)
        start_at = time.time() + 5 + args.writers * 0.75
        hogs = [spawn.Process(target=_hog, args=(time.time() + 3600,)) for _ in range(args.busy)]
        for hog in hogs:
            hog.start()
        began = time.perf_counter()
        with ProcessPoolExecutor(max_workers=args.writers, mp_context=spawn) as pool:
            futures = [pool.submit(writer, n, _as(db_url, f"{prefix}_{LAWYERS[n % 4]}"),
                                   project_id, uri, args.saves, start_at, tuple(args.pausa))
                       for n in range(args.writers)]
            results = [f.result() for f in futures]
        wall = time.perf_counter() - began - max(0.0, start_at - time.time())
        for hog in hogs:
            hog.terminate()
        logs = [entry for r in results for entry in r["log"]]
        problems = verify(db_url, project_id, uri, logs)
    finally:
        for hog in hogs:
            if hog.is_alive():
                hog.terminate()
        engine = create_engine(make_url(db_url).set(drivername="postgresql+psycopg"))
        security.drop_installation(engine, prefix, [f"{prefix}_{w}" for w in LAWYERS])
        engine.dispose()
        with server.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()
    _report(args, results, problems, wall)


def _report(args, results: list[dict], problems: list[str], wall: float) -> None:
    times = [t for r in results for t in r["times"]]
    starved = [s for r in results for s in r["starved"]]
    outcomes = [o for r in results for _p, _b, o, _r in r["log"]]
    acknowledged = sum(o in ("accepted", "conflict") for o in outcomes)
    conflicts = outcomes.count("conflict")
    p95 = pct(times, 0.95)
    verdict = ("cumple" if not problems and not starved and p95 <= 0.100 else "NO cumple")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    lines = [
        f"Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} núcleos "
        f"compartidos por {args.writers} escritores (procesos, cada uno con su usuario de "
        f"PostgreSQL), el servidor local y {args.busy} proceso(s) que ocupan CPU; carga al "
        f"terminar {load:.1f}. Un solo proyecto; cada escritor guarda {args.saves} veces un "
        f"artículo al azar (30 artículos) con pausas de {args.pausa[0]}–{args.pausa[1]} s.",
        "",
        *report.table(["Guardados", "Confirmados", "Perdidos (verificados)", "Sin turno",
                       "Conflictos", "Mediana", "p95", "p99"],
                      [[f"{len(outcomes):,}", f"{acknowledged:,}", f"**{len(problems)}**",
                        f"**{len(starved)}**", f"{conflicts:,}",
                        f"{statistics.median(times) * 1e3:.1f} ms",
                        f"**{p95 * 1e3:.1f} ms**", f"{pct(times, 0.99) * 1e3:.1f} ms"]]),
        "",
        f"Duración {wall:.0f} s ({len(outcomes) / wall:.0f} guardados/s). «Perdidos» se cuenta "
        "leyendo la base al final: cada texto en conflicto debe estar guardado como revisión en "
        "conflicto y cada artículo debe tener el último texto aceptado. «Conflictos» son los "
        "esperados (dos escritores en el mismo artículo). Meta: 0 perdidos, 0 sin turno y p95 ≤ "
        f"100 ms — **{verdict}**.",
    ]
    if problems or starved:
        lines += ["", "Primeros problemas:", *[f"- {e[:200]}" for e in (problems + starved)[:5]]]
    body = report.section(NAME, lines)
    print(body)
    if not args.no_write:
        report.write_section(
            NAME, body, "Guardados concurrentes en un proyecto (`bench/bench_saves.py`)",
            "Prueba de esfuerzo (no es prueba de CI): varios escritores guardan sin parar el "
            "mismo proyecto en una máquina ocupada; la comparación e intercambio reintenta con "
            "espera exponencial acotada y aleatoria.")


if __name__ == "__main__":
    main()
