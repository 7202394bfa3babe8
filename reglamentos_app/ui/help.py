"""Ayuda: the user guide inside the program (F1), the keyboard shortcuts, both offline.

``guide_path`` finds docs/guia-de-usuario.md: inside a PyInstaller bundle (build.spec ships
``docs/guia-de-usuario.md`` and ``docs/screenshots``) or next to the package in a checkout.
``HelpDialog`` renders the Markdown with Qt's own Markdown reader (no browser, no network),
resolves the guide's images relative to its folder and scales them to the dialog's width, and
lists the guide's sections on the left (a click goes to the section) with a search box.
``ShortcutsDialog`` lists every shortcut, read from the menus' actions themselves (so it can
never disagree with them), plus the project editor's, which live in the editor tab.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QListWidget,
    QMenu, QMenuBar, QSplitter, QTableWidget, QTableWidgetItem, QTextBrowser, QVBoxLayout,
    QWidget,
)

from .layout import TEXT_COLUMN_MIN, firm_splitter, fit_to_screen, min_width

GUIDE_NAME = "guia-de-usuario.md"
IMAGE_MAX_WIDTH = 760
MISSING_GUIDE = ("<h3>No se encontró la guía de usuario</h3><p>El archivo "
                 "<code>docs/guia-de-usuario.md</code> no está junto al programa. Vuelva a "
                 "instalar Reglamentos o consulte la guía en la carpeta <code>docs</code> del "
                 "código.</p>")


def guide_path() -> Path:
    """docs/guia-de-usuario.md in the bundle, or in the checkout (REGLAMENTOS_DOCS overrides)."""
    env = os.environ.get("REGLAMENTOS_DOCS")
    if env:
        return Path(env) / GUIDE_NAME
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "docs" / GUIDE_NAME
    return Path(__file__).resolve().parents[2] / "docs" / GUIDE_NAME


def guide_sections(markdown: str) -> list[tuple[int, str]]:
    """The headings of the guide ("## 4. Redactor…") as (level, text), in order."""
    sections = []
    in_code = False
    for line in markdown.splitlines():
        if line.startswith("```"):
            in_code = not in_code
        elif not in_code and line.startswith("#"):
            level = len(line) - len(line.lstrip("#"))
            text = line[level:].strip()
            if 1 < level <= 3 and text:
                sections.append((level, text))
    return sections


class HelpDialog(QDialog):
    """The user guide (see the module docstring); non-modal, so the program stays usable."""

    def __init__(self, path: Path | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Guía de usuario — Reglamentos")
        self.setModal(False)
        self.path = path or guide_path()
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(True)
        min_width(self.browser, TEXT_COLUMN_MIN)
        self.sections = QListWidget()
        min_width(self.sections, 200)
        self.find_edit = QLineEdit()
        self.find_edit.setPlaceholderText("Buscar en la guía (Intro: siguiente)")
        self.find_edit.setClearButtonEnabled(True)
        self.find_status = QLabel()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel("<b>Contenido</b>"))
        left_layout.addWidget(self.sections, 1)
        splitter = firm_splitter(QSplitter(Qt.Orientation.Horizontal))
        splitter.addWidget(left)
        splitter.addWidget(self.browser)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([240, 760])
        finder = QHBoxLayout()
        finder.addWidget(self.find_edit, 1)
        finder.addWidget(self.find_status)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(finder)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)
        self.sections.currentRowChanged.connect(self._go_to_section)
        self.find_edit.returnPressed.connect(self.find_next)
        self.headings: list[str] = []
        self.load()
        fit_to_screen(self, 1040, 760)

    def load(self) -> None:
        try:
            markdown = self.path.read_text(encoding="utf-8")
        except OSError:
            self.browser.setHtml(MISSING_GUIDE)
            return
        self.browser.setSearchPaths([str(self.path.parent)])
        self.browser.document().setBaseUrl(self.path.parent.as_uri() + "/")
        self.browser.setMarkdown(markdown)
        self._fit_images()
        self.headings = []
        for level, text in guide_sections(markdown):
            self.headings.append(text)
            self.sections.addItem(("    " if level == 3 else "") + text)

    def _fit_images(self) -> None:
        """Screenshots are 1366 px wide: show them at the reading width, keeping the ratio."""
        document = self.browser.document()
        cursor = QTextCursor(document)
        block = document.begin()
        while block.isValid():
            iterator = block.begin()
            while not iterator.atEnd():
                fragment = iterator.fragment()
                fmt = fragment.charFormat()
                if fmt.isImageFormat():
                    image = fmt.toImageFormat()
                    resource = document.resource(QTextDocument.ResourceType.ImageResource,
                                                 image.name())
                    size = getattr(resource, "size", lambda: None)()
                    if size is not None and size.width() > IMAGE_MAX_WIDTH:
                        image.setWidth(IMAGE_MAX_WIDTH)
                        image.setHeight(size.height() * IMAGE_MAX_WIDTH / size.width())
                        cursor.setPosition(fragment.position())
                        cursor.setPosition(fragment.position() + fragment.length(),
                                           QTextCursor.MoveMode.KeepAnchor)
                        cursor.setCharFormat(image)
                iterator += 1
            block = block.next()

    def _go_to_section(self, row: int) -> None:
        if not 0 <= row < len(self.headings):
            return
        found = self.browser.document().find(self.headings[row])
        if not found.isNull():
            self._show(found)

    def _show(self, cursor: QTextCursor) -> None:
        """Select ``cursor`` and put it at the top of the view."""
        self.browser.setTextCursor(cursor)
        bar = self.browser.verticalScrollBar()
        bar.setValue(bar.value() + self.browser.cursorRect(cursor).top())

    def find_next(self) -> bool:
        text = self.find_edit.text().strip()
        if not text:
            return False
        found = self.browser.document().find(text, self.browser.textCursor())
        if found.isNull():  # wrap around to the beginning
            found = self.browser.document().find(text)
        self.find_status.setText("" if not found.isNull() else "No se encontró")
        if not found.isNull():
            self._show(found)
        return not found.isNull()


def show_help(parent: QWidget, dialog: HelpDialog | None) -> HelpDialog:
    """Show the guide (one window, brought to the front if already open)."""
    if dialog is None:
        dialog = HelpDialog(parent=parent)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog


# -- shortcuts ----------------------------------------------------------------------------------
def shortcut_rows(menu_bar: QMenuBar) -> list[tuple[str, str]]:
    """(where, shortcut) for every menu action with a shortcut, plus the project editor's."""
    rows: list[tuple[str, str]] = []
    for action in menu_bar.actions():
        if action.menu() is not None:
            _walk(action.menu(), _clean(action.text()), rows)
    rows.extend(_editor_rows(rows))
    return rows


