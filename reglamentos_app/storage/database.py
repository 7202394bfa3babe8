"""The database handle: open (checking and upgrading the schema) and sessions per operation.

A local SQLite file that is behind is backed up with SQLite's backup API and upgraded at
start. A shared PostgreSQL database that is behind is refused with an explanation: only an
administrator upgrades a database other people use (``reglamentos admin upgrade-db``).
``unit_of_work`` makes several operations one transaction: every ``session`` opened inside it on
the same thread joins it (on a managed PostgreSQL database the server functions they call run in
that transaction too), and any error rolls all of it back.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from ..domain.errors import (
    ConflictError, NotFoundError, ReglamentosError, SchemaOutdatedError, StorageError,
    ValidationError,
)
from . import migrate
from .engine import IMMEDIATE, is_sqlite_url, make_engine, sqlite_path


@dataclass(frozen=True, slots=True)
class DatabaseStatus:
    """What ``Database.open`` found and did."""

    revision: str
    created: bool = False
    upgraded_from: str | None = None
    backup: Path | None = None


@dataclass(frozen=True, slots=True)
class Identity:
    """Who this PostgreSQL login is in the application (shared mode)."""

    user_id: int
    name: str
    office: str
    role: str
    login: str


class Database:
    """One engine and its session factory; create one per database URL."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.is_sqlite = is_sqlite_url(url)
        self.identity: Identity | None = None
        self.engine: Engine = make_engine(url)
        self._reader = sessionmaker(self.engine, expire_on_commit=False)
        writer_bind = self.engine.execution_options(**{IMMEDIATE: True}) if self.is_sqlite else self.engine
        self._writer = sessionmaker(writer_bind, expire_on_commit=False)
        self._local = threading.local()  # the unit of work open on each thread, if any

    def open(self, *, allow_shared_upgrade: bool = False) -> DatabaseStatus:
        """Check the schema and bring it to the newest revision when allowed."""
        try:
            status = self._open(allow_shared_upgrade)
            self.identity = self._load_identity()
            return status
        except ReglamentosError:
            raise
        except SQLAlchemyError as exc:
            raise StorageError(_connect_message(self, exc), detail=str(exc)) from exc

    def _load_identity(self) -> Identity | None:
        """The application user mapped to this PostgreSQL login (``users.login``), if any.

        With one, the database is *managed*: every write of the procedure goes through the
        server's functions, which take the identity from the login. Without one (SQLite, or
        the database owner / an administrator's superuser login) writes are direct.
        """
        if self.is_sqlite:
            return None
        with self.engine.connect() as conn:
            row = conn.execute(text(
                "SELECT id, name, office, role, login FROM users "
                "WHERE login = session_user AND active = 1")).first()
        return Identity(*row) if row else None

    @property
    def safe_url(self) -> str:
        """The URL with any password hidden (for records and messages)."""
        from sqlalchemy.engine import make_url

        return make_url(self.url).render_as_string(hide_password=True)

    @property
    def managed(self) -> bool:
        return self.identity is not None

    def _open(self, allow_shared_upgrade: bool) -> DatabaseStatus:
        head = migrate.head_revision()
        current = migrate.current_revision(self.engine)
        if current == head:
            return DatabaseStatus(head)
        if current is not None and current not in migrate.known_revisions():
            raise StorageError("La base de datos fue creada por una versión más reciente de "
                               "Reglamentos. Actualice el programa para abrirla.")
        fresh = current is None and not migrate.has_tables(self.engine)
        if current is None and not fresh:
            raise StorageError("La base de datos contiene tablas que no son de Reglamentos; "
                               "elija otra base de datos.")
        backup = None
        if not self.is_sqlite and not allow_shared_upgrade:
            raise SchemaOutdatedError(
                f"La base de datos compartida está en la versión «{current or 'vacía'}» y este "
                f"programa necesita la «{head}». Pida al administrador que ejecute "
                f"«reglamentos admin upgrade-db --db URL» antes de usarla."
            )
        path = sqlite_path(self.url) if self.is_sqlite else None
        if path is not None and not fresh:
            backup = migrate.backup_sqlite(path, current or "sin-version")
        migrate.upgrade(self.engine)
        return DatabaseStatus(head, created=fresh, upgraded_from=current, backup=backup)

    @contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        """One write transaction for everything done inside, on this thread (nestable).

        Commits when the outermost block ends normally; any error rolls back every write made
        inside, including the server functions' (PostgreSQL) and the audit records.
        """
        current = getattr(self._local, "session", None)
        if current is not None:
            yield current
            return
        with self.session(write=True) as session:
            self._local.session = session
            try:
                yield session
            finally:
                self._local.session = None

    @contextmanager
    def session(self, *, write: bool = False) -> Iterator[Session]:
        """One session for one operation: commit on success, roll back on any error.

        Inside ``unit_of_work`` it is the unit's session: flushed at the end, never committed
        or rolled back here (the unit does it), and expired so that what statements changed
        is read again."""
        shared = getattr(self._local, "session", None)
        if shared is not None:
            try:
                yield shared
                shared.flush()
            except SQLAlchemyError as exc:
                raise server_error(exc) from exc
            shared.expire_all()
            return
        factory = self._writer if write else self._reader
        session = factory()
        try:
            yield session
            if write:
                session.commit()
            else:
                session.rollback()
        except ReglamentosError:
            session.rollback()
            raise
        except SQLAlchemyError as exc:
            session.rollback()
            raise server_error(exc) from exc
        finally:
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()


class ServerRefused(ValidationError):
    """The PostgreSQL server refused an act (a role or a row the login may not touch)."""

    default_message = "El servidor no permite esta operación con su usuario."


def server_error(exc: SQLAlchemyError) -> ReglamentosError:
    """Translate a database error: refusals and stale stage changes keep the server's words."""
    orig = getattr(exc, "orig", None)
    state = getattr(orig, "sqlstate", None)
    diag = getattr(orig, "diag", None)
    message = getattr(diag, "message_primary", None) or ""
    if state == "42501":
        if not message or message.startswith("permission denied") or "row-level" in message:
            message = ("El servidor no permite esta operación con su usuario (permiso denegado).")
        return ServerRefused(message, detail=str(exc))
    if state == "40001":
        return ConflictError(message or None, detail=str(exc))
    if state == "P0002":
        return NotFoundError(message, detail=str(exc))
    return StorageError("No se pudo completar la operación en la base de datos; "
                        "no se guardó ningún cambio.", detail=str(exc))


def _connect_message(db: Database, exc: SQLAlchemyError | None = None) -> str:
    orig = getattr(exc, "orig", None)
    if getattr(orig, "sqlstate", None) == "42501":   # connected, but may not read the schema
        from sqlalchemy.engine import make_url

        user = make_url(db.url).username or "de la conexión"
        return (f"El usuario «{user}» entró al servidor, pero no tiene permiso para leer esta "
                "base de datos (no es un usuario de Reglamentos ni su administrador). Las "
                "tareas de administración (init-db, add-user, upgrade-db) necesitan un "
                "superusuario de PostgreSQL o un rol con CREATEROLE dueño de la base.")
    if db.is_sqlite:
        return f"No se pudo abrir la base de datos local «{sqlite_path(db.url) or 'en memoria'}»."
    return ("No se pudo conectar con la base de datos compartida. Revise la dirección, el "
            "usuario y que el servidor esté disponible.")
