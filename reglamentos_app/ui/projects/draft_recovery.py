"""The project editor's side of the draft recovery journal (``services.recovery``).

Three hooks: ``keep`` writes the draft being edited after each pause in typing (the editor
calls it with the snapshot it already copies for the diff), ``saved`` drops the journal once a
save covered that version, ``offer`` runs when a draft is opened and, if a journal from a run
that ended without saving is found, asks whether to recover it; recovering replaces the draft
with that text as one undoable change. ``ask`` is a module function so tests can answer it.
"""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QMessageBox, QWidget

from ...config import data_dir
from ...domain.errors import ReglamentosError
from ...domain.provisions import Provision
from ...services.recovery import FOLDER, RecoveredDraft, RecoveryJournal

log = logging.getLogger(__name__)


def ask(parent: QWidget, found: RecoveredDraft) -> bool:
    box = QMessageBox(QMessageBox.Icon.Question, "Texto sin guardar",
                      "Se encontró texto de este proyecto que no alcanzó a guardarse "
                      f"(escrito el {found.label}), probablemente porque el programa se cerró "
                      "de forma inesperada.\n\n¿Desea recuperarlo? Si no, se descarta.",
                      parent=parent)
    recover = box.addButton("Recuperar", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Descartar", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(recover)
    box.exec()
    return box.clickedButton() is recover


class DraftRecovery:
    """Journal of one project editor (see the module docstring)."""

    def __init__(self, parent: QWidget, project_id: int, db_url: str) -> None:
        self.parent = parent
        self.project_id = project_id
        self.journal = RecoveryJournal(data_dir() / FOLDER, db_url)

    def keep(self, uri: str, version: int, snapshot: Provision) -> None:
        try:
            self.journal.record(self.project_id, uri, version, snapshot)
        except ReglamentosError as exc:  # a full disk must not stop the editing
            log.warning("No se pudo escribir el diario de recuperación: %s", exc.user_message)

    def saved(self, uri: str, version: int) -> None:
        self.journal.discard(self.project_id, uri, version)

    def offer(self, uri: str, stored: Provision, editor) -> bool:
        """Offer a journal left by a run that did not save; True when it was recovered."""
        found = self.journal.pending(self.project_id, uri, stored)
        if found is None or editor is None:
            return False
        if not ask(self.parent, found):
            self.journal.discard(self.project_id, uri)
            return False
        editor.replace_tree(found.tree)
        return True
