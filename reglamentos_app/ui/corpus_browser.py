"""The corpus browser: every regulation in the database, grouped by kind of instrument.

Top-level rows are the kinds ("Reglamentos", "Bandos"…, with their count) in the order of
``RegulationKind``; under them one row per regulation with its title, status, date of last
reform (dd/mm/aaaa or "—") and number of articles. Selecting a regulation emits
``sig_regulation_selected(uri)``. Reloading keeps the current selection when it still exists.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from ..domain.regulation import RegulationKind, short_title
from .text_html import format_date

URI_ROLE = Qt.ItemDataRole.UserRole
COLUMNS = ["Título", "Estado", "Última reforma", "Artículos"]


class CorpusBrowser(QTreeWidget):
    """Tree of regulations by kind; rows are ``RegulationSummary`` values."""

    sig_regulation_selected = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setColumnCount(len(COLUMNS))
        self.setHeaderLabels(COLUMNS)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.currentItemChanged.connect(self._on_current_changed)
        self.count = 0

    def set_regulations(self, summaries: Iterable[Any]) -> None:
        """Replace the rows; ``summaries`` are ``RegulationSummary`` objects."""
        keep = self.selected_uri()
        by_kind: dict[RegulationKind, list[Any]] = {}
        for summary in summaries:
            by_kind.setdefault(summary.kind, []).append(summary)
        self.blockSignals(True)  # rebuilding is not a user selection
        try:
            self.clear()
            for kind in RegulationKind:
                rows = sorted(by_kind.get(kind, []), key=lambda s: s.title.casefold())
                if rows:
                    self._add_group(kind, rows)
            self.count = sum(len(rows) for rows in by_kind.values())
            self.expandAll()
            if keep:
                self._set_current(keep)
        finally:
            self.blockSignals(False)

    def selected_uri(self) -> str | None:
        item = self.currentItem()
        return item.data(0, URI_ROLE) if item is not None else None

    def select_uri(self, uri: str) -> bool:
        """Select a regulation as if the user clicked it; False if it is not listed."""
        return self._set_current(uri)

    def select_first(self) -> bool:
        uri = next(self.uris(), None)
        return self.select_uri(uri) if uri else False

    def uris(self) -> Iterator[str]:
        for item in self._regulation_items():
            yield item.data(0, URI_ROLE)

    def group_labels(self) -> list[str]:
        return [self.topLevelItem(i).text(0) for i in range(self.topLevelItemCount())]

    def _add_group(self, kind: RegulationKind, rows: list[Any]) -> None:
        group = QTreeWidgetItem(self, [f"{kind.plural_label} ({len(rows)})"])
        group.setFlags(Qt.ItemFlag.ItemIsEnabled)  # a heading, not something to open
        font = group.font(0)
        font.setBold(True)
        group.setFont(0, font)
        group.setFirstColumnSpanned(True)
        for summary in rows:
            item = QTreeWidgetItem(group, [
                short_title(summary.title), summary.status.label, format_date(summary.last_reform),
                str(summary.article_count),
            ])
            item.setData(0, URI_ROLE, summary.uri)
            item.setToolTip(0, summary.title)
            item.setTextAlignment(3, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def _regulation_items(self) -> Iterator[QTreeWidgetItem]:
        for i in range(self.topLevelItemCount()):
            group = self.topLevelItem(i)
            for j in range(group.childCount()):
                yield group.child(j)

    def _set_current(self, uri: str) -> bool:
        item = next((i for i in self._regulation_items() if i.data(0, URI_ROLE) == uri), None)
        if item is None:
            return False
        self.setCurrentItem(item)
        self.scrollToItem(item)
        return True

    def _on_current_changed(self, current: QTreeWidgetItem | None, _previous) -> None:
        uri = current.data(0, URI_ROLE) if current is not None else None
        if uri:
            self.sig_regulation_selected.emit(uri)