def _walk(menu: QMenu, where: str, rows: list[tuple[str, str]]) -> None:
    rebuild = getattr(menu, "rebuild", None)
    if callable(rebuild):
        rebuild()  # menus filled when opened (Edición) are filled now
    for action in menu.actions():
        if action.menu() is not None:
            _walk(action.menu(), f"{where} › {_clean(action.text())}", rows)
        elif not action.isSeparator() and _keys(action):
            rows.append((f"{where} › {_clean(action.text())}", _keys(action)))


def _editor_rows(already: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The drafting shortcuts, which act in the project editor (listed even with no project
    open, read from the real actions)."""
    from .projects.draft_actions import DraftActions

    holder = QWidget()
    actions = DraftActions(None, holder)  # type: ignore[arg-type] - only read, never triggered
    listed = {keys for _where, keys in already}
    rows = [(f"Editor del proyecto › {_clean(action.text())}", _keys(action))
            for action in actions.all if _keys(action) and _keys(action) not in listed]
    holder.deleteLater()
    return rows


def _keys(action: QAction) -> str:
    return ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText)
                     for s in action.shortcuts() if not s.isEmpty())


def _clean(text: str) -> str:
    return text.replace("&", "").rstrip("…").strip()


class ShortcutsDialog(QDialog):
    """Ayuda › Atajos de teclado: a two-column table."""

    def __init__(self, rows: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Atajos de teclado")
        self.table = QTableWidget(len(rows), 2)
        self.table.setHorizontalHeaderLabels(["Acción", "Atajo"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, (where, keys) in enumerate(rows):
            self.table.setItem(row, 0, QTableWidgetItem(where))
            self.table.setItem(row, 1, QTableWidgetItem(keys))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Los atajos del editor funcionan en la pestaña del proyecto; "
                                "F1 abre la guía de usuario."))
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.rows = rows
        fit_to_screen(self, 620, 560)
