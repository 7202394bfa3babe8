"""Archivo › Respaldar base de datos…: a consistent copy of the local database.

The user picks where to save; the copy is made in the background with SQLite's backup API
(``services.maintenance.backup_database``, never a file copy, so it is sound even while this
program writes), checked for integrity and renamed into place. A shared PostgreSQL database is
not backed up from here: the message says the administrator does it with ``pg_dump``.
``choose_path`` is a module function so tests can answer the file dialog.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtWidgets import QMainWindow, QMessageBox

from ..services import maintenance
from . import file_dialogs
from .ops import Op, OpRunner
from .saved_notice import confirm_saved

TITLE = "Respaldar base de datos"


def choose_path(window: QMainWindow) -> Path | None:
    name = f"reglamentos-respaldo-{datetime.now():%Y%m%d-%H%M}.sqlite3"
    path = file_dialogs.save_file(window, TITLE, name, "Base de datos SQLite (*.sqlite3)")
    return Path(path) if path else None


def back_up(window: QMainWindow, runner: OpRunner, db_url: str) -> None:
    if not db_url.startswith("sqlite"):
        QMessageBox.information(window, TITLE, "Esta es una base de datos compartida "
                                "(PostgreSQL): la respalda el administrador del servidor con "
                                "«pg_dump». Desde aquí se respalda solo la base local.")
        return
    dest = choose_path(window)
    if dest is None:
        return

    def done(path: Path) -> None:
        window.statusBar().showMessage(f"Respaldo guardado en «{path}» (integridad verificada).",
                                       15000)
        confirm_saved(window, path, "El respaldo de la base de datos",
                      "Se verificó su integridad.")

    Op(runner, parent=window, op=lambda svc, _report, _cancel: maintenance.backup_database(
           svc.db.url, dest),
       success=done).with_progress("Respaldando la base de datos…").run_in_background()
