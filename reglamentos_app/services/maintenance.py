"""Release housekeeping: database backups, left-over temporary files, the program's self-test.

``backup_database`` copies a live local (SQLite) database with SQLite's online backup API —
never a file copy, which can catch a half-written page while the program writes — into a
temporary file next to the destination, checks it with ``PRAGMA integrity_check`` and renames
it into place, so a crash leaves the old backup or the new one. ``clean_leftovers`` sweeps the
``.NAME.XXXX.tmp`` files and folders that an atomic write (``files.write_atomic``) or a
publication package being built leaves when the program is killed; the app calls it at start.
``run_self_test`` is the body of ``reglamentos-gui --self-test``: import a sample of the bundled
corpus into the services given, search, diff a reform draft, export, each step timed and
reported in Spanish, so a packaged build can prove it works on the user's machine.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..domain.errors import ReglamentosError, ValidationError
from ..storage.engine import sqlite_path
from .files import fsync_folder

TMP_SUFFIX = ".tmp"
LEFTOVER_MIN_AGE_S = 30.0  # younger ones may belong to another instance writing right now


# -- backups ----------
def backup_database(db_url: str, dest: Path) -> Path:
    """Back up the local database at ``db_url`` to ``dest`` with SQLite's backup API."""
    source = sqlite_path(db_url) if db_url.startswith("sqlite") else None
    if source is None:
        raise ValidationError("Solo la base de datos local (SQLite) se respalda desde el "
                              "programa; el administrador respalda la base compartida con "
                              "«pg_dump».")
    if not source.is_file():
        raise ValidationError(f"No existe la base de datos «{source}».")
    dest = Path(dest)
    if dest.resolve() == source.resolve():
        raise ValidationError("El respaldo no puede escribirse sobre la propia base de datos.")
    folder = dest.parent if str(dest.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=TMP_SUFFIX, dir=folder)
        os.close(fd)
    except OSError as exc:
        raise ReglamentosError(f"No se pudo escribir en «{folder}»: {exc.strerror or exc}.",
                               detail=str(exc)) from exc
    tmp = Path(tmp_name)
    try:
        _copy_with_backup_api(source, tmp)
        _fsync(tmp)
        os.replace(tmp, dest)
        fsync_folder(folder)
    except sqlite3.Error as exc:
        tmp.unlink(missing_ok=True)
        raise ReglamentosError("No se pudo respaldar la base de datos.", detail=str(exc)) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return dest


def _copy_with_backup_api(source: Path, target: Path) -> None:
    src = sqlite3.connect(f"file:{source.as_posix()}?mode=ro", uri=True, timeout=30)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)  # pages copied consistently, even while another connection writes
        result = dst.execute("PRAGMA integrity_check").fetchone()[0]
        # A backup file stands alone: no -wal/-shm beside it.
        dst.execute("PRAGMA journal_mode=DELETE")
    finally:
        dst.close()
        src.close()
    if result != "ok":
        raise ReglamentosError("El respaldo no pasó la verificación de integridad.",
                               detail=str(result))


def integrity_check(path: Path) -> str:
    """``PRAGMA integrity_check`` of a SQLite file ("ok" when sound)."""
    con = sqlite3.connect(f"file:{Path(path).as_posix()}?mode=ro", uri=True, timeout=30)
    try:
        return "\n".join(str(row[0]) for row in con.execute("PRAGMA integrity_check"))
    finally:
        con.close()


def _fsync(path: Path) -> None:
    with open(path, "rb") as stream:
        os.fsync(stream.fileno())


# -- left-over temporary files ----------
# What this program writes atomically (exports, packages, backups, settings, journals): a
# temporary file of another program, even named alike, is never ours to remove.
OWN_SUFFIXES = frozenset({".docx", ".pdf", ".html", ".txt", ".xml", ".akn", ".zip", ".csv",
                          ".json", ".sqlite3", ".db", ".reforma", ".yaml"})
_TEMP_NAME = re.compile(r"^\.(?P<name>.+)\.[a-z0-9_]{8}\.tmp$")  # tempfile's 8 random chars


def is_leftover(path: Path) -> bool:
    """``.NAME.XXXXXXXX.tmp``, as ``write_atomic``, the package builder and the backup name
    their temporary files, for a NAME this program writes (a package folder: its files)."""
    match = _TEMP_NAME.match(path.name)
    if match is None:
        return False
    if path.is_dir() and not path.is_symlink():
        try:
            return all(p.is_file() and p.suffix.lower() in OWN_SUFFIXES for p in path.iterdir())
        except OSError:
            return False
    return Path(match.group("name")).suffix.lower() in OWN_SUFFIXES


def clean_leftovers(folders: Iterable[Path], *, min_age_s: float = LEFTOVER_MIN_AGE_S,
                    now: float | None = None) -> list[Path]:
    """Remove the temporary files and half-built package folders a killed run left behind.

    Only direct children of each folder are looked at, and only those older than
    ``min_age_s`` (a second instance may be writing one right now). Returns what was removed.
    """
    now = time.time() if now is None else now
    removed: list[Path] = []
    seen: set[Path] = set()
    for folder in folders:
        folder = Path(folder)
        if folder in seen or not folder.is_dir():
            continue
        seen.add(folder)
        try:
            entries = list(folder.iterdir())
        except OSError:
            continue
        for entry in entries:
            if not is_leftover(entry):
                continue
            try:
                if now - entry.lstat().st_mtime < min_age_s:
                    continue
                if entry.is_dir() and not entry.is_symlink():
                    shutil.rmtree(entry)
                else:
                    entry.unlink()
                removed.append(entry)
            except OSError:
                continue  # not ours to fight over: it stays for the next start
    return removed


