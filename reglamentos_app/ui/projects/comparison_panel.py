"""A comparison on screen: the change list beside the diff view, and the read-only tab.

``ComparisonPanel`` is shared by the project editor and by "Proyectos › Comparar…": choosing
an operation in the list scrolls the diff to its row and re-emits ``sig_operation_chosen``
so the editor can also select it in its tree. ``ComparisonTab`` is the closable tab that
shows a comparison of two texts of the corpus or files, with nothing to edit.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

from ...services import Comparison
from .change_list import ChangeList
from .diff_view import DiffView


class ComparisonPanel(QSplitter):
    """Change list (left) and diff view (right)."""

    sig_operation_chosen = Signal(str, str)   # pid, eid

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.change_list = ChangeList()
        self.diff_view = DiffView()
        self.addWidget(self.change_list)
        self.addWidget(self.diff_view)
        self.setStretchFactor(1, 3)
        self.setSizes([240, 720])
        self.change_list.sig_operation_chosen.connect(self._on_operation)

    def set_comparison(self, comparison: Comparison | None) -> None:
        self.change_list.set_comparison(comparison)
        self.diff_view.set_comparison(comparison)

    def _on_operation(self, pid: str, eid: str) -> None:
        self.diff_view.scroll_to_pid(pid, eid)
        self.sig_operation_chosen.emit(pid, eid)


class ComparisonTab(QWidget):
    """A read-only comparison of two texts, for its own tab."""

    def __init__(self, comparison: Comparison, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.comparison = comparison
        warning = (f"<br><span style='color:#8a5300'>{_escape(comparison.warning)}</span>"
                   if getattr(comparison, "warning", "") else "")
        self.title_label = QLabel(f"<b>{_escape(comparison.base_label)}</b> comparado con "
                                  f"<b>{_escape(comparison.draft_label)}</b>{warning}")
        self.title_label.setWordWrap(True)
        self.panel = ComparisonPanel()
        self.panel.set_comparison(comparison)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title_label)
        layout.addWidget(self.panel, 1)

    @property
    def tab_title(self) -> str:
        return f"Comparación: {_short(self.comparison.base_label)} / " \
               f"{_short(self.comparison.draft_label)}"


def _escape(text: str) -> str:
    return escape(text or "—")


def _short(text: str, limit: int = 28) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"
