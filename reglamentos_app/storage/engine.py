"""Engines for SQLite (local, single user) and PostgreSQL (shared office database).

SQLite runs in WAL mode with foreign keys on, ``synchronous=FULL`` (drafts are small, so
durability is cheap) and a busy timeout. pysqlite defers ``BEGIN``; we take over transaction
control so that writing sessions start with ``BEGIN IMMEDIATE`` and never fail half-way on a
lock upgrade, while reading sessions use a plain ``BEGIN`` (RELIABILITY.md §1).
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

from ..domain.errors import StorageError

IMMEDIATE = "reglamentos_sqlite_immediate"


def is_sqlite_url(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def sqlite_path(url: str) -> Path | None:
    """Filesystem path of a SQLite URL, or None for an in-memory database."""
    database = make_url(url).database
    return Path(database) if database and database != ":memory:" else None


def make_engine(url: str) -> Engine:
    """Create an engine with the settings this application relies on."""
    try:
        parsed = make_url(url)
    except Exception as exc:  # sqlalchemy.exc.ArgumentError and friends
        raise StorageError(f"La dirección de la base de datos «{url}» no es válida.",
                           detail=str(exc)) from exc
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return _sqlite_engine(url)
    if backend == "postgresql":
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        return create_engine(parsed, pool_pre_ping=True)
    raise StorageError(f"Base de datos no admitida: «{backend}». Use SQLite o PostgreSQL.")


def _sqlite_engine(url: str) -> Engine:
    path = sqlite_path(url)
    if path is not None:
        text = str(path)
        if text.startswith(("\\\\", "//")):
            raise StorageError("La base de datos local no puede estar en una carpeta de red; "
                               "para trabajo compartido use PostgreSQL.")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(f"No se pudo crear la carpeta «{path.parent}».",
                               detail=str(exc)) from exc
    engine = create_engine(url, connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves (see module docstring)
        cursor = dbapi_connection.cursor()
        for pragma in ("journal_mode=WAL", "foreign_keys=ON", "synchronous=FULL",
                       "busy_timeout=30000"):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        immediate = connection.get_execution_options().get(IMMEDIATE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine
