"""A table of findings with filters (kind, regulation, free text) and optional check boxes.

Rows are the plain dicts the findings give (``to_row``: Spanish column → text); the table
shows the chosen columns, filters them as the user types or picks, and reports which of the
original rows are visible and which are checked — the dashboard builds projects and exports
from those.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QTableWidget,
    QTableWidgetItem, QVBoxLayout, QWidget,
)

ALL = "(todos)"


class FindingsTable(QWidget):
    """Filterable table of finding rows (see the module docstring)."""

    sig_current_changed = Signal(int)  # index of the original row, -1 for none

    def __init__(self, columns: Sequence[str], kind_column: str, *, checkable: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.kind_column = kind_column
        self.checkable = checkable
        self.rows: list[dict[str, str]] = []
        self.kind_filter = QComboBox()
        self.regulation_filter = QComboBox()
        self.text_filter = QLineEdit()
        self.text_filter.setPlaceholderText("Filtrar por texto…")
        self.text_filter.setClearButtonEnabled(True)
        self.count_label = QLabel()
        bar = QHBoxLayout()
        bar.addWidget(QLabel(f"{kind_column}:"))
        bar.addWidget(self.kind_filter)
        bar.addWidget(QLabel("Reglamento:"))
        bar.addWidget(self.regulation_filter, 1)
        bar.addWidget(self.text_filter, 1)
        bar.addWidget(self.count_label)
        self.table = QTableWidget(0, len(self.columns))
        self.table.setHorizontalHeaderLabels(self.columns)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        self.kind_filter.currentIndexChanged.connect(self._apply_filters)
        self.regulation_filter.currentIndexChanged.connect(self._apply_filters)
        self.text_filter.textChanged.connect(self._apply_filters)
        self.table.currentCellChanged.connect(lambda row, *_: self.sig_current_changed.emit(
            self._original(row)))

    def set_rows(self, rows: Sequence[dict[str, str]], regulation_column: str = "Reglamento"
                 ) -> None:
        self.rows = list(rows)
        self._regulation_column = regulation_column
        for combo, column in ((self.kind_filter, self.kind_column),
                              (self.regulation_filter, regulation_column)):
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(ALL)
            combo.addItems(sorted({r.get(column, "") for r in self.rows} - {""}))
            combo.blockSignals(False)
        self.table.setRowCount(len(self.rows))
        for i, row in enumerate(self.rows):
            for j, column in enumerate(self.columns):
                item = QTableWidgetItem(row.get(column, ""))
                item.setData(Qt.ItemDataRole.UserRole, i)
                item.setToolTip(row.get(column, ""))
                if j == 0 and self.checkable:
                    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                    item.setCheckState(Qt.CheckState.Unchecked)
                self.table.setItem(i, j, item)
        self.table.resizeColumnsToContents()
        for j in range(len(self.columns)):
            self.table.setColumnWidth(j, min(self.table.columnWidth(j), 320))
        self._apply_filters()

    def _original(self, table_row: int) -> int:
        item = self.table.item(table_row, 0) if table_row >= 0 else None
        return int(item.data(Qt.ItemDataRole.UserRole)) if item is not None else -1

    def _apply_filters(self) -> None:
        kind = self.kind_filter.currentText()
        regulation = self.regulation_filter.currentText()
        words = self.text_filter.text().strip().lower()
        shown = 0
        for i, row in enumerate(self.rows):
            visible = ((kind in ("", ALL) or row.get(self.kind_column) == kind)
                       and (regulation in ("", ALL)
                            or row.get(self._regulation_column) == regulation)
                       and (not words or words in " ".join(row.values()).lower()))
            self.table.setRowHidden(i, not visible)
            shown += visible
        self.count_label.setText(f"{shown} de {len(self.rows)}")

    def visible_indices(self) -> list[int]:
        return [i for i in range(len(self.rows)) if not self.table.isRowHidden(i)]

    def checked_indices(self) -> list[int]:
        return [i for i in range(len(self.rows)) if self.table.item(i, 0) is not None
                and self.table.item(i, 0).checkState() == Qt.CheckState.Checked]

    def set_checked(self, indices: Sequence[int], checked: bool = True) -> None:
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        for i in indices:
            self.table.item(i, 0).setCheckState(state)
