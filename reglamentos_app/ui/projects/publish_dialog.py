"""The "Publicar…" dialog: the Periódico Oficial data of the publication and the note style.

Número, sección, tomo (suggested from the year, as the Periódico numbers them) and fecha de
publicación make the ``GazetteReference``; an optional fecha de entrada en vigor overrides
what the transitorios say; the style of the reform notes follows the house styles of Baja
California (or none). Publishing itself is the editor's call to ``services.projects.publish``.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
    QWidget,
)

from ...domain.gazette import GazetteReference
from ...domain.provisions import NoteStyle

NOTE_STYLES: list[tuple[str, NoteStyle | None]] = [
    ("Nota antes de la disposición («Fue reformado por…»)", NoteStyle.PREAMBLE),
    ("Nota entre paréntesis después («(Reformado, P.O. No. …)»)", NoteStyle.PARENTHETICAL),
    ("Nota del editor («[N. de E. …]»)", NoteStyle.EDITOR),
    ("Sin notas de reforma", None),
]


def _date_edit(value: date) -> QDateEdit:
    edit = QDateEdit(QDate(value.year, value.month, value.day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd/MM/yyyy")
    return edit


def _to_date(edit: QDateEdit) -> date:
    value = edit.date()
    return date(value.year(), value.month(), value.day())


class PublishDialog(QDialog):
    """Collects the publication data (see the module docstring)."""

    def __init__(self, project_title: str, parent: QWidget | None = None,
                 today: date | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Publicar proyecto")
        today = today or date.today()
        intro = QLabel(f"Se consolidará «{project_title}» en el corpus con los datos de su "
                       "publicación en el Periódico Oficial del Estado.")
        intro.setWordWrap(True)
        self.number_edit = QLineEdit()
        self.section_edit = QLineEdit("I")
        self.tome_edit = QLineEdit()
        self.date_edit = _date_edit(today)
        self.entry_check = QCheckBox("Fecha de entrada en &vigor distinta a la de los "
                                     "transitorios:")
        self.entry_edit = _date_edit(today)
        self.entry_edit.setEnabled(False)
        self.entry_check.toggled.connect(self.entry_edit.setEnabled)
        self.style_combo = QComboBox()
        for label, _style in NOTE_STYLES:
            self.style_combo.addItem(label)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Publicar")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QFormLayout(self)
        layout.addRow(intro)
        layout.addRow("&Número:", self.number_edit)
        layout.addRow("&Sección:", self.section_edit)
        layout.addRow("&Tomo:", self.tome_edit)
        layout.addRow("&Fecha de publicación:", self.date_edit)
        layout.addRow(self.entry_check)
        layout.addRow("", self.entry_edit)
        layout.addRow("&Estilo de notas:", self.style_combo)
        layout.addRow(self.buttons)
        self.number_edit.textChanged.connect(self._update_ok)
        self.date_edit.dateChanged.connect(self._suggest_tome)
        self._suggest_tome()
        self._update_ok()

    def gazette(self) -> GazetteReference:
        return GazetteReference(number=self.number_edit.text().strip(),
                                section=self.section_edit.text().strip(),
                                tome=self.tome_edit.text().strip().upper(),
                                date=_to_date(self.date_edit))

    def note_style(self) -> NoteStyle | None:
        return NOTE_STYLES[self.style_combo.currentIndex()][1]

    def entry_override(self) -> date | None:
        return _to_date(self.entry_edit) if self.entry_check.isChecked() else None

    def _suggest_tome(self, *_args) -> None:
        # Only fill an empty or previously suggested tome: never overwrite what was typed.
        suggested = GazetteReference(date=_to_date(self.date_edit)).expected_tome() or ""
        if not self.tome_edit.isModified():
            self.tome_edit.setText(suggested)

    def _update_ok(self, *_args) -> None:
        ok = bool(self.number_edit.text().strip())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)