# -- self-test ----------
@dataclass
class SelfTestStep:
    """One step of the self-test: its Spanish name, result and time."""

    name: str
    ok: bool
    detail: str
    seconds: float


@dataclass
class SelfTestReport:
    steps: list[SelfTestStep] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.steps) and all(s.ok for s in self.steps)

    def summary(self) -> str:
        lines = ["Autoprueba de Reglamentos"]
        for s in self.steps:
            mark = "bien " if s.ok else "FALLA"
            lines.append(f"  [{mark}] {s.name} ({s.seconds:.1f} s): {s.detail}")
        verdict = "todo funciona" if self.ok else "hubo fallas"
        total = sum(s.seconds for s in self.steps)
        lines.append(f"Resultado: {verdict} ({len(self.steps)} pasos, {total:.1f} s).")
        return "\n".join(lines)


SAMPLE_FILES = ("panteones.txt", "mercados.txt", "estacionamientos.txt")
SEARCH_WORDS = "inhumación"


def run_self_test(services, corpus: Path, workdir: Path,
                  extra: Iterable[tuple[str, Callable[[], str]]] = ()) -> SelfTestReport:
    """Run each step on ``services`` (a fresh database); a failed step stops the rest.

    ``extra`` adds caller steps (the GUI's: build the main window) after the service steps.
    """
    report = SelfTestReport()
    state: dict = {}
    steps = [
        ("Importar la muestra del corpus", lambda: _import_sample(services, corpus, state)),
        ("Buscar en el texto vigente", lambda: _search(services, state)),
        ("Comparar un borrador de reforma", lambda: _diff(services, state)),
        ("Exportar (Word, PDF y paquete de publicación)",
         lambda: _export(services, workdir, state)),
        *extra,
    ]
    for name, step in steps:
        start = time.perf_counter()
        try:
            detail, ok = step(), True
        except ReglamentosError as exc:
            detail, ok = exc.user_message, False
        except Exception as exc:  # noqa: BLE001 - a self-test reports, it does not crash
            detail, ok = f"{type(exc).__name__}: {exc}", False
        report.steps.append(SelfTestStep(name, ok, detail, time.perf_counter() - start))
        if not ok:
            break
    return report


def _import_sample(services, corpus: Path, state: dict) -> str:
    files = [corpus / name for name in SAMPLE_FILES if (corpus / name).is_file()]
    if not files:
        raise ValidationError(f"No se encontró el corpus de muestra en «{corpus}».")
    outcomes = services.corpus.import_paths(files)
    failed = [o for o in outcomes if o.status.value == "failed"]
    if failed:
        raise ValidationError(f"No se importó «{failed[0].path.name}»: {failed[0].message}")
    state["uris"] = [o.uri for o in outcomes]
    articles = sum(o.articles for o in outcomes)
    return f"{len(outcomes)} reglamentos, {articles} artículos"


def _search(services, state: dict) -> str:
    results = services.search.search(SEARCH_WORDS)
    if results.total == 0:
        raise ValidationError(f"La búsqueda de «{SEARCH_WORDS}» no encontró nada.")
    first = results.hits[0]
    state["hit"] = first
    return f"«{SEARCH_WORDS}»: {results.total} resultados; el primero, {first.label}"


def _diff(services, state: dict) -> str:
    uri = state["hit"].uri
    project = services.projects.create("Autoprueba: reforma de ejemplo", [uri])
    session = services.projects.open_draft(project.id, uri)
    article = session.editor.root.find(state["hit"].eid) or _first_article(session.editor.root)
    session.editor.edit(article.pid, text=article.text + " Texto agregado por la autoprueba.")
    session.save()
    comparison = services.projects.compare(project.id, uri)
    ops = services.projects.operations(project.id)[uri]
    changed = [p for p in comparison.alignment.pairs if p.base is not None and p.draft is not None
               and p.base.text != p.draft.text]
    if not ops or not changed:
        raise ValidationError("La comparación no encontró el cambio del borrador.")
    decree = services.projects.decree(project.id)
    if f"artículo {ops[0].article_num}" not in decree.lower():
        raise ValidationError("El texto del decreto no menciona el artículo reformado.")
    state["project"] = project.id
    return (f"proyecto {project.id}: {len(ops)} operación(es) de reforma; el decreto reforma "
            f"el artículo {ops[0].article_num}")


def _first_article(root):
    for node in root.walk():
        if node.kind.value == "article" and node.text:
            return node
    raise ValidationError("El reglamento de la muestra no tiene artículos.")


def _export(services, workdir: Path, state: dict) -> str:
    uri = state["hit"].uri
    workdir.mkdir(parents=True, exist_ok=True)
    made = []
    for fmt in ("docx", "pdf"):
        path = workdir / f"texto-vigente.{fmt}"
        services.exports.export_consolidated(uri, path, fmt)
        made.append(path)
    cuadro = workdir / "cuadro-comparativo.docx"
    services.exports.save(cuadro, services.exports.cuadro(state["project"], "docx"))
    made.append(cuadro)
    package = services.exports.package(uri, workdir / "paquete", as_zip=False)
    problems = services.exports.verify_package(package.path)
    if problems:
        raise ValidationError(f"El paquete exportado no se verifica: {problems[0]}")
    for path in made:
        if not path.is_file() or path.stat().st_size == 0:
            raise ValidationError(f"No se escribió «{path.name}».")
    if made[1].read_bytes()[:5] != b"%PDF-":
        raise ValidationError("El PDF exportado no es un PDF.")
    size = sum(p.stat().st_size for p in made) // 1024
    return (f"{len(made)} documentos ({size} KB) y un paquete de {len(package.files)} archivos "
            f"verificado; fecha {date.today():%d/%m/%Y}")
