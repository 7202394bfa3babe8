"""The project editor's two redline actions: "Exportar redline para Word…" and "Importar
redline revisado…".

Exporting asks where to save and writes the .docx in the background (after saving pending
edits, so the file matches the stored draft revision). Importing asks for the returned file,
saves pending edits, imports it as the current profile (the one chosen in "Trámite"; a local
drafter profile when none was chosen), reloads the project and shows ``RedlineResultDialog``.
Errors (a foreign or hostile file, a stage that forbids it) are shown in Spanish by the op.
"""

from __future__ import annotations

import getpass
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction

from ...domain import plural
from ...domain.workflow import UserProfile
from ...services.redline import RedlineImport
from .. import file_dialogs
from ..ops import Op, OpRunner
from ..saved_notice import confirm_saved
from .redline_result import RedlineResultDialog

DOCX_FILTER = "Documento de Word (*.docx)"


def current_profile(editor: Any) -> UserProfile | None:
    """The profile the editor's "Trámite" panel acts as (None when none was chosen)."""
    for child in editor.children():
        profile = getattr(getattr(child, "state", None), "profile", None)
        if isinstance(profile, UserProfile):
            return profile
    return None


class RedlineActions(QObject):
    """Export and import of Word redlines for one project editor."""

    sig_exported = Signal(str)
    sig_imported = Signal(object)  # RedlineImport

    def __init__(self, editor: Any, runner: OpRunner,
                 user: Callable[[], UserProfile | None] | None = None) -> None:
        super().__init__(editor)
        self.editor = editor
        self._runner = runner
        self._user = user or (lambda: current_profile(editor))
        self.last_dialog: RedlineResultDialog | None = None
        self.export_action = QAction("Exportar redline para Word…", editor)
        self.export_action.setToolTip("Documento .docx con cada cambio como revisión de Word "
                                      "(control de cambios), para la revisión de la Sindicatura")
        self.export_action.triggered.connect(lambda _c=False: self.export_redline())
        self.import_action = QAction("Importar redline revisado…", editor)
        self.import_action.setToolTip("Leer el redline devuelto: cambios aceptados y rechazados "
                                      "como nueva revisión del borrador; comentarios como "
                                      "observaciones")
        self.import_action.triggered.connect(lambda _c=False: self.import_redline())

    def actions(self) -> list[QAction]:
        return [self.export_action, self.import_action]

    def user(self) -> UserProfile:
        return self._user() or UserProfile(getpass.getuser() or "usuario local", "", "redactor")

    # -- export -------------------------------------------------------------------------------
    def export_redline(self, path: Path | None = None) -> None:
        if path is None:
            title = self.editor.project.title if self.editor.project else "proyecto"
            chosen = file_dialogs.save_file(self.editor, "Exportar redline para Word",
                                            f"Redline - {title}.docx", DOCX_FILTER)
            if not chosen:
                return
            path = Path(chosen if chosen.lower().endswith(".docx") else chosen + ".docx")
        pid = self.editor.project_id
        self._after_save(lambda: Op(
            self._runner, parent=self.editor,
            op=lambda svc: svc.redline.export(pid, path),
            success=lambda info: self._exported(info)).run_in_background())

    def _exported(self, info) -> None:
        self.editor.save_label.setText(f"Redline exportado: {info.path.name} "
                                       f"({plural.count(info.revisions, 'revisión')})")
        self.sig_exported.emit(str(info.path))
        confirm_saved(self.editor, info.path, "El redline para Word",
                      f"{plural.count(info.revisions, 'revisión')} con control de cambios.")

    # -- import -------------------------------------------------------------------------------
    def import_redline(self, path: Path | None = None) -> None:
        if path is None:
            chosen = file_dialogs.open_file(self.editor, "Importar redline revisado",
                                            DOCX_FILTER)
            if not chosen:
                return
            path = Path(chosen)
        pid, user = self.editor.project_id, self.user()
        self._after_save(lambda: Op(
            self._runner, parent=self.editor,
            op=lambda svc, _report, _cancel: svc.redline.import_file(pid, path, user),
            success=self._imported).with_progress("Importando el redline revisado…")
            .run_in_background())

    def _imported(self, result: RedlineImport) -> None:
        self.editor.reload()  # the new draft revision, and the observations panel
        self.last_dialog = RedlineResultDialog(result, self.editor)
        self.last_dialog.show()
        self.sig_imported.emit(result)

    def _after_save(self, then: Callable[[], None]) -> None:
        """Run ``then`` once pending edits are stored (the redline is of the stored draft)."""
        if not self.editor.dirty:
            then()
            return
        # A failed save already showed its error; the redline is then left alone.
        self.editor.save_now(lambda ok: ok and then())
