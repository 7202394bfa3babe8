"""Two short conversations of the project editor: adding a regulation and publishing.

Each flow asks with a dialog (opened with ``open()``, so the event loop keeps running), runs
the service call in an op and reports back with a signal; the editor only updates its own
state. ``AddTargetFlow`` adds a corpus regulation (``add_target``) or a nueva expedición
(``add_new_regulation``) and hands back the reloaded project. ``PublishFlow`` collects the
Periódico Oficial data, calls ``publish`` with a delayed progress dialog, tells the user which
new versions the corpus now has, and emits the result; a ``ConsolidationConflict`` reaches
the user through ``show_error`` like any other error, and nothing is published.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from ...domain.gazette import GazetteReference
from ...domain.reform import ReformProject
from ...domain.regulation import short_title
from ...services import PublishResult, Services
from ..ops import Op, OpRunner
from ..text_html import format_date
from .add_target_dialog import AddTargetDialog
from .publish_dialog import PublishDialog


class AddTargetFlow(QObject):
    """"+ reglamento" (see the module docstring)."""

    sig_added = Signal(object)   # the project, reloaded, with the new target last

    def __init__(self, runner: OpRunner, parent: QWidget) -> None:
        super().__init__(parent)
        self._runner = runner
        self._parent = parent
        self.dialog: AddTargetDialog | None = None

    def start(self, project: ReformProject) -> None:
        Op(self._runner, parent=self._parent, op=lambda svc: svc.corpus.list_regulations(),
           success=lambda summaries: self._ask(project, summaries)).run_in_background()

    def _ask(self, project: ReformProject, summaries: list[Any]) -> None:
        self.dialog = dialog = AddTargetDialog(
            summaries, [t.regulation_uri for t in project.targets], self._parent)
        dialog.accepted.connect(lambda: self._add(project.id, *dialog.choice()))
        dialog.open()

    def _add(self, project_id: int, how: str, value: str) -> None:
        def add(svc: Services) -> ReformProject:
            if how == "new":
                svc.projects.add_new_regulation(project_id, value)
            else:
                svc.projects.add_target(project_id, value)
            return svc.projects.get(project_id)

        Op(self._runner, parent=self._parent, op=add,
           success=self.sig_added.emit).run_in_background()


class PublishFlow(QObject):
    """"Publicar…" (see the module docstring)."""

    sig_published = Signal(object, object)   # PublishResult, GazetteReference

    def __init__(self, runner: OpRunner, parent: QWidget) -> None:
        super().__init__(parent)
        self._runner = runner
        self._parent = parent
        self.dialog: PublishDialog | None = None

    def start(self, project: ReformProject) -> None:
        self.dialog = dialog = PublishDialog(project.title, self._parent)
        dialog.accepted.connect(lambda: self._publish(project, dialog))
        dialog.open()

    def _publish(self, project: ReformProject, dialog: PublishDialog) -> None:
        gazette, style, entry = dialog.gazette(), dialog.note_style(), dialog.entry_override()
        project_id = project.id
        Op(self._runner, parent=self._parent,
           op=lambda svc, _report, _cancel: svc.projects.publish(
               project_id, gazette, note_style=style, entry_override=entry),
           success=lambda result: self._done(project, result, gazette)
           ).with_progress("Publicando y consolidando…").run_in_background()

    def _done(self, project: ReformProject, result: PublishResult,
              gazette: GazetteReference) -> None:
        titles = {t.regulation_uri: short_title(t.regulation_title) for t in project.targets}
        lines = [f"• {titles.get(uri, uri)}: vigente desde el {format_date(when)}"
                 for uri, when in result.versions]
        QMessageBox.information(self._parent, "Proyecto publicado",
                                f"Se publicó «{project.title}» y el corpus tiene las nuevas "
                                "versiones:\n" + "\n".join(lines))
        self.sig_published.emit(result, gazette)
