"""Benchmark: 20 simulated clients sharing one PostgreSQL database for 60 s.

Sets up a throw-away database the way an office would (``admin init-db``, one PostgreSQL login
per lawyer with ``admin add-user``, the sample corpus imported), creates five reform projects
on the largest regulations with every lawyer assigned to all of them, then runs 20 client
processes — each with its own services and database connections, logged in as one of four
redactors, as 20 desktops would — for the given duration. Each client loops with a think time
of 0.2–1.0 s over a
mix of reads (project, text in force, board, others' changes, lease heartbeat), full-text
searches and saves of one edited article through ``DraftSession.save`` (the merge at
provision level and the server's ``reg_save_draft``). The clients are spread over the five
projects (the report says how many per project), so some saves hit the same article and end as
expected conflicts (the losing text kept). Reports errors (anything but those conflicts), saves
*lost* — verified by reading every project back afterwards (``bench_saves.verify``: each
conflict text stored as a conflict revision, each article holding its last accepted text), not
the count of conflicts —, p50/p95/p99 latencies, throughput, and
rewrites the "Modo compartido" section of docs/benchmarks.md. Needs the local PostgreSQL
server (``REGLAMENTOS_TEST_PG``, as the tests).

Usage: ``.venv/bin/python bench/bench_shared.py [--clients 20] [--seconds 60] [--no-write]``
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import tempfile
import multiprocessing
import threading
import time
import uuid
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

import bench_saves  # noqa: E402
import report  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from reglamentos_app.services import admin, open_services  # noqa: E402
from reglamentos_app.services.merge import ProvisionConflictError  # noqa: E402
from reglamentos_app.storage import security  # noqa: E402

NAME = "compartido"
PG = os.environ.get("REGLAMENTOS_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
LAWYERS = ("ana", "beto", "carla", "dario")
THINK = (0.2, 1.0)   # seconds between a client's actions
WORDS = ("multa", "licencia", "vía pública", "sanción", "panteón", "horario", "permiso",
         "ayuntamiento", "inspector", "basura")


def p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


class Stats:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = {"lectura": [], "búsqueda": [], "guardado": []}
        self.conflicts = 0
        self.errors: list[str] = []

    def add(self, kind: str, seconds: float) -> None:
        with self.lock:
            self.times[kind].append(seconds)


def setup(db_url: str, prefix: str) -> tuple[list[int], dict[int, str]]:
    admin.init_db(db_url, prefix)
    for who in LAWYERS:
        admin.add_user(db_url, f"{prefix}_{who}", name=f"Lic. {who.title()}",
                       office="Consejería Jurídica", role="redactor")
    with open_services(db_url) as dba:
        dba.corpus.import_paths(sorted((REPO / "corpus").glob("*.txt")))
        largest = sorted(dba.corpus.list_regulations(), key=lambda r: -r.article_count)[:5]
    owner = open_services(_as(db_url, f"{prefix}_ana"))
    projects, uris = [], {}
    for summary in largest:
        project = owner.projects.create(f"Reforma de {summary.title[:60]}", [summary.uri])
        for who in LAWYERS[1:]:
            owner.projects.collab.add_member(project.id, f"{prefix}_{who}")
        projects.append(project.id)
        uris[project.id] = summary.uri
    owner.close()
    return projects, uris


def _as(db_url: str, login: str) -> str:
    return make_url(db_url).set(username=login).render_as_string(hide_password=False)


def client(n: int, url: str, project_id: int, uri: str, index_dir: str, start_at: float,
           deadline: float) -> tuple[dict[str, list[float]], int, list[str], list[tuple]]:
    """One simulated desktop client in its own process; returns its timings."""
    rng = random.Random(n)
    times: dict[str, list[float]] = {"lectura": [], "búsqueda": [], "guardado": []}
    conflicts, errors, log = 0, [], []
    services = open_services(url, index_dir=Path(index_dir))
    try:
        session = services.projects.open_draft(project_id, uri)
        articles = [a.pid for a in session.editor.root.articles()]
        token = services.sync.token()
        count = 0
        services.search.search(WORDS[0])   # warm up: the index opens, caches fill
        _read(services, rng, project_id, uri, articles, token)
        time.sleep(max(0.0, start_at - time.time()))
        while time.time() < deadline:
            time.sleep(rng.uniform(*THINK))
            roll = rng.random()
            start = time.perf_counter()
            try:
                if roll < 0.45:
                    token = _read(services, rng, project_id, uri, articles, token)
                    times["lectura"].append(time.perf_counter() - start)
                elif roll < 0.65:
                    services.search.search(rng.choice(WORDS))
                    times["búsqueda"].append(time.perf_counter() - start)
                else:
                    count += 1
                    pid = rng.choice(articles)
                    body = f"Cliente {n}, guardado {count}."
                    session.editor.edit(pid, text=body)
                    start = time.perf_counter()
                    outcome = "accepted"
                    try:
                        session.save()
                    except ProvisionConflictError as exc:
                        conflicts += 1
                        if body in {c.mine["text"] for c in exc.conflicts if c.mine}:
                            outcome = "conflict"
                    times["guardado"].append(time.perf_counter() - start)
                    log.append((pid, body, outcome, session.target.revision))
            except Exception as exc:  # everything but an expected conflict is an error
                errors.append(f"{type(exc).__name__}: {exc}")
    finally:
        services.close()
    return times, conflicts, errors, log


def _read(services, rng, project_id, uri, articles, token) -> int:
    choice = rng.randrange(4)
    if choice == 0:
        services.projects.get(project_id)
    elif choice == 1:
        services.corpus.get_text(uri)
    elif choice == 2:
        services.workflow.board()
    else:
        services.sync.acquire(project_id, uri, rng.choice(articles))
        token = services.sync.changes_since(token, project_id).token
    return token


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    name = f"reglamentos_bench_{uuid.uuid4().hex[:10]}"
    prefix = name.replace("reglamentos_bench_", "rb")
    server = create_engine(PG, isolation_level="AUTOCOMMIT")
    with server.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    db_url = make_url(PG).set(database=name).render_as_string(hide_password=False)
    try:
        projects, uris = setup(db_url, prefix)
        index_dir = tempfile.mkdtemp()
        with open_services(_as(db_url, f"{prefix}_beto"), index_dir=Path(index_dir)) as searcher:
            searcher.search.search("multa")   # builds the index once, before the clock starts
        stats = Stats()
        start_at = time.time() + 10 + args.clients * 0.75   # every process is ready by then
        deadline = start_at + args.seconds
        with ProcessPoolExecutor(max_workers=args.clients,
                                 mp_context=multiprocessing.get_context("spawn")) as pool:
            futures = [pool.submit(client, n, _as(db_url, f"{prefix}_{LAWYERS[n % 4]}"),
                                   projects[n % len(projects)], uris[projects[n % len(projects)]],
                                   index_dir, start_at, deadline)
                       for n in range(args.clients)]
            logs: dict[int, list[tuple]] = {p: [] for p in projects}
            for n, future in enumerate(futures):
                times, conflicts, errors, log = future.result()
                for kind, values in times.items():
                    stats.times[kind].extend(values)
                stats.conflicts += conflicts
                stats.errors.extend(errors)
                logs[projects[n % len(projects)]].extend(log)
        lost = [problem for p in projects
                for problem in bench_saves.verify(db_url, p, uris[p], logs[p])]
        stored_conflicts = _stored_conflicts(db_url)
    finally:
        engine = create_engine(make_url(db_url).set(drivername="postgresql+psycopg"))
        security.drop_installation(engine, prefix, [f"{prefix}_{w}" for w in LAWYERS])
        engine.dispose()
        with server.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()
    _report(args, stats, lost, stored_conflicts, len(projects))


def _stored_conflicts(db_url: str) -> int:
    """Conflict revisions the server holds (to compare with what the clients were told)."""
    engine = create_engine(make_url(db_url).set(drivername="postgresql+psycopg"))
    with engine.connect() as conn:
        conflicts = conn.execute(text("SELECT count(*) FROM draft_conflicts")).scalar()
    engine.dispose()
    return conflicts


def _report(args, stats: Stats, lost: list[str], stored_conflicts: int, projects: int) -> None:
    saves = stats.times["guardado"]
    rows = []
    for kind, values in stats.times.items():
        rows.append(f"| {kind} | {len(values):,} | {statistics.median(values) * 1e3:.1f} ms | "
                    f"**{p(values, 0.95) * 1e3:.1f} ms** | {p(values, 0.99) * 1e3:.1f} ms |"
                    if values else f"| {kind} | 0 | – | – | – |")
    total = sum(len(v) for v in stats.times.values())
    verdict = ("cumple" if not stats.errors and not lost and p(saves, 0.95) <= 0.100
               else "NO cumple")
    per_project = sorted({sum(1 for n in range(args.clients) if n % projects == k)
                          for k in range(projects)})
    spread = (f"{per_project[0]}" if len(per_project) == 1
              else f"{per_project[0]} a {per_project[-1]}")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    lines = [
        f"Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} núcleos "
        f"compartidos por los clientes y el servidor PostgreSQL local. {args.clients} clientes "
        f"(procesos, cada uno con sus conexiones y su usuario de PostgreSQL) durante "
        f"{args.seconds:.0f} s, pausa de {THINK[0]}–{THINK[1]} s entre acciones (un abogado "
        f"real guarda a lo sumo cada 2 s); {projects} proyectos con {spread} clientes cada uno; "
        f"carga del equipo al terminar {load:.1f}.",
        "",
        "| Acción | Cantidad | Mediana | p95 | p99 |", "|---|---|---|---|---|", *rows, "",
        f"Acciones: {total:,} ({total / args.seconds:.0f}/s). Guardados en conflicto "
        f"(esperados, el texto perdedor queda como revisión en conflicto): {stats.conflicts} "
        f"(en el servidor: {stored_conflicts}). Guardados perdidos, verificados leyendo cada "
        f"proyecto al final: **{len(lost)}**. Errores: **{len(stats.errors)}**. "
        f"Meta: 0 errores, 0 perdidos y p95 de guardado ≤ 100 ms — **{verdict}**.",
    ]
    if stats.errors or lost:
        lines += ["", "Primeros problemas:",
                  *[f"- {e[:200]}" for e in (lost + stats.errors)[:5]]]
    body = report.section(NAME, lines)
    print(body)
    if not args.no_write:
        report.write_section(
            NAME, body, "Modo compartido en PostgreSQL (`bench/bench_shared.py`)",
            "Clientes simulados leen, buscan y guardan a la vez contra una misma base "
            "PostgreSQL preparada con `admin init-db` y `admin add-user`; cada guardado pasa por "
            "la fusión por disposición y por la función del servidor `reg_save_draft`.")


if __name__ == "__main__":
    main()
