"""The import report of the text on screen: one row per warning (línea, tipo, mensaje).

A clean import shows "Sin advertencias" instead of an empty table, so the user can tell
"nothing to report" from "nothing loaded".
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QHeaderView, QLabel, QStackedWidget, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from ..domain.report import ImportReport

NO_WARNINGS = "Sin advertencias"


class ImportReportPanel(QWidget):
    """Table of import warnings, or the "Sin advertencias" label."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["Línea", "Tipo", "Mensaje"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.empty_label = QLabel(NO_WARNINGS)
        self.summary_label = QLabel()
        self._stack = QStackedWidget()
        self._stack.addWidget(self.empty_label)
        self._stack.addWidget(self.table)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        layout.addWidget(self._stack, 1)

    def set_report(self, report: ImportReport | None) -> None:
        warnings = list(report.warnings) if report else []
        source = report.source_name if report and report.source_name else ""
        self.summary_label.setText(f"Archivo de origen: {source}" if source else "")
        self.table.setRowCount(len(warnings))
        for row, warning in enumerate(warnings):
            line = str(warning.line) if warning.line else "—"
            for col, text in enumerate((line, warning.kind.label, warning.message)):
                self.table.setItem(row, col, QTableWidgetItem(text))
        self.table.resizeRowsToContents()
        self._stack.setCurrentWidget(self.table if warnings else self.empty_label)

    @property
    def showing_empty(self) -> bool:
        return self._stack.currentWidget() is self.empty_label
