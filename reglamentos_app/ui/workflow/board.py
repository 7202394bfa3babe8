"""The board ("Tablero del trámite"): every project grouped by its stage.

Each stage of the definition, in its order, heads a group with its count; each project shows
its title, who must act (the roles that can move it on), the regulations it amends, the
promoting office and how many days it has been in that stage — amber from ``STALE_DAYS`` on,
the reminder that a project is stalled. Filters: stage, role that must act, regulation,
promoting office, "only stalled", "only mine" (where the current profile's role must act) and
finished projects (hidden by default). Double-clicking a project emits ``sig_open``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QHBoxLayout, QHeaderView, QLabel, QPushButton, QTreeWidget,
    QTreeWidgetItem, QVBoxLayout, QWidget,
)

from ...domain import plural
from ...domain.regulation import short_title
from ...domain.workflow import WorkflowDefinition
from ...services import BoardRow
from ...services.workflow import STALE_DAYS
from .labels import days_text, roles_text

COLUMNS = ["Proyecto", "Le toca a", "Reglamentos", "Promovente", "Días en la etapa"]
WIDTHS = [300, 260, 260, 200, 110]
ID_ROLE = Qt.ItemDataRole.UserRole
STALE = QColor("#ffe0a3")
ANY = None


class BoardPanel(QWidget):
    """Filters above the grouped tree (see the module docstring)."""

    sig_open = Signal(int)
    sig_refresh = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.definition: WorkflowDefinition | None = None
        self.all_rows: list[BoardRow] = []
        self.my_role: str | None = None
        self.today: date | None = None   # tests pin the day; None is today
        self.stage_combo = QComboBox()
        self.role_combo = QComboBox()
        self.regulation_combo = QComboBox()
        self.promoter_combo = QComboBox()
        self.stale_check = QCheckBox(f"Solo detenidos ({STALE_DAYS}+ días)")
        self.mine_check = QCheckBox("Solo donde me toca")
        self.finished_check = QCheckBox("Mostrar concluidos")
        self.refresh_button = QPushButton("Actualizar")
        self.summary_label = QLabel()
        self.tree = QTreeWidget()
        self.tree.setColumnCount(len(COLUMNS))
        self.tree.setHeaderLabels(COLUMNS)
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        for column, width in enumerate(WIDTHS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        first = QHBoxLayout()
        for label, combo in (("Etapa:", self.stage_combo), ("Le toca a:", self.role_combo),
                             ("Reglamento:", self.regulation_combo),
                             ("Promovente:", self.promoter_combo)):
            first.addWidget(QLabel(label))
            first.addWidget(combo, 1)
        second = QHBoxLayout()
        for check in (self.stale_check, self.mine_check, self.finished_check):
            second.addWidget(check)
        second.addStretch(1)
        second.addWidget(self.summary_label)
        second.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addLayout(first)
        layout.addLayout(second)
        layout.addWidget(self.tree, 1)
        for combo in (self.stage_combo, self.role_combo, self.regulation_combo,
                      self.promoter_combo):
            combo.currentIndexChanged.connect(lambda _i: self.redraw())
        for check in (self.stale_check, self.mine_check, self.finished_check):
            check.toggled.connect(lambda _on: self.redraw())
        self.refresh_button.clicked.connect(self.sig_refresh)
        self.tree.itemDoubleClicked.connect(lambda item, _c: self._open(item))
        self.tree.itemActivated.connect(lambda item, _c: self._open(item))

    # -- data -------------------------------------------------------------------------------
    def set_rows(self, definition: WorkflowDefinition, rows: Iterable[BoardRow],
                 my_role: str | None = None) -> None:
        self.definition, self.all_rows, self.my_role = definition, list(rows), my_role
        self.mine_check.setEnabled(my_role is not None)
        _refill(self.stage_combo, "Todas las etapas",
                [(s.label, s.id) for s in definition.stages])
        _refill(self.role_combo, "Cualquiera", [(r.label, r.id) for r in definition.roles])
        _refill(self.regulation_combo, "Todos",
                [(short_title(t), t)
                 for t in sorted({t for r in self.all_rows for t in r.project.targets})])
        _refill(self.promoter_combo, "Todos",
                [(p, p) for p in sorted({r.project.promoter for r in self.all_rows
                                         if r.project.promoter})])
        self.redraw()

    def visible_rows(self) -> list[BoardRow]:
        stage, role = self.stage_combo.currentData(), self.role_combo.currentData()
        regulation, promoter = self.regulation_combo.currentData(), self.promoter_combo.currentData()
        out = []
        for row in self.all_rows:
            if row.stage.final and not self.finished_check.isChecked() and stage != row.stage.id:
                continue
            if (stage and row.stage.id != stage) or (role and role not in row.acting_roles):
                continue
            if regulation and regulation not in row.project.targets:
                continue
            if promoter and row.project.promoter != promoter:
                continue
            if self.stale_check.isChecked() and not row.is_stale(self.today):
                continue
            if self.mine_check.isChecked() and self.my_role not in row.acting_roles:
                continue
            out.append(row)
        return out

    def redraw(self) -> None:
        self.tree.clear()
        if self.definition is None:
            return
        rows = self.visible_rows()
        bold = QFont()
        bold.setBold(True)
        for stage in self.definition.stages:
            members = [r for r in rows if r.stage.id == stage.id]
            if not members:
                continue
            group = QTreeWidgetItem([f"{stage.label} ({len(members)})"])
            group.setFont(0, bold)
            self.tree.addTopLevelItem(group)
            group.setFirstColumnSpanned(True)
            for row in sorted(members, key=lambda r: -r.days_in_stage(self.today)):
                group.addChild(self._item(row))
            group.setExpanded(True)
        stale = sum(1 for r in rows if r.is_stale(self.today))
        count = plural.count(len(rows), "proyecto")
        self.summary_label.setText(count + (f", {stale} detenidos" if stale else ""))

    def _item(self, row: BoardRow) -> QTreeWidgetItem:
        days = row.days_in_stage(self.today)
        item = QTreeWidgetItem([row.project.title, roles_text(self.definition, row.acting_roles)
                                if not row.stage.final else "—",
                                "; ".join(short_title(t) for t in row.project.targets) or "—",
                                row.project.promoter or "—", days_text(days)])
        item.setData(0, ID_ROLE, row.project.id)
        item.setToolTip(0, f"{row.project.title}\nFolio: {row.project.file_number or '—'}\n"
                           f"Etapa: {row.stage.label}")
        item.setToolTip(2, "\n".join(row.project.targets))
        item.setToolTip(1, item.text(1))
        item.setTextAlignment(4, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if row.is_stale(self.today):
            for column in range(len(COLUMNS)):
                item.setBackground(column, QBrush(STALE))
            item.setToolTip(4, f"Detenido: {plural.days(days)} en «{row.stage.label}» "
                               f"(aviso desde {STALE_DAYS} días)")
        return item

    def project_items(self) -> list[QTreeWidgetItem]:
        return [self.tree.topLevelItem(i).child(j) for i in range(self.tree.topLevelItemCount())
                for j in range(self.tree.topLevelItem(i).childCount())]

    def groups(self) -> list[str]:
        return [self.tree.topLevelItem(i).text(0) for i in range(self.tree.topLevelItemCount())]

    def _open(self, item: QTreeWidgetItem | None) -> None:
        project_id = item.data(0, ID_ROLE) if item is not None else None
        if project_id is not None:
            self.sig_open.emit(project_id)


def _refill(combo: QComboBox, everything: str, options: list[tuple[str, object]]) -> None:
    """Replace the options, keeping the current choice when it still exists."""
    keep = combo.currentData()
    combo.blockSignals(True)
    try:
        combo.clear()
        combo.addItem(everything, ANY)
        for label, value in options:
            combo.addItem(label, value)
        combo.setCurrentIndex(max(0, combo.findData(keep)))
    finally:
        combo.blockSignals(False)
