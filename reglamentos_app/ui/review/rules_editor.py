"""The rules table: switch rule sets on and off and edit patterns and replacements in the app.

It edits the plain data the review service gives (``rules_data``) and saves it back through
``save_rules_data``, which validates everything first: a bad regular expression is refused
with the service's Spanish message (rule and line), and the rules in use do not change.
Import, export and «Restablecer reglas de fábrica» go through the service as well.
"""

from __future__ import annotations

import copy
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QMessageBox, QPushButton,
    QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from .. import file_dialogs
from ..errors import show_error
from ..ops import Op, OpRunner
from ..saved_notice import confirm_saved

RULE_COLUMNS = [("id", "Regla"), ("categoria", "Categoría"), ("descripcion", "Descripción"),
                ("patron", "Patrón (expresión regular)"), ("reemplazo", "Reemplazo propuesto")]
YAML_FILTER = "Reglas de revisión (*.yaml *.yml)"


class RulesEditor(QWidget):
    """Rule sets and rules as editable tables (see the module docstring)."""

    sig_saved = Signal()

    def __init__(self, runner: OpRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.data: dict = {}
        self.origin = QLabel()
        self.sets_table = QTableWidget(0, 2)
        self.sets_table.setHorizontalHeaderLabels(["Activo", "Conjunto de reglas"])
        self.sets_table.horizontalHeader().setStretchLastSection(True)
        self.sets_table.setMaximumHeight(170)
        self.rules_table = QTableWidget(0, len(RULE_COLUMNS) + 1)
        self.rules_table.setHorizontalHeaderLabels(["Conjunto", *[t for _k, t in RULE_COLUMNS]])
        self.rules_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.rules_table.horizontalHeader().setStretchLastSection(True)
        self.rules_table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                         | QAbstractItemView.EditTrigger.EditKeyPressed)
        buttons = QHBoxLayout()
        self.save_button = QPushButton("&Guardar reglas")
        self.import_button = QPushButton("&Importar…")
        self.export_button = QPushButton("&Exportar…")
        self.reset_button = QPushButton("Restablecer reglas de &fábrica")
        for button in (self.save_button, self.import_button, self.export_button,
                       self.reset_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.origin)
        layout.addWidget(self.sets_table)
        layout.addWidget(QLabel("Doble clic para editar un patrón o un reemplazo; un reemplazo "
                                "vacío significa «revisar caso por caso»."))
        layout.addWidget(self.rules_table, 1)
        layout.addLayout(buttons)
        self.save_button.clicked.connect(self.save)
        self.import_button.clicked.connect(self._import)
        self.export_button.clicked.connect(self._export)
        self.reset_button.clicked.connect(self._reset)

    def load(self) -> None:
        Op(self.runner, parent=self,
           op=lambda svc: (svc.review.rules_data(), svc.review.using_default_rules),
           success=lambda result: self.show_data(*result)).run_in_background()

    def show_data(self, data: dict, default: bool) -> None:
        self.data = copy.deepcopy(data)
        self.origin.setText("Reglas de fábrica." if default else
                            "Reglas propias de esta instalación (importadas o editadas).")
        sets = self.data["conjuntos"]
        self.sets_table.setRowCount(len(sets))
        rules = [(s["id"], r) for s in sets for r in s["reglas"]]
        for i, rule_set in enumerate(sets):
            check = QTableWidgetItem()
            check.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            check.setCheckState(Qt.CheckState.Checked if rule_set["activo"]
                                else Qt.CheckState.Unchecked)
            self.sets_table.setItem(i, 0, check)
            name = QTableWidgetItem(rule_set["nombre"])
            name.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.sets_table.setItem(i, 1, name)
        self.rules_table.setRowCount(len(rules))
        for i, (set_id, rule) in enumerate(rules):
            owner = QTableWidgetItem(set_id)
            owner.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.rules_table.setItem(i, 0, owner)
            for j, (key, _title) in enumerate(RULE_COLUMNS, start=1):
                item = QTableWidgetItem(str(rule.get(key) or ""))
                if key == "id":
                    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                self.rules_table.setItem(i, j, item)
        self.rules_table.resizeColumnsToContents()
        for j in range(self.rules_table.columnCount()):
            self.rules_table.setColumnWidth(j, min(self.rules_table.columnWidth(j), 360))

    def edited_data(self) -> dict:
        """The data with the tables' check boxes and cells written back into it."""
        data = copy.deepcopy(self.data)
        row = 0
        for i, rule_set in enumerate(data["conjuntos"]):
            rule_set["activo"] = self.sets_table.item(i, 0).checkState() == Qt.CheckState.Checked
            for rule in rule_set["reglas"]:
                for j, (key, _title) in enumerate(RULE_COLUMNS, start=1):
                    rule[key] = self.rules_table.item(row, j).text()
                row += 1
        return data

    def save(self) -> None:
        data = self.edited_data()

        def saved(_book) -> None:
            self.data = data
            self.origin.setText("Reglas propias de esta instalación (importadas o editadas).")
            self.sig_saved.emit()

        Op(self.runner, parent=self, op=lambda svc: svc.review.save_rules_data(data),
           success=saved).run_in_background()

    def _import(self) -> None:
        path = file_dialogs.open_file(self, "Importar reglas", YAML_FILTER)
        if path:
            Op(self.runner, parent=self, op=lambda svc: svc.review.import_rules(Path(path)),
               success=lambda _b: (self.load(), self.sig_saved.emit())).run_in_background()

    def _export(self) -> None:
        path = file_dialogs.save_file(self, "Exportar reglas", "reglas_revision.yaml",
                                      YAML_FILTER)
        if path:
            Op(self.runner, parent=self, op=lambda svc: svc.review.export_rules(Path(path)),
               success=lambda _r: confirm_saved(self, path, "Las reglas de revisión")).failure(lambda exc: show_error(self, exc)
                                                ).run_in_background()

    def _reset(self) -> None:
        answer = QMessageBox.question(self, "Restablecer reglas",
                                      "¿Volver a las reglas de fábrica? Se pierden las reglas "
                                      "propias de esta instalación.")
        if answer == QMessageBox.StandardButton.Yes:
            Op(self.runner, parent=self, op=lambda svc: svc.review.reset_rules(),
               success=lambda _r: (self.load(), self.sig_saved.emit())).run_in_background()
