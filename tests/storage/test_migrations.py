"""Schema migrations: one head, upgrade of an empty database, no drift, refusals, backups."""

import sqlite3

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, text

from reglamentos_app.domain.errors import SchemaOutdatedError, StorageError
from reglamentos_app.storage import Database
from reglamentos_app.storage import migrate
from reglamentos_app.storage.records import Base


def test_single_head():
    from alembic.script import ScriptDirectory

    assert len(ScriptDirectory.from_config(migrate._config()).get_heads()) == 1


def test_upgrade_empty_database_and_no_drift(db_url):
    db = Database(db_url)
    status = db.open(allow_shared_upgrade=True)
    assert status.created and status.revision == migrate.head_revision()
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []
    # Opening again changes nothing.
    assert db.open() == type(status)(status.revision)
    db.dispose()


def test_sqlite_pragmas(sqlite_url):
    db = Database(sqlite_url)
    db.open()
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
    db.dispose()


@pytest.mark.postgres
def test_shared_database_behind_is_refused_with_explanation(pg_url):
    db = Database(pg_url)
    with pytest.raises(SchemaOutdatedError) as err:
        db.open()
    assert "administrador" in err.value.user_message
    assert "upgrade-db" in err.value.user_message
    db.dispose()


def test_foreign_tables_are_refused(tmp_path):
    path = tmp_path / "otra.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("create table clientes (id integer)")
    db = Database(f"sqlite:///{path}")
    with pytest.raises(StorageError) as err:
        db.open()
    assert "no son de Reglamentos" in err.value.user_message
    db.dispose()


def test_database_from_a_newer_program_is_refused(sqlite_url):
    db = Database(sqlite_url)
    db.open()
    with db.engine.begin() as conn:
        conn.execute(text("update alembic_version set version_num = '9999'"))
    with pytest.raises(StorageError) as err:
        db.open()
    assert "más reciente" in err.value.user_message
    db.dispose()


def test_sqlite_upgrade_backs_up_first(tmp_path, monkeypatch):
    """A local database that is behind is copied with the backup API before the upgrade."""
    path = tmp_path / "local.sqlite3"
    db = Database(f"sqlite:///{path}")
    db.open()
    with db.engine.begin() as conn:
        conn.execute(text("insert into regulations (uri, title, kind, issuing_body, status, "
                          "reform_quorum, responsible_unit, header_notes, created_at, updated_at) "
                          "values ('/mx-bc-mxl/reglamento/2001/x', 'X', 'reglamento', '', "
                          "'in_force', 'simple', '', '[]', '2026-01-01', '2026-01-01')"))
        conn.execute(text("update alembic_version set version_num = '0000'"))
    upgraded = []
    monkeypatch.setattr(migrate, "known_revisions", lambda: {"0000", "0001"})
    monkeypatch.setattr(migrate, "upgrade", lambda engine: upgraded.append(engine))
    status = db.open()
    assert upgraded and status.upgraded_from == "0000"
    assert status.backup is not None and status.backup.exists()
    with sqlite3.connect(status.backup) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("select title from regulations").fetchall() == [("X",)]
    db.dispose()


def test_bad_url_gives_spanish_error():
    with pytest.raises(StorageError) as err:
        Database("mysql://x@y/z")
    assert "no admitida" in err.value.user_message


def test_unreachable_server_gives_spanish_error():
    db = Database("postgresql+psycopg://nadie@127.0.0.1:1/nada?connect_timeout=2")
    with pytest.raises(StorageError) as err:
        db.open()
    assert "No se pudo conectar" in err.value.user_message
    db.dispose()


def test_network_path_refused():
    with pytest.raises(StorageError) as err:
        Database("sqlite:///\\\\servidor\\compartida\\r.sqlite3")
    assert "carpeta de red" in err.value.user_message
