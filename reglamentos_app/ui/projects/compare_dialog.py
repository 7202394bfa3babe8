"""The "Comparar…" dialog: choose two texts, each a version of a corpus regulation or a file.

Each side is a ``SidePicker``: a regulation and one of its versions (loaded in the background
when the regulation changes), or a file on disk read on the fly. ``specs()`` gives the two
sides in the form ``services.compare.compare`` takes — a URI (newest version),
``URI@AAAA-MM-DD`` (the version in force that day) or a path. By default the dialog offers
the previous and the current version of the regulation open in the viewer.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QGroupBox, QHBoxLayout, QLineEdit,
    QPushButton, QRadioButton, QVBoxLayout, QWidget,
)

from ...domain.regulation import short_title
from .. import file_dialogs
from ..corpus_import import IMPORT_FILTER
from ..ops import Op, OpRunner
from ..regulation_viewer import version_label


class SidePicker(QGroupBox):
    """One side of the comparison (see the module docstring)."""

    def __init__(self, title: str, runner: OpRunner, summaries: list[Any],
                 parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self._runner = runner
        self._versions: list[Any] = []
        self._wanted_version = -1  # index from the newest: -1 newest, -2 the one before…
        self.corpus_radio = QRadioButton("Reglamento del corpus")
        self.file_radio = QRadioButton("Archivo")
        self.corpus_radio.setChecked(True)
        self.regulation_combo = QComboBox()
        for summary in sorted(summaries, key=lambda s: s.title.casefold()):
            self.regulation_combo.addItem(short_title(summary.title), summary.uri)
        self.version_combo = QComboBox()
        self.file_edit = QLineEdit()
        self.file_edit.setPlaceholderText("Ruta del archivo (.txt, .docx, .pdf…)")
        self.browse_button = QPushButton("Examinar…")
        self.browse_button.clicked.connect(self._browse)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_edit, 1)
        file_row.addWidget(self.browse_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.corpus_radio)
        layout.addWidget(self.regulation_combo)
        layout.addWidget(self.version_combo)
        layout.addWidget(self.file_radio)
        layout.addLayout(file_row)
        self.regulation_combo.currentIndexChanged.connect(lambda _i: self._load_versions())
        self.corpus_radio.toggled.connect(self._update_enabled)
        self._update_enabled()

    def choose(self, uri: str | None, version_from_newest: int = -1) -> None:
        """Select a regulation and a version (-1 the newest, -2 the one before…)."""
        self._wanted_version = version_from_newest
        index = self.regulation_combo.findData(uri) if uri else -1
        if index >= 0 and index != self.regulation_combo.currentIndex():
            self.regulation_combo.setCurrentIndex(index)
        else:
            self._load_versions()

    def use_file(self, path: str) -> None:
        self.file_radio.setChecked(True)
        self.file_edit.setText(path)

    def spec(self) -> str:
        if self.file_radio.isChecked():
            return self.file_edit.text().strip()
        uri = self.regulation_combo.currentData() or ""
        index = self.version_combo.currentData()
        newest = len(self._versions) - 1
        if not uri or index is None or index >= newest or not self._versions[index].valid_from:
            return uri
        return f"{uri}@{self._versions[index].valid_from.isoformat()}"

    def label(self) -> str:
        if self.file_radio.isChecked():
            return self.file_edit.text().strip()
        return f"{self.regulation_combo.currentText()} ({self.version_combo.currentText()})"

    def _load_versions(self) -> None:
        uri = self.regulation_combo.currentData()
        self.version_combo.clear()
        self._versions = []
        if uri:
            Op(self._runner, parent=self, op=lambda svc: svc.corpus.versions(uri),
               success=lambda versions: self._show_versions(uri, versions)).run_in_background()

    def _show_versions(self, uri: str, versions: list[Any]) -> None:
        if uri != self.regulation_combo.currentData():
            return  # the user chose another regulation meanwhile
        self._versions = list(versions)
        newest = len(versions) - 1
        for index in range(newest, -1, -1):
            self.version_combo.addItem(version_label(versions[index], index == newest), index)
        wanted = max(0, min(-1 - self._wanted_version, self.version_combo.count() - 1))
        self.version_combo.setCurrentIndex(wanted)

    def _browse(self) -> None:
        path = file_dialogs.open_file(self, "Elegir archivo", IMPORT_FILTER)
        if path:
            self.file_edit.setText(path)

    def _update_enabled(self, *_args) -> None:
        corpus = self.corpus_radio.isChecked()
        self.regulation_combo.setEnabled(corpus)
        self.version_combo.setEnabled(corpus)
        self.file_edit.setEnabled(not corpus)
        self.browse_button.setEnabled(not corpus)


class CompareDialog(QDialog):
    """Two side pickers and "Comparar" (see the module docstring)."""

    def __init__(self, runner: OpRunner, summaries: Iterable[Any], current_uri: str | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Comparar textos")
        summaries = list(summaries)
        self.base_picker = SidePicker("Texto anterior (izquierda)", runner, summaries)
        self.draft_picker = SidePicker("Texto nuevo (derecha)", runner, summaries)
        self.base_picker.choose(current_uri, -2)
        self.draft_picker.choose(current_uri, -1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Comparar")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        sides = QHBoxLayout()
        sides.addWidget(self.base_picker)
        sides.addWidget(self.draft_picker)
        layout = QVBoxLayout(self)
        layout.addLayout(sides)
        layout.addWidget(self.buttons)
        self.resize(760, 300)

    def specs(self) -> tuple[str, str]:
        return self.base_picker.spec(), self.draft_picker.spec()
