"""The "Decreto" tab: the draft decree as it reads now, refreshed only when worth it.

Writing the decree means comparing every target with its base, so the preview is lazy: the
editor calls ``invalidate()`` after the draft changes, and the tab asks for a new text
(``sig_wanted``) only when it is on screen — right away if it is, or as soon as the user
opens it. The editor runs the service call and hands back the text with ``show_text``.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QTextBrowser, QVBoxLayout, QWidget


class DecreePreview(QWidget):
    """Read-only decree text (see the module docstring)."""

    sig_wanted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stale = True
        self.status_label = QLabel("Vista previa del decreto (se actualiza al dejar de "
                                   "escribir).")
        self.browser = QTextBrowser()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.status_label)
        layout.addWidget(self.browser, 1)

    def text(self) -> str:
        return self.browser.toPlainText()

    def invalidate(self) -> None:
        self.stale = True
        if self.isVisible():
            self.sig_wanted.emit()

    def show_text(self, text: str) -> None:
        self.stale = False
        bar = self.browser.verticalScrollBar()
        position = bar.value()
        self.browser.setPlainText(text)
        bar.setValue(min(position, bar.maximum()))

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if self.stale:
            self.sig_wanted.emit()
