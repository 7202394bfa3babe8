"""The "+ reglamento" dialog: one more regulation for an omnibus reform, or a new one.

The user picks a regulation of the corpus that the project does not amend yet, or chooses
"Nuevo reglamento (expedición)" and types its title. ``choice()`` returns
``("corpus", uri)`` or ``("new", title)``; the editor calls ``add_target`` or
``add_new_regulation`` accordingly.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QWidget,
)

from ...domain.regulation import short_title

NEW = ""  # item data of the "nuevo reglamento" entry


class AddTargetDialog(QDialog):
    """Choose the regulation to add (see the module docstring)."""

    def __init__(self, summaries: Iterable[Any], exclude: Iterable[str] = (),
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Agregar reglamento al proyecto")
        excluded = set(exclude)
        self.combo = QComboBox()
        for summary in sorted(summaries, key=lambda s: s.title.casefold()):
            if summary.uri not in excluded:
                self.combo.addItem(short_title(summary.title), summary.uri)
        self.combo.addItem("Nuevo reglamento (expedición)…", NEW)
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText("Título del nuevo reglamento")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Agregar")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QFormLayout(self)
        layout.addRow("&Reglamento:", self.combo)
        layout.addRow("&Título:", self.title_edit)
        layout.addRow(self.buttons)
        self.combo.currentIndexChanged.connect(self._update)
        self.title_edit.textChanged.connect(self._update)
        self._update()

    def choice(self) -> tuple[str, str]:
        uri = self.combo.currentData()
        return ("new", self.title_edit.text().strip()) if uri == NEW else ("corpus", uri)

    def _update(self, *_args) -> None:
        new = self.combo.currentData() == NEW
        self.title_edit.setEnabled(new)
        ok = not new or bool(self.title_edit.text().strip())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)
