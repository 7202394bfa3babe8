"""The diff view: a comparison drawn by ``diff_html`` in a QTextBrowser, with its toggles.

"Solo cambios" (on by default) draws only the changed rows with their article for context;
"En línea" switches from two columns (base left, draft right) to one column with deletions
and insertions interleaved; "Por caracteres" diffs characters instead of words. Redrawing
after the draft changes keeps the scroll position, so the user does not lose their place
while typing. ``scroll_to_pid`` brings a provision's row into view for the change list.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QCheckBox, QHBoxLayout, QTextBrowser, QTextEdit, QVBoxLayout, QWidget,
)

from ...services import Comparison
from .diff_html import DiffOptions, anchor_name, comparison_html, eid_anchor_name

FRAGMENT_COLOR = "#ffe08a"   # an observed fragment (as in the observations panel)


class DiffView(QWidget):
    """Toggles plus the rendered comparison (see the module docstring)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.comparison: Comparison | None = None
        self.html = ""  # the last document drawn, as generated (tests read it)
        self.only_changes_check = QCheckBox("Solo cambios")
        self.only_changes_check.setChecked(True)
        self.only_changes_check.setToolTip("Mostrar solo las disposiciones que cambian, con su "
                                           "artículo como contexto")
        self.inline_check = QCheckBox("En línea")
        self.inline_check.setToolTip("Una sola columna con lo suprimido y lo adicionado "
                                     "intercalados")
        self.chars_check = QCheckBox("Por caracteres")
        self.chars_check.setToolTip("Marcar las diferencias letra por letra en lugar de por "
                                    "palabra")
        for check in (self.only_changes_check, self.inline_check, self.chars_check):
            check.toggled.connect(lambda _on: self.redraw())
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        toggles = QHBoxLayout()
        toggles.addWidget(self.only_changes_check)
        toggles.addWidget(self.inline_check)
        toggles.addWidget(self.chars_check)
        toggles.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(toggles)
        layout.addWidget(self.browser, 1)

    @property
    def options(self) -> DiffOptions:
        return DiffOptions(only_changes=self.only_changes_check.isChecked(),
                           inline=self.inline_check.isChecked(),
                           chars=self.chars_check.isChecked())

    def set_comparison(self, comparison: Comparison | None) -> None:
        self.comparison = comparison
        self.redraw()

    def redraw(self) -> None:
        bar = self.browser.verticalScrollBar()
        position = bar.value()
        self.html = comparison_html(self.comparison, self.options) if self.comparison else ""
        self.browser.setHtml(self.html)
        bar.setValue(min(position, bar.maximum()))

    def highlight_fragment(self, text: str) -> int:
        """Mark every occurrence of an observed fragment (the Sindicatura's quoted words) in
        the drawn comparison; "" clears the marks. Returns how many were marked."""
        selections = []
        fragment = " ".join(text.split())
        if fragment:
            fmt = QTextCharFormat()
            fmt.setBackground(QColor(FRAGMENT_COLOR))
            document = self.browser.document()
            cursor = document.find(fragment)
            while not cursor.isNull() and len(selections) < 200:
                selection = QTextEdit.ExtraSelection()
                selection.cursor = cursor
                selection.format = fmt
                selections.append(selection)
                cursor = document.find(fragment, cursor)
        self.browser.setExtraSelections(selections)
        if selections:  # scroll to the first mark without selecting it (the mark must show)
            cursor = QTextCursor(selections[0].cursor)
            cursor.clearSelection()
            self.browser.setTextCursor(cursor)
            self.browser.ensureCursorVisible()
        return len(selections)

    def scroll_to_pid(self, pid: str, eid: str = "") -> bool:
        """Scroll to a provision's row; False when it is not drawn (e.g. "Solo cambios")."""
        for name in (anchor_name(pid) if pid else "", eid_anchor_name(eid) if eid else ""):
            if name and f'name="{name}"' in self.html:
                self.browser.scrollToAnchor(name)
                return True
        return False
