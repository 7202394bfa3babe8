"""The "Decreto" tab: the draft decree as it reads now, refreshed only when worth it.

Writing the decree means comparing every target with its base, so the preview is lazy: the
editor calls ``invalidate()`` after the draft changes, and the tab asks for a new text
(``sig_wanted``) only when it is on screen — right away if it is, or as soon as the user
opens it. The editor runs the service call and hands back the text with ``show_text``.
The text is laid out as the exported acuerdo prints it (``decree_html``): a serif page,
justified paragraphs, "TRANSITORIOS" centred, each "ARTÍCULO ….-" and "ÚNICO.-" label in bold,
the reformed provisions indented under the clause that introduces them and "…" for the parts
left as they are.
"""

from __future__ import annotations

import re
from html import escape

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QTextBrowser, QVBoxLayout, QWidget


PAGE_STYLE = ("font-family:'Liberation Serif','Times New Roman',serif; font-size:12pt; "
              "line-height:140%;")
_LABEL = re.compile(r"^((?:ARTÍCULO|Artículo|ARTICULO)\s+[^.]+\.-|[A-ZÁÉÍÓÚÑ]+\.-|"
                    r"[IVXLCDM]+\.-|[a-z]\))\s*")


def decree_html(text: str) -> str:
    """The decree text as the printed acuerdo reads (see the module docstring)."""
    parts, quoting = [], False
    for line in text.split("\n"):
        stripped = line.strip()
        if not stripped:
            continue
        if stripped == "…":
            parts.append('<p align="center">…</p>')
            continue
        if stripped.isupper() and not _LABEL.match(stripped):
            quoting = False
            parts.append(f'<p align="center"><b>{escape(stripped)}</b></p>')
            continue
        clause = stripped.startswith("ARTÍCULO ÚNICO") or stripped.startswith("ARTÍCULO ") and \
            "como sigue" in stripped
        match = _LABEL.match(stripped)
        body = (f"<b>{escape(match.group(1))}</b> {escape(stripped[match.end():])}"
                if match else escape(stripped))
        margin = "margin-left:36px;" if quoting and not clause else ""
        parts.append(f'<p align="justify" style="{margin}">{body}</p>')
        if clause:
            quoting = True   # what follows is the text of the reformed provisions
    return f'<div style="{PAGE_STYLE}">{"".join(parts)}</div>'


class DecreePreview(QWidget):
    """Read-only decree text (see the module docstring)."""

    sig_wanted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stale = True
        self.status_label = QLabel("Vista previa del decreto (se actualiza al dejar de "
                                   "escribir).")
        self.browser = QTextBrowser()
        # A sheet of paper on the grey desk, as the exported acuerdo prints.
        self.browser.setStyleSheet("QTextBrowser { background: white; color: black; }")
        self.browser.document().setDocumentMargin(36)
        self._text = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.status_label)
        layout.addWidget(self.browser, 1)

    def text(self) -> str:
        return self._text

    def invalidate(self) -> None:
        self.stale = True
        if self.isVisible():
            self.sig_wanted.emit()

    def show_text(self, text: str) -> None:
        self.stale = False
        bar = self.browser.verticalScrollBar()
        position = bar.value()
        self._text = text
        self.browser.setHtml(decree_html(text))
        bar.setValue(min(position, bar.maximum()))

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if self.stale:
            self.sig_wanted.emit()
