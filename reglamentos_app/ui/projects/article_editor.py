"""The unit editor: number, heading and text of the provision chosen in the tree.

It only shows and reports: every keystroke emits ``sig_heading_edited`` or
``sig_text_edited`` and the project editor turns it into a ``DraftEditor.edit`` (which merges
keystrokes into one undo step). The fields' own undo is switched off and Ctrl+Z / Ctrl+Y /
Ctrl+Shift+Z are let through to the editor's actions, so there is a single undo history —
the draft's — instead of two that disagree. Filling the fields from the draft (after choosing
a node or undoing) never emits the edit signals.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QWidget

from ...domain.provisions import Provision, ProvisionStatus

# Keys that belong to the draft's undo history, not to the text fields.
_HISTORY_KEYS = (QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo)
_EXTRA_HISTORY_KEYS = (QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z"))


class ArticleEditor(QWidget):
    """Number label, heading line and text box (see the module docstring)."""

    sig_heading_edited = Signal(str)
    sig_text_edited = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pid: str | None = None
        self.number_label = QLabel("Seleccione una disposición en la estructura.")
        font = self.number_label.font()
        font.setBold(True)
        self.number_label.setFont(font)
        self.heading_edit = QLineEdit()
        self.heading_edit.setPlaceholderText("Epígrafe o denominación (opcional)")
        self.text_edit = QPlainTextEdit()
        self.text_edit.setUndoRedoEnabled(False)
        self.text_edit.setPlaceholderText("Texto de la disposición")
        for field in (self.heading_edit, self.text_edit):
            field.installEventFilter(self)
        self.heading_edit.textEdited.connect(self.sig_heading_edited)
        self.text_edit.textChanged.connect(self._on_text_changed)
        self._filling = False
        layout = QFormLayout(self)
        layout.addRow(self.number_label)
        layout.addRow("Epígrafe:", self.heading_edit)
        layout.addRow("Texto:", self.text_edit)
        self.show_node(None)

    def show_node(self, node: Provision | None, *, read_only: bool = False) -> None:
        """Show ``node`` (None: nothing chosen); keeps the cursor when only refreshing it."""
        self.pid = node.pid if node is not None else None
        self._filling = True
        try:
            if node is None:
                self.number_label.setText("Seleccione una disposición en la estructura.")
                self.heading_edit.clear()
                self.text_edit.clear()
            else:
                state = " (derogado)" if node.status is ProvisionStatus.REPEALED else ""
                self.number_label.setText(f"{node.display_label()}{state}")
                if self.heading_edit.text() != node.heading:
                    self.heading_edit.setText(node.heading)
                if self.text_edit.toPlainText() != node.text:
                    self._set_text_keeping_cursor(node.text)
        finally:
            self._filling = False
        editable = node is not None and not read_only
        self.heading_edit.setReadOnly(not editable)
        self.text_edit.setReadOnly(not editable)
        self.heading_edit.setEnabled(node is not None)
        self.text_edit.setEnabled(node is not None)

    def _set_text_keeping_cursor(self, text: str) -> None:
        position = self.text_edit.textCursor().position()
        self.text_edit.setPlainText(text)
        cursor = self.text_edit.textCursor()
        cursor.setPosition(min(position, len(text)))
        self.text_edit.setTextCursor(cursor)

    def _on_text_changed(self) -> None:
        if not self._filling:
            self.sig_text_edited.emit(self.text_edit.toPlainText())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        # Refusing the shortcut override lets the window's Deshacer/Rehacer actions fire.
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) \
                and _is_history_key(event):
            event.ignore()
            return True
        return super().eventFilter(watched, event)


def _is_history_key(event: QKeyEvent) -> bool:
    if any(event.matches(key) for key in _HISTORY_KEYS):
        return True
    pressed = QKeySequence(event.keyCombination())
    return any(pressed.matches(key) == QKeySequence.SequenceMatch.ExactMatch
               for key in _EXTRA_HISTORY_KEYS)
