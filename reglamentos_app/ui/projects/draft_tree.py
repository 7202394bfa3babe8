"""The structure tree of a draft: every level, coloured by what the project changes.

Unlike the viewer's tree (articles only) the drafter needs to reach fracciones, incisos and
párrafos, so every node is listed; only divisions start expanded, to keep a long regulation
readable. Items are keyed by the permanent id (pid), which survives renumbering and moving.
Colours follow the diff: modified amber, added green, moved blue; derogated units are grey
and italic, as in the text. Choosing an item emits ``sig_node_selected(pid)``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget

from ...domain import plural
from ...domain.changes import RowKind
from ...domain.provisions import Provision, ProvisionKind, ProvisionStatus

STYLED_ROLE = Qt.ItemDataRole.UserRole   # True once coloured, so it can be reset
KIND_COLORS = {RowKind.CHANGED: QColor("#a15c00"), RowKind.INSERTED: QColor("#1b7f1b"),
               RowKind.MOVED: QColor("#1f5fbf")}
KIND_TIPS = {RowKind.CHANGED: "modificado en el proyecto", RowKind.INSERTED: "adicionado",
             RowKind.MOVED: "movido"}
REPEALED_COLOR = QColor("#8a8a8a")
OBSERVED_BACKGROUND = QColor("#fdecea")   # the tint of an open observation (as in the list)
PREVIEW_CHARS = 48


def item_label(node: Provision) -> str:
    """"Artículo 5 — Objeto", "Fracción II — Otorgar permisos…", "Capítulo I — …"."""
    label = node.display_label()
    if node.kind is ProvisionKind.TRANSITIONAL_GROUP:
        return label
    detail = node.heading or (node.text if not node.kind.is_division else "")
    detail = " ".join(detail.split())
    if len(detail) > PREVIEW_CHARS:
        detail = detail[:PREVIEW_CHARS - 1] + "…"
    if not detail:
        return label
    return f"{label} — {detail}" if label else detail


class DraftTree(QTreeWidget):
    """Tree of every provision of a draft (see the module docstring)."""

    sig_node_selected = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderLabels(["Estructura del proyecto"])
        self.setUniformRowHeights(True)
        self._items: dict[str, QTreeWidgetItem] = {}
        self._kinds: dict[str, RowKind] = {}
        self._repealed: dict[str, bool] = {}
        self._observed: dict[str, int] = {}   # pid → open observations (the Sindicatura's)
        # Item → pid on the Python side (shiboken hands back the same wrapper for an item).
        self._pids: dict[QTreeWidgetItem, str] = {}
        self.currentItemChanged.connect(self._on_current)

    def set_root(self, root: Provision | None, *, fresh: bool = False) -> None:
        """Rebuild from ``root``, keeping the selection and what the user had expanded.

        ``fresh``: another text altogether (forget selection, expansion and colours).
        """
        if fresh:
            self._items, self._kinds = {}, {}
        keep = self.current_pid() if not fresh else None
        expanded = {pid for pid, item in self._items.items() if item.isExpanded()}
        first_time = not self._items
        self.blockSignals(True)  # rebuilding is not the user choosing a node
        try:
            self.clear()
            self._items, self._repealed, self._pids = {}, {}, {}
            if root is not None:
                self._add_children(self.invisibleRootItem(), root, expanded, first_time)
            self._paint(self._items.keys())
            if keep and keep in self._items:
                self.setCurrentItem(self._items[keep])
        finally:
            self.blockSignals(False)

    def set_kinds(self, kinds: dict[str, RowKind]) -> None:
        """Recolour after a new comparison (only the items whose state changed)."""
        touched = {pid for pid in set(kinds) | set(self._kinds)
                   if kinds.get(pid) != self._kinds.get(pid)}
        self._kinds = dict(kinds)
        self._paint(touched)

    def set_observed(self, counts: dict[str, int]) -> None:
        """Mark the provisions with open observations (a tinted row and "1 observación
        abierta" in the tooltip), so the redactor sees in the tree what to attend."""
        touched = set(counts) | set(self._observed)
        self._observed = {pid: n for pid, n in counts.items() if n > 0}
        self._paint(touched)

    def update_node(self, node: Provision) -> None:
        item = self._items.get(node.pid)
        if item is not None:
            label = item_label(node)
            if item.text(0) != label:
                item.setText(0, label)
            self._repealed[node.pid] = node.status is ProvisionStatus.REPEALED
            self._paint([node.pid])

    def current_pid(self) -> str | None:
        item = self.currentItem()
        return self._pids.get(item) if item is not None else None

    def select_pid(self, pid: str) -> bool:
        item = self._items.get(pid)
        if item is None:
            return False
        self.setCurrentItem(item)
        self.scrollToItem(item)
        return True

    def item_for(self, pid: str) -> QTreeWidgetItem | None:
        return self._items.get(pid)

    # -- building -----------------------------------------------------------------------------
    # Qt setters are the costly part on a regulation of thousands of units: a plain item
    # gets none, only styled ones do.
    def _add_children(self, parent: QTreeWidgetItem, node: Provision, expanded: set[str],
                      first_time: bool) -> None:
        for child in node.children:
            item = QTreeWidgetItem(parent, [item_label(child)])
            self._items[child.pid] = item
            self._pids[item] = child.pid
            self._repealed[child.pid] = child.status is ProvisionStatus.REPEALED
            if child.children:
                self._add_children(item, child, expanded, first_time)
                opens = child.kind.is_division or child.kind is ProvisionKind.TRANSITIONAL_GROUP
                if child.pid in expanded or (first_time and opens):
                    item.setExpanded(True)

    def _paint(self, pids) -> None:
        for pid in pids:
            item = self._items.get(pid)
            if item is None:
                continue
            repealed = self._repealed.get(pid, False)
            kind = self._kinds.get(pid, RowKind.EQUAL)
            observed = self._observed.get(pid, 0)
            item.setData(0, Qt.ItemDataRole.BackgroundRole,
                         QBrush(OBSERVED_BACKGROUND) if observed else None)
            styled = repealed or kind in KIND_COLORS
            if not styled and not observed and not item.data(0, STYLED_ROLE):
                continue  # never styled: already looks like the default
            font = item.font(0)
            font.setItalic(repealed)
            font.setBold(kind in KIND_COLORS)
            item.setFont(0, font)
            if styled:
                color = REPEALED_COLOR if repealed else KIND_COLORS[kind]
                item.setForeground(0, QBrush(color))
            else:
                item.setData(0, Qt.ItemDataRole.ForegroundRole, None)
            item.setData(0, STYLED_ROLE, styled or bool(observed))
            tips = [KIND_TIPS[kind]] if kind in KIND_TIPS else []
            tips += ["derogado"] if repealed else []
            tips += [plural.count(observed, "observación abierta")] if observed else []
            item.setToolTip(0, item.text(0) + (f" ({', '.join(tips)})" if tips else ""))

    def _on_current(self, current: QTreeWidgetItem | None, _previous) -> None:
        if current is not None:
            self.sig_node_selected.emit(self._pids.get(current, ""))
