"""The "Nuevo proyecto" dialog: the project's data plus the regulations it amends.

The regulations of the corpus are a checkable list (the one open in the viewer comes
checked, since that is usually what the lawyer wants to amend); an omnibus reform checks
several. "Aceptar" stays disabled until the project has a title and, unless it is a nueva
expedición, at least one regulation. The dialog only collects values: the caller creates the
project through ``services.projects.create``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout,
    QWidget,
)

from ...domain.reform import ProjectKind, ReformProject
from ...domain.regulation import short_title
from .project_data import ProjectDataForm

URI_ROLE = Qt.ItemDataRole.UserRole


class RegulationChecklist(QWidget):
    """A filterable, checkable list of the corpus regulations."""

    def __init__(self, summaries: Iterable[Any], checked: Iterable[str] = (),
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        checked = set(checked)
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Filtrar reglamentos…")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self._filter)
        self.list = QListWidget()
        for summary in sorted(summaries, key=lambda s: s.title.casefold()):
            item = QListWidgetItem(short_title(summary.title))
            item.setToolTip(summary.title)
            item.setData(URI_ROLE, summary.uri)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if summary.uri in checked
                               else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.list, 1)

    def items(self) -> list[QListWidgetItem]:
        return [self.list.item(i) for i in range(self.list.count())]

    def checked_uris(self) -> list[str]:
        return [item.data(URI_ROLE) for item in self.items()
                if item.checkState() is Qt.CheckState.Checked]

    def set_checked(self, uri: str, checked: bool = True) -> None:
        for item in self.items():
            if item.data(URI_ROLE) == uri:
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def _filter(self, text: str) -> None:
        needle = text.casefold().strip()
        for item in self.items():
            item.setHidden(bool(needle) and needle not in item.toolTip().casefold())


class NewProjectDialog(QDialog):
    """Collects what ``ProjectService.create`` needs (see the module docstring)."""

    def __init__(self, summaries: Iterable[Any], preselect: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Nuevo proyecto de reforma")
        self.form = ProjectDataForm(with_transitorios=False)
        self.checklist = RegulationChecklist(summaries, [preselect] if preselect else [])
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Crear proyecto")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(QLabel("Reglamentos que reforma:"))
        layout.addWidget(self.checklist, 1)
        layout.addWidget(self.buttons)
        self.form.title_edit.textChanged.connect(self._update_ok)
        self.form.kind_combo.currentIndexChanged.connect(self._update_ok)
        self.checklist.list.itemChanged.connect(self._update_ok)
        self._update_ok()
        self.resize(620, 640)

    def values(self) -> tuple[ReformProject, list[str]]:
        """The project as typed (not saved) and the URIs of the regulations checked."""
        return self.form.apply_to(ReformProject(title="")), self.checklist.checked_uris()

    def create_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for ``services.projects.create`` (besides title and targets)."""
        project, _uris = self.values()
        return {"kind": project.kind, "promoter_kind": project.promoter_kind,
                "promoter_office": project.promoter_office, "motives": project.motives,
                "file_number": project.file_number}

    def _update_ok(self, *_args) -> None:
        project, uris = self.values()
        new_issue = project.kind is ProjectKind.NEW_ISSUE
        ok = bool(project.title) and (bool(uris) or new_issue)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)
