"""Importing text pasted by the user (from a web page, an e-mail, a Word window).

``PasteTextDialog`` collects the text and a name for the import report; the caller stores it
through ``CorpusService.import_text`` in a background op, like any other import.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget,
)


class PasteTextDialog(QDialog):
    """A name and a text box; "Importar" is enabled once there is text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Pegar texto de un reglamento — Reglamentos")
        self.resize(760, 560)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.name_edit = QLineEdit("texto pegado")
        form.addRow("Nombre para el reporte:", self.name_edit)
        layout.addLayout(form)
        self.text_edit = QPlainTextEdit()
        self.text_edit.setPlaceholderText("Pegue aquí el texto completo del reglamento: título, "
                                          "datos de publicación, artículos y transitorios.")
        layout.addWidget(self.text_edit, 1)
        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton("Importar",
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton("Cancelar", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.text_edit.textChanged.connect(self._on_text_changed)
        self._on_text_changed()

    def _on_text_changed(self) -> None:
        self.import_button.setEnabled(bool(self.text_edit.toPlainText().strip()))

    @property
    def text(self) -> str:
        return self.text_edit.toPlainText()

    @property
    def source_name(self) -> str:
        return self.name_edit.text().strip() or "texto pegado"
