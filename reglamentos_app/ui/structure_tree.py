"""The structure tree of one text: divisions, articles and transitorios, for navigation.

Fracciones and incisos are left out on purpose: a lawyer navigates by artículo, and hundreds
of fracciones would bury them. Each item keeps its provision's eid; activating an item emits
``sig_anchor_activated(eid)``, which the viewer turns into ``scrollToAnchor``. Repealed
provisions are grey and italic, as in the text.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget

from ..domain.provisions import Provision, ProvisionKind, ProvisionStatus

EID_ROLE = Qt.ItemDataRole.UserRole
_SHOWN = (ProvisionKind.ARTICLE, ProvisionKind.TRANSITIONAL_GROUP, ProvisionKind.TRANSITIONAL)
REPEALED_COLOR = QColor("#8a8a8a")


def node_label(node: Provision) -> str:
    """"Artículo 5 Bis — Objeto", "Capítulo II — De las licencias"."""
    label = node.display_label()
    if node.heading and node.kind is not ProvisionKind.TRANSITIONAL_GROUP:
        label += f" — {node.heading}"
    return label


class StructureTree(QTreeWidget):
    """Tree of the navigable provisions of one text."""

    sig_anchor_activated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderLabels(["Estructura"])
        self.setUniformRowHeights(True)
        self.itemClicked.connect(self._on_item)
        self.itemActivated.connect(self._on_item)

    def set_root(self, root: Provision | None) -> None:
        self.clear()
        if root is not None:
            self._add_children(self.invisibleRootItem(), root)
        # Articles have no children here, so opening everything shows the whole outline.
        self.expandAll()

    def item_for(self, eid: str) -> QTreeWidgetItem | None:
        return next((i for i in self._iter_items() if i.data(0, EID_ROLE) == eid), None)

    def _add_children(self, parent: QTreeWidgetItem, node: Provision) -> None:
        for child in node.children:
            if not (child.kind.is_division or child.kind in _SHOWN):
                continue
            item = QTreeWidgetItem(parent, [node_label(child)])
            item.setData(0, EID_ROLE, child.eid)
            item.setToolTip(0, node_label(child))
            if child.status is ProvisionStatus.REPEALED:
                font = item.font(0)
                font.setItalic(True)
                item.setFont(0, font)
                item.setForeground(0, QBrush(REPEALED_COLOR))
                item.setToolTip(0, f"{node_label(child)} (derogado)")
            self._add_children(item, child)

    def _iter_items(self):
        stack = [self.topLevelItem(i) for i in range(self.topLevelItemCount())]
        while stack:
            item = stack.pop()
            yield item
            stack.extend(item.child(i) for i in range(item.childCount()))

    def _on_item(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        eid = item.data(0, EID_ROLE)
        if eid:
            self.sig_anchor_activated.emit(eid)
