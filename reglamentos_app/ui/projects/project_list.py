"""The "Proyectos" tab: every reform project with its title, kind, promoter, regulations and
status, newest first.

Double-clicking a row (or "Abrir") emits ``sig_open(project_id)``; "Nuevo proyecto…" emits
``sig_new``; "Retirar" asks for confirmation and emits ``sig_withdraw(project_id)``. The
panel only shows ``ProjectSummary`` rows; loading them is the workspace's job.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout, QHeaderView, QLabel, QMessageBox, QPushButton, QTreeWidget, QTreeWidgetItem,
    QVBoxLayout, QWidget,
)

from ...domain.reform import ProjectStatus
from ...domain.regulation import short_title
from ...services import ProjectSummary

ID_ROLE = Qt.ItemDataRole.UserRole
COLUMNS = ["Título", "Tipo", "Promovente", "Reglamentos", "Estado"]
EMPTY_HINT = ("Todavía no hay proyectos de reforma. Para empezar, abra en «Corpus» el "
              "reglamento que quiere reformar y elija «Nuevo proyecto…» (Ctrl+N); un proyecto "
              "puede reformar varios reglamentos o expedir uno nuevo.")


class ProjectList(QWidget):
    """Buttons above a table of projects (see the module docstring)."""

    sig_open = Signal(int)
    sig_new = Signal()
    sig_withdraw = Signal(int)
    sig_refresh = Signal()
    sig_board = Signal()   # "Tablero del trámite"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.new_button = QPushButton("Nuevo proyecto…")
        self.open_button = QPushButton("Abrir")
        self.withdraw_button = QPushButton("Retirar")
        self.refresh_button = QPushButton("Actualizar")
        self.board_button = QPushButton("Tablero del trámite")
        self.tree = QTreeWidget()
        self.tree.setColumnCount(len(COLUMNS))
        self.tree.setHeaderLabels(COLUMNS)
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.open_button, self.withdraw_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.board_button)
        buttons.addWidget(self.refresh_button)
        self.empty_label = QLabel(EMPTY_HINT)
        self.empty_label.setWordWrap(True)
        self.empty_label.setStyleSheet("color: #555; padding: 12px;")
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.tree, 1)
        self.new_button.clicked.connect(self.sig_new)
        self.refresh_button.clicked.connect(self.sig_refresh)
        self.board_button.clicked.connect(self.sig_board)
        self.open_button.clicked.connect(self._open_current)
        self.withdraw_button.clicked.connect(self._withdraw_current)
        self.tree.itemActivated.connect(lambda item, _col: self._open(item))
        self.tree.itemDoubleClicked.connect(lambda item, _col: self._open(item))
        self.tree.currentItemChanged.connect(lambda *_a: self._update_buttons())
        self._update_buttons()

    def set_projects(self, summaries: Iterable[ProjectSummary]) -> None:
        keep = self.current_id()
        self.tree.clear()
        for summary in summaries:
            item = QTreeWidgetItem([summary.title, summary.kind.label, summary.promoter,
                                    ", ".join(short_title(t) for t in summary.targets) or "—",
                                    summary.status.label.capitalize()])
            item.setData(0, ID_ROLE, summary.id)
            item.setData(4, ID_ROLE, summary.status.value)
            item.setToolTip(0, f"{summary.title}\nFolio: {summary.file_number or '—'}")
            item.setToolTip(3, "\n".join(summary.targets))
            self.tree.addTopLevelItem(item)
            if summary.id == keep:
                self.tree.setCurrentItem(item)
        self.empty_label.setVisible(self.tree.topLevelItemCount() == 0)
        self._update_buttons()

    def rows(self) -> list[list[str]]:
        return [[self.tree.topLevelItem(i).text(c) for c in range(len(COLUMNS))]
                for i in range(self.tree.topLevelItemCount())]

    def current_id(self) -> int | None:
        item = self.tree.currentItem()
        return item.data(0, ID_ROLE) if item is not None else None

    def select_id(self, project_id: int) -> bool:
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            if item.data(0, ID_ROLE) == project_id:
                self.tree.setCurrentItem(item)
                return True
        return False

    def _open(self, item: QTreeWidgetItem | None) -> None:
        if item is not None:
            self.sig_open.emit(item.data(0, ID_ROLE))

    def _open_current(self) -> None:
        self._open(self.tree.currentItem())

    def _withdraw_current(self) -> None:
        item = self.tree.currentItem()
        if item is None:
            return
        answer = QMessageBox.question(
            self, "Retirar proyecto",
            f"¿Retirar el proyecto «{item.text(0)}»? Ya no podrá modificarse ni publicarse.")
        if answer == QMessageBox.StandardButton.Yes:
            self.sig_withdraw.emit(item.data(0, ID_ROLE))

    def _update_buttons(self) -> None:
        item = self.tree.currentItem()
        self.open_button.setEnabled(item is not None)
        self.withdraw_button.setEnabled(item is not None and item.data(4, ID_ROLE)
                                        == ProjectStatus.OPEN.value)
