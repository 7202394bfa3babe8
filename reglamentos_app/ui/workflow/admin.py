"""The administrator's view of the procedure: stages, transitions, roles, and JSON import/export.

Three tables show the definition in use: the stages (in order, final and optional ones
marked), the transitions (from → to, the roles that may take them, their data and guards) and
the roles. "Exportar JSON…" writes ``definition().to_dict()`` atomically; "Importar JSON…"
reads a file and hands it to ``WorkflowService.save_definition``, which validates it whole and
refuses it with every problem listed in Spanish (nothing changes then). Only the
administrador role may import; the dialog is opened only for it.
"""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView, QLabel, QMessageBox,
    QPushButton, QTabWidget, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget,
)

from ...domain.errors import os_error_message
from ...domain.workflow import UserProfile, WorkflowDefinition
from ...services.files import write_atomic
from .. import file_dialogs
from ..errors import TITLE, show_error
from ..ops import Op, OpRunner
from .labels import roles_text, stage_label

JSON_FILTER = "Procedimiento en JSON (*.json);;Todos los archivos (*)"


def _table(headers: list[str]) -> QTreeWidget:
    tree = QTreeWidget()
    tree.setColumnCount(len(headers))
    tree.setHeaderLabels(headers)
    tree.setRootIsDecorated(False)
    tree.setAlternatingRowColors(True)
    tree.setWordWrap(True)
    for column in range(len(headers)):
        tree.header().setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    return tree


class DefinitionDialog(QDialog):
    """The definition in tables, with import and export (see the module docstring)."""

    sig_changed = Signal()

    def __init__(self, runner: OpRunner, user: UserProfile,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self.user = user
        self.definition: WorkflowDefinition | None = None
        self.setWindowTitle("Procedimiento del trámite — Reglamentos")
        self.resize(900, 560)
        self.name_label = QLabel()
        self.name_label.setWordWrap(True)
        self.stages = _table(["Etapa", "Clave", "Tipo", "Descripción"])
        self.transitions = _table(["Acción", "Clave", "Desde", "Hacia", "Quién", "Datos",
                                   "Validaciones"])
        self.roles = _table(["Rol", "Clave", "Descripción"])
        tabs = QTabWidget()
        tabs.addTab(self.stages, "Etapas")
        tabs.addTab(self.transitions, "Transiciones")
        tabs.addTab(self.roles, "Roles")
        self.export_button = QPushButton("Exportar JSON…")
        self.import_button = QPushButton("Importar JSON…")
        self.export_button.clicked.connect(self.choose_export)
        self.import_button.clicked.connect(self.choose_import)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText("Cerrar")
        close.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.export_button)
        bottom.addWidget(self.import_button)
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.name_label)
        layout.addWidget(tabs, 1)
        layout.addLayout(bottom)
        self.load()

    def load(self) -> None:
        Op(self._runner, parent=self, op=lambda svc: svc.workflow.definition(),
           success=self.show_definition).run_in_background()

    def show_definition(self, definition: WorkflowDefinition) -> None:
        self.definition = definition
        self.name_label.setText(f"<b>{definition.name}</b> — etapa inicial: "
                                f"{stage_label(definition, definition.initial_stage)}")
        self.stages.clear()
        for s in definition.stages:
            kind = "final" if s.final else ("opcional" if s.optional else "")
            self.stages.addTopLevelItem(QTreeWidgetItem([s.label, s.id, kind, s.description]))
        self.transitions.clear()
        for t in definition.transitions:
            self.transitions.addTopLevelItem(QTreeWidgetItem([
                t.label, t.id, ", ".join(stage_label(definition, f) for f in t.from_stages),
                stage_label(definition, t.to), roles_text(definition, t.roles),
                ", ".join(f.label + ("" if f.required else " (opcional)") for f in t.fields),
                ", ".join(t.guards)]))
        self.roles.clear()
        for r in definition.roles:
            self.roles.addTopLevelItem(QTreeWidgetItem([r.label, r.id, r.description]))

    # -- files --------------------------------------------------------------------------------
    def choose_export(self) -> None:
        path = file_dialogs.save_file(self, "Exportar el procedimiento", "procedimiento.json",
                                      JSON_FILTER)
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        if self.definition is None:
            return
        text = json.dumps(self.definition.to_dict(), ensure_ascii=False, indent=2) + "\n"
        try:
            write_atomic(path, text.encode("utf-8"))
        except OSError as exc:
            QMessageBox.warning(self, TITLE, os_error_message(exc, action="escribir"))
            return
        QMessageBox.information(self, TITLE, f"Procedimiento exportado a {path}.")

    def choose_import(self) -> None:
        path = file_dialogs.open_file(self, "Importar un procedimiento", JSON_FILTER)
        if path:
            self.import_from(Path(path))

    def import_from(self, path: Path) -> None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            QMessageBox.warning(self, TITLE, f"No se pudo leer {path.name} como JSON: {exc}")
            return
        if not isinstance(data, dict):
            QMessageBox.warning(self, TITLE, f"{path.name} no contiene un procedimiento.")
            return
        user = self.user
        Op(self._runner, parent=self, op=lambda svc: svc.workflow.save_definition(data, user),
           success=self._imported).failure(lambda exc: show_error(self, exc)
                                          ).run_in_background()

    def _imported(self, definition: WorkflowDefinition) -> None:
        self.show_definition(definition)
        QMessageBox.information(self, TITLE, f"El procedimiento «{definition.name}» está en uso "
                                "desde ahora; el cambio quedó en el registro del trámite.")
        self.sig_changed.emit()
