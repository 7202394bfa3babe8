"""The project's own data as a form: title, kind, promoter, folio, motivos, transitorios.

``ProjectDataForm`` is used by the "Nuevo proyecto" dialog (without transitorios: a new
project starts with the default one) and by ``ProjectDataTab``, the editor's "Datos del
proyecto" tab. The form reads a ``ReformProject`` and writes the user's values back into one;
saving is the caller's job (the tab only emits ``sig_save_requested``).
Transitorios are typed one per line, as they are numbered PRIMERO, SEGUNDO… in the decree.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox, QFormLayout, QHBoxLayout, QLineEdit, QPlainTextEdit, QPushButton, QVBoxLayout,
    QWidget,
)

from ...domain.reform import ProjectKind, PromoterKind, ReformProject


def split_transitorios(text: str) -> list[str]:
    """One transitorio per non-empty line."""
    return [line.strip() for line in text.splitlines() if line.strip()]


class ProjectDataForm(QWidget):
    """Form fields of a project (see the module docstring)."""

    def __init__(self, *, with_transitorios: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText("Por ejemplo: Reforma al Reglamento de Parques")
        self.kind_combo = _enum_combo(ProjectKind)
        self.promoter_combo = _enum_combo(PromoterKind)
        self.office_edit = QLineEdit()
        self.office_edit.setPlaceholderText("Por ejemplo: Dirección de Servicios Públicos")
        self.folio_edit = QLineEdit()
        self.motives_edit = QPlainTextEdit()
        self.motives_edit.setPlaceholderText("Exposición de motivos")
        self.transitorios_edit = QPlainTextEdit() if with_transitorios else None
        layout = QFormLayout(self)
        layout.addRow("&Título:", self.title_edit)
        layout.addRow("Ti&po:", self.kind_combo)
        layout.addRow("&Promovente:", self.promoter_combo)
        layout.addRow("Dependencia u ó&rgano:", self.office_edit)
        layout.addRow("&Folio o expediente:", self.folio_edit)
        layout.addRow("Exposición de &motivos:", self.motives_edit)
        if self.transitorios_edit is not None:
            self.transitorios_edit.setToolTip("Un artículo transitorio por renglón")
            layout.addRow("Transi&torios (uno por renglón):", self.transitorios_edit)

    def set_project(self, project: ReformProject) -> None:
        self.title_edit.setText(project.title)
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(project.kind.value))
        promoter = self.promoter_combo.findData(project.promoter_kind.value)
        self.promoter_combo.setCurrentIndex(promoter)
        self.office_edit.setText(project.promoter_office)
        self.folio_edit.setText(project.file_number)
        self.motives_edit.setPlainText(project.motives)
        if self.transitorios_edit is not None:
            self.transitorios_edit.setPlainText("\n".join(project.transitorios))

    def apply_to(self, project: ReformProject) -> ReformProject:
        """Write the form into ``project`` (and return it)."""
        project.title = self.title_edit.text().strip()
        project.kind = ProjectKind(self.kind_combo.currentData())
        project.promoter_kind = PromoterKind(self.promoter_combo.currentData())
        project.promoter_office = self.office_edit.text().strip()
        project.file_number = self.folio_edit.text().strip()
        project.motives = self.motives_edit.toPlainText().strip()
        if self.transitorios_edit is not None:
            project.transitorios = split_transitorios(self.transitorios_edit.toPlainText())
        return project

    def set_read_only(self, read_only: bool) -> None:
        for field in (self.title_edit, self.office_edit, self.folio_edit):
            field.setReadOnly(read_only)
        for box in (self.motives_edit, self.transitorios_edit):
            if box is not None:
                box.setReadOnly(read_only)
        self.kind_combo.setEnabled(not read_only)
        self.promoter_combo.setEnabled(not read_only)


def _enum_combo(enum) -> QComboBox:
    combo = QComboBox()
    for member in enum:
        combo.addItem(member.label, member.value)  # plain strings compare reliably in Qt
    return combo


class ProjectDataTab(QWidget):
    """The editor's "Datos del proyecto" tab: the form and "Guardar datos"."""

    sig_save_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = ProjectDataForm()
        self.save_button = QPushButton("Guardar datos")
        self.save_button.clicked.connect(self.sig_save_requested)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form, 1)
        layout.addLayout(buttons)

    def set_read_only(self, read_only: bool) -> None:
        self.form.set_read_only(read_only)
        self.save_button.setEnabled(not read_only)
