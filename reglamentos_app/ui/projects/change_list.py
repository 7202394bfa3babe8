"""The change list: the reform operations a comparison implies, one row each.

The header sums them up ("3 reformas, 1 adición, 1 derogación"); each row reads
"Reforma: artículo 5, fracción II" (renumberings also give the old number, and operations the
engine wants a human to check say so). Choosing a row emits ``sig_operation_chosen(pid, eid)`` so
the editor can scroll the diff to it and select it in the structure tree.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from ...domain.changes import OperationKind, ReformOperation
from ...domain.operations import format_citation
from ...services import Comparison

PID_ROLE = Qt.ItemDataRole.UserRole
EID_ROLE = Qt.ItemDataRole.UserRole + 1


def operation_text(op: ReformOperation) -> str:
    """"Reforma: artículo 5, fracción II"."""
    text = f"{op.kind.label.capitalize()}: {format_citation(op.citation)}"
    if op.kind is OperationKind.RENUMBER and op.old_num:
        text += f" (antes {op.old_num})"
    if op.needs_review:
        text += " — revisar"
    return text


class ChangeList(QWidget):
    """Summary header plus one row per operation (see the module docstring)."""

    sig_operation_chosen = Signal(str, str)   # pid, eid

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary_label = QLabel("Sin cambios")
        font = self.summary_label.font()
        font.setBold(True)
        self.summary_label.setFont(font)
        self.summary_label.setWordWrap(True)
        self.list = QListWidget()
        self.list.itemClicked.connect(self._on_item)
        self.list.itemActivated.connect(self._on_item)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.list, 1)

    def set_comparison(self, comparison: Comparison | None) -> None:
        current = self.list.currentItem()
        keep = current.data(PID_ROLE) if current is not None else None
        self.list.clear()
        operations = comparison.operations if comparison else []
        self.summary_label.setText(comparison.summary() if comparison else "Sin cambios")
        for op in operations:
            item = QListWidgetItem(operation_text(op))
            item.setData(PID_ROLE, op.pid)
            item.setData(EID_ROLE, op.eid)
            self.list.addItem(item)
            if op.pid == keep:
                self.list.setCurrentItem(item)

    def texts(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def _on_item(self, item: QListWidgetItem) -> None:
        self.sig_operation_chosen.emit(item.data(PID_ROLE) or "", item.data(EID_ROLE) or "")
