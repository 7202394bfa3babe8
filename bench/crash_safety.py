"""Crash safety: SIGKILL a process in the middle of saving drafts, exports and backups.

    .venv/bin/python bench/crash_safety.py [--iterations 200] [--seed 1]

A child process opens the services on a SQLite database and loops over one kind of work,
printing a line after each step that is *acknowledged* (the save returned, the file was
written): ``draft`` edits an article, writes the recovery journal (as the editor does after a
pause in typing), saves and drops the journal; ``export`` writes the texto vigente (.docx),
a publication package (folder) and a .zip package; ``backup`` backs up the database with
SQLite's backup API. The parent kills it with SIGKILL at a random moment after its first
acknowledgement and checks, each time:

- ``PRAGMA integrity_check`` of the database is "ok";
- no acknowledged draft save is lost, and the text of the last journal entry is either stored
  or offered by the recovery journal (what the editor offers at the next opening);
- every export present is whole: the .docx equals the reference bytes (exports are
  deterministic), every package folder and .zip verifies against its manifest, every backup
  passes its own integrity check;
- the left-overs (``.NAME.XXXX.tmp`` files and half-built package folders) are swept by
  ``maintenance.clean_leftovers``, as the program does at start.

It prints the figures and exits 1 on the first violation. ``tests/release/test_crash_safety.py``
runs a reduced version (``run(iterations=20)``).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SAMPLE = "panteones.txt"
MODES = ("draft", "export", "backup")
MARK = re.compile(r" \[versión (\d+)\]$")


# -- the child: loops until killed ----------
def _services(work: Path):
    from reglamentos_app.services import open_services

    return open_services(f"sqlite:///{work / 'base.sqlite3'}", index_dir=work / "indice")


def _article(root):
    return next(n for n in root.walk() if n.kind.value == "article" and n.text)


def child(mode: str, work: Path) -> None:
    from reglamentos_app.services import maintenance
    from reglamentos_app.services.recovery import RecoveryJournal

    services = _services(work)
    uri = (work / "uri.txt").read_text(encoding="utf-8")
    project_id = int((work / "proyecto.txt").read_text(encoding="utf-8"))
    out = work / "salida"
    if mode == "draft":
        journal = RecoveryJournal(work / "recuperacion", services.db.url)
        session = services.projects.open_draft(project_id, uri)
        node = _article(session.editor.root)
        match = MARK.search(node.text)
        i = int(match.group(1)) if match else 0
        base = MARK.sub("", node.text)
        while True:
            i += 1
            session.editor.edit(node.pid, text=f"{base} [versión {i}]")
            journal.record(project_id, uri, i, session.target.draft)
            print(f"J {i}", flush=True)
            session.save()
            print(f"S {i}", flush=True)
            journal.discard(project_id, uri, i)
    elif mode == "export":
        i = 0
        while True:
            i += 1
            services.exports.export_consolidated(uri, out / "texto-vigente.docx", "docx")
            print(f"E {i}", flush=True)
            services.exports.package(uri, out / f"paquete-{os.getpid()}-{i}", as_zip=False)
            print(f"P {i}", flush=True)
            services.exports.package(uri, out / "paquete.zip")
            print(f"Z {i}", flush=True)
    elif mode == "backup":
        i = 0
        while True:
            i += 1
            maintenance.backup_database(services.db.url, out / "respaldo.sqlite3")
            print(f"B {i}", flush=True)


# -- the parent ----------
def setup(work: Path) -> bytes:
    """A database with the sample regulation and a project on it; the reference export."""
    from reglamentos_app.config import corpus_dir

    services = _services(work)
    try:
        outcome = services.corpus.import_paths([corpus_dir() / SAMPLE])[0]
        project = services.projects.create("Prueba de fallas", [outcome.uri])
        (work / "uri.txt").write_text(outcome.uri, encoding="utf-8")
        (work / "proyecto.txt").write_text(str(project.id), encoding="utf-8")
        (work / "salida").mkdir()
        return services.exports.consolidated(outcome.uri, "docx")
    finally:
        services.close()


# The ack that closes one whole cycle of each mode's work.
CYCLE_END = {"draft": "S", "export": "Z", "backup": "B"}


def kill_once(mode: str, work: Path, rng: random.Random) -> dict[str, int]:
    """Start a child, SIGKILL it at a random moment of its second cycle; the last acks.

    The kill time is drawn over the length of the child's *own* first cycle (measured, not a
    fixed 0.8 s): on a busy machine a fixed window ended before any package folder was written,
    and the default run checked 0 packages.
    """
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "REGLAMENTOS_HOME": str(work / "casa")}
    process = subprocess.Popen([sys.executable, __file__, "--child", mode, str(work)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    seen = []
    started = time.perf_counter()
    while True:
        line = process.stdout.readline()
        if not line:
            raise RuntimeError(f"el proceso hijo ({mode}) terminó sin trabajar: "
                               f"{process.stderr.read()[-2000:]}")
        seen.append(line)
        if line.split()[0] == CYCLE_END[mode]:
            break
    cycle = time.perf_counter() - started
    time.sleep(rng.uniform(0.0, cycle))
    process.send_signal(signal.SIGKILL)
    rest, _err = process.communicate()
    acks: dict[str, int] = {}
    for line in [*seen, *rest.splitlines()]:
        parts = line.split()
        if len(parts) == 2 and parts[1].isdigit():
            acks[parts[0]] = int(parts[1])
    return acks


def check(mode: str, work: Path, acks: dict[str, int], reference: bytes,
          seen_packages: set[str]) -> tuple[list[str], int]:
    """Violations after one kill (empty: all good) and how many left-overs were swept."""
    from reglamentos_app.services import maintenance
    from reglamentos_app.services.recovery import RecoveryJournal

    problems = []
    db = work / "base.sqlite3"
    integrity = maintenance.integrity_check(db)
    if integrity != "ok":
        problems.append(f"integridad de la base: {integrity}")
    out = work / "salida"
    swept = len(maintenance.clean_leftovers([out, work / "recuperacion"], min_age_s=0))
    leftovers = [p.name for p in out.iterdir() if maintenance.is_leftover(p)]
    if leftovers:
        problems.append(f"quedaron temporales: {leftovers}")
    services = _services(work)
    try:
        if mode == "draft":
            problems += _check_draft(services, work, acks, RecoveryJournal)
        elif mode == "export":
            problems += _check_exports(services, out, reference, seen_packages)
        else:
            backup = out / "respaldo.sqlite3"
            if backup.exists() and maintenance.integrity_check(backup) != "ok":
                problems.append("respaldo dañado")
            if acks.get("B") and not backup.exists():
                problems.append("respaldo confirmado y perdido")
    finally:
        services.close()
    return problems, swept


def _check_draft(services, work: Path, acks: dict[str, int], journal_class) -> list[str]:
    uri = (work / "uri.txt").read_text(encoding="utf-8")
    project_id = int((work / "proyecto.txt").read_text(encoding="utf-8"))
    stored_tree = services.projects.open_draft(project_id, uri).target.draft
    match = MARK.search(_article(stored_tree).text)
    stored = int(match.group(1)) if match else 0
    problems = []
    if stored < acks.get("S", 0):
        problems.append(f"se perdió un guardado confirmado: {acks['S']} > {stored}")
    journal = journal_class(work / "recuperacion", services.db.url)
    pending = journal.pending(project_id, uri, stored_tree)
    offered = int(MARK.search(_article(pending.tree).text).group(1)) if pending else 0
    if max(stored, offered) < acks.get("J", 0):
        problems.append(f"el texto sin guardar {acks['J']} no se ofrece (guardado {stored}, "
                        f"ofrecido {offered})")
    if pending is not None and offered <= stored:
        problems.append("se ofrece un texto más viejo que el guardado")
    if pending is not None:
        journal.discard(project_id, uri)  # as "Descartar" would; the next child goes on
    return problems


def _check_exports(services, out: Path, reference: bytes, seen: set[str]) -> list[str]:
    problems = []
    docx = out / "texto-vigente.docx"
    if docx.exists() and docx.read_bytes() != reference:
        problems.append("texto-vigente.docx incompleto o distinto")
    for package in sorted(out.glob("paquete*")):
        if package.name in seen:
            continue
        found = services.exports.verify_package(package)
        if found:
            problems.append(f"{package.name} no se verifica: {found[0]}")
        if package.is_dir():
            seen.add(package.name)  # folders never change once renamed into place
    return problems


def run(iterations: int = 200, seed: int = 1, verbose: bool = True) -> dict:
    rng = random.Random(seed)
    counts: Counter = Counter()
    with tempfile.TemporaryDirectory(prefix="reglamentos-fallas-") as tmp:
        work = Path(tmp)
        reference = setup(work)
        seen: set[str] = set()
        start = time.perf_counter()
        for n in range(iterations):
            mode = MODES[n % len(MODES)]
            acks = kill_once(mode, work, rng)
            problems, swept = check(mode, work, acks, reference, seen)
            counts[f"kills_{mode}"] += 1
            counts["swept"] += swept
            for kind, label in (("S", "acked_draft_saves"), ("E", "acked_exports"),
                                ("B", "acked_backups")):
                counts[label] = max(counts[label], acks.get(kind, 0))
            if problems:
                raise AssertionError(f"iteración {n + 1} ({mode}): " + "; ".join(problems))
            if verbose and (n + 1) % 20 == 0:
                print(f"  {n + 1}/{iterations} muertes, sin fallas "
                      f"({time.perf_counter() - start:.0f} s)", flush=True)
        counts["packages_checked"] = len(seen)
        counts["seconds"] = round(time.perf_counter() - start)
    if counts["kills_export"] and not counts["packages_checked"]:
        raise AssertionError("ninguna carpeta de paquete se comprobó: la prueba no ejercitó "
                             "los paquetes")
    return dict(counts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--child", nargs=2, metavar=("MODO", "CARPETA"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]))
        return 0
    try:
        figures = run(args.iterations, args.seed)
    except AssertionError as exc:
        print(f"FALLA: {exc}")
        return 1
    print(f"{args.iterations} procesos muertos con SIGKILL a mitad de guardar: "
          f"integridad siempre «ok», ningún guardado confirmado perdido, ninguna exportación "
          f"rota. {figures}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
