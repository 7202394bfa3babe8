"""``--self-test`` from source, backups with SQLite's backup API and the start-up sweep."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reglamentos_app.domain.errors import ValidationError
from reglamentos_app.services import maintenance
from reglamentos_app.services.files import write_atomic

REPO = Path(__file__).resolve().parents[2]


def test_self_test_from_source_passes_and_speaks_spanish(tmp_path):
    env = {**os.environ, "REGLAMENTOS_HOME": str(tmp_path / "casa")}
    env.pop("QT_QPA_PLATFORM", None)  # the self-test chooses the offscreen platform itself
    result = subprocess.run([sys.executable, "-m", "reglamentos_app", "--self-test"], cwd=REPO,
                            env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert "Autoprueba de Reglamentos" in out and "Resultado: todo funciona" in out
    for step in ("Importar la muestra", "Buscar", "Comparar", "Exportar", "ventana principal"):
        assert step in out
    assert "FALLA" not in out
    assert not (tmp_path / "casa").exists()  # nothing of the user's is touched


def test_self_test_steps_on_both_backends(qapp, services, tmp_path):
    from reglamentos_app.config import corpus_dir

    report = maintenance.run_self_test(services, corpus_dir(), tmp_path / "out")
    assert report.ok, report.summary()
    assert len(report.steps) == 4
    assert (tmp_path / "out" / "paquete" / "manifest.json").is_file()


def test_self_test_reports_a_failed_step_and_stops(sqlite_services, tmp_path):
    services = sqlite_services
    report = maintenance.run_self_test(services, tmp_path / "no-existe", tmp_path / "out")
    assert not report.ok
    assert [s.ok for s in report.steps] == [False]
    assert "No se encontró el corpus de muestra" in report.summary()
    assert "Resultado: hubo fallas" in report.summary()


def _sqlite_with_rows(path: Path, rows: int) -> None:
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)")
    con.executemany("INSERT INTO t (v) VALUES (?)", [(f"fila {i}",) for i in range(rows)])
    con.commit()
    con.close()


def test_backup_uses_the_backup_api_and_is_consistent_while_writing(tmp_path):
    db = tmp_path / "base.sqlite3"
    _sqlite_with_rows(db, 500)
    writer = sqlite3.connect(db)
    writer.execute("INSERT INTO t (v) VALUES ('sin confirmar')")  # open write transaction
    dest = maintenance.backup_database(f"sqlite:///{db}", tmp_path / "respaldos" / "r.sqlite3")
    writer.rollback()
    writer.close()
    assert maintenance.integrity_check(dest) == "ok"
    con = sqlite3.connect(dest)
    assert con.execute("SELECT count(*) FROM t").fetchone()[0] == 500
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    con.close()
    assert not [p for p in dest.parent.iterdir() if p.name.endswith(".tmp")]


def test_backup_refuses_shared_and_self(tmp_path):
    db = tmp_path / "base.sqlite3"
    _sqlite_with_rows(db, 1)
    with pytest.raises(ValidationError, match="pg_dump"):
        maintenance.backup_database("postgresql://x@y/z", tmp_path / "r.sqlite3")
    with pytest.raises(ValidationError, match="propia base"):
        maintenance.backup_database(f"sqlite:///{db}", db)


def test_clean_leftovers_removes_only_old_temp_files_and_half_packages(tmp_path):
    write_atomic(tmp_path / "bueno.docx", b"completo")
    old_file = tmp_path / ".informe.docx.ab12cd34.tmp"
    old_file.write_bytes(b"a medias")
    old_dir = tmp_path / ".paquete.x9y8w7v6.tmp"
    old_dir.mkdir()
    (old_dir / "texto.txt").write_text("a medias")
    young = tmp_path / ".otro.pdf.zz11zz11.tmp"
    young.write_bytes(b"otra instancia escribiendo")
    keep = [tmp_path / "notas.tmp", tmp_path / ".oculto", tmp_path / ".config.tmp",
            tmp_path / ".otra-app.bin.abcd1234.tmp"]     # not a file this program writes
    foreign_dir = tmp_path / ".cache.abcd1234.tmp"
    foreign_dir.mkdir()
    (foreign_dir / "datos.bin").write_bytes(b"de otro programa")
    for p in keep:
        p.write_text("del usuario")
    past = time.time() - 3600
    for p in (old_file, old_dir, *keep, foreign_dir):
        os.utime(p, (past, past))
    removed = maintenance.clean_leftovers([tmp_path, tmp_path / "no-existe"])
    assert sorted(removed) == sorted([old_file, old_dir])
    assert young.exists() and foreign_dir.exists() and all(p.exists() for p in keep)
    assert (tmp_path / "bueno.docx").read_bytes() == b"completo"


def test_the_program_sweeps_leftovers_of_a_killed_run_at_start(tmp_path, monkeypatch):
    from reglamentos_app import app
    from reglamentos_app.config import data_dir

    monkeypatch.setenv("REGLAMENTOS_HOME", str(tmp_path / "casa"))
    folder = tmp_path / "bases"
    folder.mkdir()
    data_dir().mkdir(parents=True)
    leftovers = [folder / ".reglamentos.sqlite3.k2j3k2j3.tmp",
                 data_dir() / ".ajustes.json.a1b2c3d4.tmp"]
    past = time.time() - 3600
    for path in leftovers:
        path.write_bytes(b"a medias")
        os.utime(path, (past, past))
    (folder / "reglamentos.sqlite3").write_bytes(b"")
    app._clean_leftovers(f"sqlite:///{folder / 'reglamentos.sqlite3'}")
    assert not any(p.exists() for p in leftovers)
    assert (folder / "reglamentos.sqlite3").exists()
