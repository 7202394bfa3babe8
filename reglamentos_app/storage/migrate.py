"""Schema migrations with Alembic, run from code (the scripts ship inside the package).

``schema_state`` compares the database's revision with the newest script; ``upgrade`` applies
the missing ones on a given connection. Alembic is imported lazily because it adds noticeable
start-up time (MLflow does the same).
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, inspect

from ..domain.errors import StorageError

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def _config():
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config()).get_current_head()


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {s.revision for s in ScriptDirectory.from_config(_config()).walk_revisions()}


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def has_tables(engine: Engine) -> bool:
    return bool(inspect(engine).get_table_names())


def upgrade(engine: Engine) -> None:
    """Apply every missing migration in one transaction."""
    from alembic import command

    cfg = _config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def backup_sqlite(path: Path, label: str) -> Path:
    """Copy a live SQLite database with the backup API (never a file copy) and check it."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.respaldo-{stamp}-{label}{path.suffix or '.sqlite3'}")
    try:
        with sqlite3.connect(path) as src, sqlite3.connect(target) as dst:
            src.backup(dst)
            result = dst.execute("PRAGMA integrity_check").fetchone()[0]
        if result != "ok":
            raise StorageError("El respaldo de la base de datos no pasó la verificación de "
                               "integridad; no se actualizó la base de datos.", detail=result)
    except sqlite3.Error as exc:
        raise StorageError("No se pudo respaldar la base de datos antes de actualizarla.",
                           detail=str(exc)) from exc
    return target
