"""The review step of a one-file import: what was found, and corrections before storing.

``ImportReviewDialog`` shows the import report of a ``PreparedImport`` (counts, warnings,
page furniture removed) and every source line with what the importer took it for. The user
can mark a mis-detected line ("continúa la línea anterior", "párrafo nuevo", "omitir") and
re-analyse; "Importar" accepts. The dialog never touches the database: the caller stores the
``prepared`` import it holds when accepted.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView, QLabel, QListWidget,
    QPushButton, QTableWidget, QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget,
)

from ..domain.report import Correction
from ..services import PreparedImport

Revise = Callable[[PreparedImport, dict[int, Correction]], PreparedImport]


class ImportReviewDialog(QDialog):
    """See the module docstring; ``revise`` re-parses with corrections (a service call)."""

    def __init__(self, prepared: PreparedImport, revise: Revise,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.prepared = prepared
        self._revise = revise
        self.corrections: dict[int, Correction] = dict(prepared.report.corrections)
        self.setWindowTitle("Revisar importación — Reglamentos")
        self.resize(900, 620)
        self._build()
        self._show_prepared()

    # -- layout -------------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.title_label = QLabel()
        self.title_label.setWordWrap(True)
        self.title_label.setStyleSheet("font-weight: bold")
        self.counts_label = QLabel()
        self.counts_label.setWordWrap(True)
        layout.addWidget(self.title_label)
        layout.addWidget(self.counts_label)
        self.tabs = QTabWidget()
        self.lines_table = QTableWidget(0, 3)
        self.lines_table.setHorizontalHeaderLabels(["Línea", "Se leyó como", "Texto"])
        self.lines_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.lines_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.lines_table.verticalHeader().setVisible(False)
        self.lines_table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.warnings_list = QListWidget()
        self.removed_list = QListWidget()
        self.tabs.addTab(self.lines_table, "Líneas")
        self.tabs.addTab(self.warnings_list, "Advertencias")
        self.tabs.addTab(self.removed_list, "Quitado como paginación")
        layout.addWidget(self.tabs, 1)
        layout.addLayout(self._correction_buttons())
        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton("Importar", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton("Cancelar", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def _correction_buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(QLabel("Corregir la línea seleccionada:"))
        self.correction_buttons: dict[Correction | None, QPushButton] = {}
        for correction in (*Correction, None):
            label = correction.label if correction else "Quitar corrección"
            button = QPushButton(label)
            button.clicked.connect(lambda _=False, c=correction: self._on_correct(c))
            row.addWidget(button)
            self.correction_buttons[correction] = button
        row.addStretch(1)
        self.reanalyse_button = QPushButton("Volver a analizar")
        self.reanalyse_button.clicked.connect(self._on_reanalyse_clicked)
        row.addWidget(self.reanalyse_button)
        return row

    # -- content ------------------------------------------------------------------------------
    def _show_prepared(self) -> None:
        report = self.prepared.report
        self.title_label.setText(f"{self.prepared.title}\n{self.prepared.path.name}")
        structural = len(report.structural)
        review = self.prepared.review
        self.counts_label.setStyleSheet("color: #b00020; font-weight: bold;" if review else "")
        self.counts_label.setText(
            (f"{review}\n" if review else "") +
            f"Se encontró: {report.summary() or 'ninguna disposición'}.\n"
            f"Advertencias de estructura: {structural}; otras: {len(report.warnings) - structural}; "
            f"líneas quitadas como paginación: {len(report.removed)}.")
        self.warnings_list.clear()
        self.warnings_list.addItems([f"{w.kind.label} — {w.format()}" for w in report.warnings]
                                    or ["Sin advertencias."])
        self.removed_list.clear()
        self.removed_list.addItems([f"línea {n}: {t}" for n, t in report.removed]
                                   or ["Nada."])
        self._fill_lines()
        reviewable = self.prepared.reviewable
        for button in (*self.correction_buttons.values(), self.reanalyse_button):
            button.setEnabled(reviewable)

    def _fill_lines(self) -> None:
        warned = {w.line for w in self.prepared.report.structural}
        views = self.prepared.lines()
        table = self.lines_table
        table.setRowCount(len(views))
        for row, view in enumerate(views):
            label = view.label + (f" → {view.corrected.label}" if view.corrected else "")
            items = [QTableWidgetItem(str(view.number)), QTableWidgetItem(label),
                     QTableWidgetItem(view.text)]
            items[0].setData(Qt.ItemDataRole.UserRole, view.number)
            if view.number in warned:
                for item in items:
                    item.setBackground(QColor("#fff3cd"))  # lines with a structural warning
            for column, item in enumerate(items):
                table.setItem(row, column, item)
        table.resizeColumnToContents(0)
        table.resizeColumnToContents(1)

    # -- slots --------------------------------------------------------------------------------
    def selected_line(self) -> int | None:
        rows = self.lines_table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.lines_table.item(rows[0].row(), 0).data(Qt.ItemDataRole.UserRole)

    def _on_correct(self, correction: Correction | None) -> None:
        line = self.selected_line()
        if line is None:
            return
        if correction is None:
            self.corrections.pop(line, None)
        else:
            self.corrections[line] = correction
        self._on_reanalyse_clicked()

    def _on_reanalyse_clicked(self) -> None:
        row = self.lines_table.currentRow()
        self.prepared = self._revise(self.prepared, dict(self.corrections))
        self._show_prepared()
        if row >= 0:
            self.lines_table.selectRow(min(row, self.lines_table.rowCount() - 1))
