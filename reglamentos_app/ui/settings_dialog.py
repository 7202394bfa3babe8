"""The "Configuración" dialog: which database Reglamentos uses.

Three choices: the default local file, another SQLite file, or a shared PostgreSQL server
(typed as a URL). Accepting validates the choice, stores it with ``Settings.save()`` and
reminds the user that the change applies the next time the program starts: the open
database is never swapped under a running window. The dialog only edits settings; it does
not try to connect, because a server may be reachable only from the office network.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup, QDialog, QDialogButtonBox, QFileDialog, QGridLayout, QHBoxLayout, QLabel,
    QLineEdit, QMessageBox, QPushButton, QRadioButton, QVBoxLayout, QWidget,
)

from ..config import Settings, default_db_url
from .errors import TITLE

SQLITE_PREFIX = "sqlite:///"
PG_PREFIXES = ("postgresql://", "postgresql+psycopg://")
PG_PLACEHOLDER = "postgresql://usuario:contraseña@servidor:5432/reglamentos"
RESTART_NOTE = "El cambio se aplicará la próxima vez que inicie Reglamentos."
RETRY_NOTE = "Al guardar, Reglamentos intentará abrir la base de datos elegida."


def sqlite_url(path: str) -> str:
    return SQLITE_PREFIX + Path(path).expanduser().as_posix()


class SettingsDialog(QDialog):
    """Edit ``settings.db_url``; ``accept`` validates and saves."""

    def __init__(self, settings: Settings, parent: QWidget | None = None, *,
                 applies_on_restart: bool = True, profile_picker: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        # The workflow's "Perfil de usuario" box (ui.workflow.profile.ProfilePicker), if given.
        self.profile_picker = profile_picker
        # At start-up, after a database failed to open, the choice is tried right away.
        self.applies_on_restart = applies_on_restart
        self.setWindowTitle("Configuración — Reglamentos")
        self.setMinimumWidth(560)
        self._build()
        self._load(settings.db_url)

    def _build(self) -> None:
        default_path = default_db_url().removeprefix(SQLITE_PREFIX)
        self.default_radio = QRadioButton("Base de datos local predeterminada")
        self.default_hint = QLabel(default_path)
        self.default_hint.setStyleSheet("color: #666;")
        self.sqlite_radio = QRadioButton("Otro archivo SQLite (solo en este equipo):")
        self.sqlite_edit = QLineEdit()
        self.browse_button = QPushButton("Examinar…")
        self.browse_button.clicked.connect(self._browse)
        self.pg_radio = QRadioButton("Base de datos compartida PostgreSQL (dirección):")
        self.pg_edit = QLineEdit()
        self.pg_edit.setPlaceholderText(PG_PLACEHOLDER)
        self.group = QButtonGroup(self)
        for radio in (self.default_radio, self.sqlite_radio, self.pg_radio):
            self.group.addButton(radio)
        self.group.buttonToggled.connect(lambda *_: self._sync_enabled())

        grid = QGridLayout()
        grid.addWidget(self.default_radio, 0, 0, 1, 2)
        grid.addWidget(self.default_hint, 1, 1)
        grid.addWidget(self.sqlite_radio, 2, 0, 1, 2)
        row = QHBoxLayout()
        row.addWidget(self.sqlite_edit, 1)
        row.addWidget(self.browse_button)
        grid.addLayout(row, 3, 1)
        grid.addWidget(self.pg_radio, 4, 0, 1, 2)
        grid.addWidget(self.pg_edit, 5, 1)
        grid.setColumnMinimumWidth(0, 20)

        note = RESTART_NOTE if self.applies_on_restart else RETRY_NOTE
        if os.environ.get("REGLAMENTOS_DB"):
            note += ("\nAtención: la variable de entorno REGLAMENTOS_DB está definida y tiene "
                     "prioridad sobre esta configuración.")
        self.note_label = QLabel(note)
        self.note_label.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Guardar")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Cancelar")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("¿Qué base de datos debe usar Reglamentos?"))
        layout.addLayout(grid)
        layout.addWidget(self.note_label)
        if self.profile_picker is not None:
            layout.addWidget(self.profile_picker)
        layout.addWidget(buttons)

    def _load(self, url: str) -> None:
        if not url:
            self.default_radio.setChecked(True)
        elif url.startswith(SQLITE_PREFIX):
            self.sqlite_radio.setChecked(True)
            self.sqlite_edit.setText(url.removeprefix(SQLITE_PREFIX))
        else:
            self.pg_radio.setChecked(True)
            self.pg_edit.setText(url)
        self._sync_enabled()

    def _sync_enabled(self) -> None:
        self.sqlite_edit.setEnabled(self.sqlite_radio.isChecked())
        self.browse_button.setEnabled(self.sqlite_radio.isChecked())
        self.pg_edit.setEnabled(self.pg_radio.isChecked())

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Elegir archivo de base de datos", self.sqlite_edit.text(),
            "Bases de datos SQLite (*.sqlite3 *.sqlite *.db);;Todos los archivos (*)",
            options=QFileDialog.Option.DontConfirmOverwrite)
        if path:
            self.sqlite_edit.setText(path)

    def chosen_url(self) -> str:
        """The URL to store ("" means the default local file); raise ValueError if invalid."""
        if self.default_radio.isChecked():
            return ""
        if self.sqlite_radio.isChecked():
            path = self.sqlite_edit.text().strip()
            if not path:
                raise ValueError("Escriba o elija la ruta del archivo SQLite.")
            return sqlite_url(path)
        url = self.pg_edit.text().strip()
        if not url.startswith(PG_PREFIXES):
            raise ValueError("La dirección de PostgreSQL debe empezar con «postgresql://», por "
                             f"ejemplo: {PG_PLACEHOLDER}")
        return url

    def accept(self) -> None:
        try:
            url = self.chosen_url()
        except ValueError as exc:
            QMessageBox.warning(self, TITLE, str(exc))
            return
        changed = url != self.settings.db_url
        self.settings.db_url = url
        try:
            self.settings.save()
        except OSError as exc:
            QMessageBox.warning(self, TITLE, f"No se pudo guardar la configuración: {exc}")
            return
        if changed and self.applies_on_restart:
            QMessageBox.information(self, TITLE, f"Configuración guardada. {RESTART_NOTE}")
        if self.profile_picker is not None:  # creating a profile may fail: then stay open
            self.profile_picker.commit(lambda ok: ok and QDialog.accept(self))
            return
        super().accept()
