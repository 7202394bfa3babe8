"""A short conversation of the project editor: adding a regulation.

The flow asks with a dialog (opened with ``open()``, so the event loop keeps running), runs
the service call in an op and reports back with a signal; the editor only updates its own
state. ``AddTargetFlow`` adds a corpus regulation (``add_target``) or a nueva expedición
(``add_new_regulation``) and hands back the reloaded project. Publishing is not a drafting
act: it is recorded only through the procedure (the "Trámite" tab), see ``ui.workflow``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from ...domain.reform import ReformProject
from ...services import Services
from ..ops import Op, OpRunner
from .add_target_dialog import AddTargetDialog


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

