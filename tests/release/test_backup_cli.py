"""``reglamentos respaldo RUTA``: a verified copy with the backup API; Spanish refusals."""

from __future__ import annotations

import sqlite3

from reglamentos_app.cli.main import main


def test_cli_backup_of_the_local_database(sqlite_url, sqlite_services, tmp_path, capsys):
    sqlite_services.projects.create("Proyecto a respaldar")
    dest = tmp_path / "copia.sqlite3"
    assert main(["respaldo", str(dest), "--db", sqlite_url]) == 0
    assert "verificación de integridad: correcta" in capsys.readouterr().out
    con = sqlite3.connect(dest)
    try:
        assert con.execute("SELECT title FROM reform_projects").fetchall() == \
            [("Proyecto a respaldar",)]
    finally:
        con.close()


def test_cli_backup_refuses_a_shared_database(tmp_path, capsys):
    assert main(["respaldo", str(tmp_path / "x.sqlite3"), "--db",
                 "postgresql://ana@servidor/reglamentos"]) == 1
    assert "pg_dump" in capsys.readouterr().err
