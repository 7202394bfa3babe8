"""Where the export dialog is opened from: the regulation shown, or a project editor.

``open_regulation_export`` exports the regulation the viewer shows, at the version shown.
``ProjectExportMenu`` is the "Exportar" toolbar button of a project editor, with one entry per
document (cuadro comparativo, proyecto de acuerdo, iniciativa, paquete de publicación); it
saves the draft first, so the export is of what the user sees.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QMessageBox, QToolButton, QWidget

from ..ops import OpRunner
from ..regulation_viewer import RegulationViewer, version_date
from .export_dialog import PROJECT_KINDS, REGULATION_KINDS, ExportDialog, ExportKind


def open_regulation_export(parent: QWidget, runner: OpRunner, viewer: RegulationViewer,
                           kind: ExportKind | None = None,
                           selected: str | None = None) -> ExportDialog | None:
    """The export dialog for the regulation and version the viewer shows (None: nothing shown).

    ``selected`` is the regulation chosen in the corpus browser: when the viewer has not shown
    it yet (it loads in the background), its newest version is exported.
    """
    loaded = viewer.loaded
    if loaded is not None and selected in (None, loaded.uri):
        when = version_date(loaded.versions, loaded.index) if loaded.versions else None
        if when is not None and loaded.expression.valid_from:
            when = loaded.expression.valid_from  # an older version: export it as of its start
        uri, slug = loaded.uri, loaded.regulation.uri.slug
    elif selected:
        uri, slug, when = selected, selected.rstrip("/").rsplit("/", 1)[-1], None
    else:
        QMessageBox.information(parent, "Exportar", "Seleccione primero un reglamento en la "
                                                    "lista para exportar su texto vigente.")
        return None
    dialog = ExportDialog(runner, source=uri, kinds=REGULATION_KINDS, base_name=slug,
                          when=when, kind=kind,
                          libreoffice=runner.services.exports.libreoffice_available(),
                          parent=parent)
    dialog.open()
    return dialog


class ProjectExportMenu(QObject):
    """The project editor's "Exportar" button and its menu."""

    def __init__(self, runner: OpRunner, parent: QWidget, project_id: Callable[[], int],
                 save_first: Callable[[Callable[[bool], None]], None] | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._parent = parent
        self._project_id = project_id
        self._save_first = save_first
        self.dialog: ExportDialog | None = None
        self.menu = QMenu("Exportar", parent)
        self.actions: dict[ExportKind, QAction] = {}
        for kind in PROJECT_KINDS:
            action = self.menu.addAction(f"{kind.label}…")
            action.triggered.connect(lambda _c=False, k=kind: self.open(k))
            self.actions[kind] = action
        self.button = QToolButton(parent)
        self.button.setText("Exportar")
        self.button.setToolTip("Cuadro comparativo, proyecto de acuerdo, iniciativa o paquete "
                               "de publicación del proyecto")
        self.button.setMenu(self.menu)
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)

    def open(self, kind: ExportKind) -> None:
        if self._save_first is None:
            self._show(kind)
            return
        self._save_first(lambda _saved: self._show(kind))

    def _show(self, kind: ExportKind) -> None:
        project_id = self._project_id()
        self.dialog = ExportDialog(self._runner, source=str(project_id), kinds=PROJECT_KINDS,
                                   base_name=f"proyecto-{project_id}", kind=kind,
                                   libreoffice=self._runner.services.exports
                                   .libreoffice_available(), parent=self._parent)
        self.dialog.open()
