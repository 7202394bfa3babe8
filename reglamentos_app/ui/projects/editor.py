"""The project editor: one closable tab per open reform project.

It loads the project and the draft of its first regulation in one op, then wires the views
to the draft's ``DraftEditor``: typing calls ``edit`` (keystrokes merge into one undo step),
the toolbar's actions call the other commands. After any change three single-shot timers
restart: a 300 ms one re-diffs a deep copy of the draft with ``compare_trees`` on the CPU
pool (the live tree is never read off the GUI thread by the diff), a 2 s one autosaves with
``DraftSession.save`` through an op, and the decree preview asks for a new text once the
diff is in. Each regulation of an omnibus reform keeps its own session, so switching between
them keeps each undo history. A published or withdrawn project opens read-only.
"""

from __future__ import annotations

import copy
import dataclasses
import html
from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from ...domain.drafting import DraftEditor
from ...domain.errors import ConflictError, NotFoundError, ReglamentosError
from ...domain.provisions import Provision
from ...domain.reform import ProjectStatus, ReformProject
from ...domain.regulation import short_title
from ...services import Comparison, ProjectConflict, compare_trees
from ..errors import show_error
from ..shared.conflicts import handle_conflict
from ..shared.presence import SharedPresence
from ...services.merge import ProvisionConflictError
from ..ops import Op, OpRunner
from .add_target_dialog import AddTargetDialog
from .diff_html import row_kinds
from .draft_actions import DraftActions
from .draft_loading import OpenDraft, labelled, load_draft, load_project
from .draft_recovery import DraftRecovery
from .editor_view import ProjectEditorView
from .project_flows import AddTargetFlow
from ..exports.redline_actions import RedlineActions
from ..exports.actions import ProjectExportMenu

REDIFF_MS = 300
AUTOSAVE_MS = 2000
DECREE_MS = 500
SAVE_CONFLICT = ("Otra ventana u otro equipo guardó este proyecto después de que usted lo "
                 "abrió; sus cambios más recientes NO se guardaron. Cierre esta pestaña y vuelva "
                 "a abrir el proyecto.")


class ProjectEditor(ProjectEditorView):
    """Controller of one open project (see the module docstring)."""

    sig_title_changed = Signal(str)
    sig_projects_changed = Signal()
    sig_published = Signal(list)   # the URIs that got new versions
    sig_draft_shown = Signal()     # a regulation's draft is now in the tree (workflow labels)

    def __init__(self, runner: OpRunner, project_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self.project_id = project_id
        self.project: ReformProject | None = None
        self.current: OpenDraft | None = None
        self._drafts: dict[str, OpenDraft] = {}
        self._going_to: tuple[str, str] | None = None   # (uri, pid) to show once loaded
        self._diff_seq = 0
        self._decree_seq = 0
        self._save_blocked = False
        self.edit_lock = ""  # set by the workflow: why the stage or the profile forbids editing
        self.actions = DraftActions(self, self)
        self._add_flow = AddTargetFlow(runner, self)
        self.recovery = DraftRecovery(self, project_id, runner.services.db.url)  # unsaved text
        self._fill_toolbar()
        self._rediff_timer = self._timer(REDIFF_MS, self.rediff_now)
        self._save_timer = self._timer(AUTOSAVE_MS, self.save_now)
        self._decree_timer = self._timer(DECREE_MS, self.refresh_decree)
        self._wire()
        self.actions.update_state()
        self.save_label.setText("Sin cambios")
        self.presence = SharedPresence(runner, self)   # "X está editando", others' saves
        self.layout().insertWidget(1, self.presence.widget)

    def _timer(self, interval: int, slot: Callable[[], Any]) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(interval)
        timer.timeout.connect(lambda: slot())
        return timer

    def _fill_toolbar(self) -> None:
        actions = self.actions
        self.toolbar.addActions([actions.undo, actions.redo])
        self.toolbar.addSeparator()
        self.toolbar.addActions([actions.insert_after, actions.insert_inside, actions.derogate,
                                 actions.renumber, actions.move_up, actions.move_down,
                                 actions.remove])
        # No "Publicar" here: a publication is an act of the procedure (tab "Trámite").
        self.redline = RedlineActions(self, self._runner)
        self.toolbar.addSeparator()
        self.toolbar.addActions(self.redline.actions())
        self.exports = ProjectExportMenu(self._runner, self, lambda: self.project_id,
                                         save_first=self.save_now)
        self.toolbar.addWidget(self.exports.button)

    def menu_actions(self) -> list:
        """Everything the toolbar offers, for the main window's "Edición" menu (a narrow
        window hides toolbar buttons; the menu always lists them with their shortcuts)."""
        entries: list = []
        for action in self.toolbar.actions():  # the toolbar's order, whatever it holds
            if action.isSeparator():
                entries.append(None)
            elif self.toolbar.widgetForAction(action) is self.exports.button:
                entries.append(self.exports.menu)  # "Exportar ▾" becomes a submenu
            else:
                entries.append(action)
        return entries

    def _wire(self) -> None:
        self.tree.sig_node_selected.connect(self._on_node_selected)
        self._stale: list = []
        self.stale_notice.linkActivated.connect(lambda _link: self.rebase())
        self.article_editor.sig_text_edited.connect(lambda text: self._edit(text=text))
        self.article_editor.sig_heading_edited.connect(lambda text: self._edit(heading=text))
        self.comparison.sig_operation_chosen.connect(self._on_operation_chosen)
        self.target_combo.currentIndexChanged.connect(self._on_target_chosen)
        self.add_target_button.clicked.connect(self.add_target)
        self.decree.sig_wanted.connect(self._decree_timer.start)
        self.data_tab.sig_save_requested.connect(self.save_data)
        self._add_flow.sig_added.connect(self._on_target_added)

    # -- what the drafting actions need (DraftOwner) ----------------------------------------------
    @property
    def editor(self) -> DraftEditor | None:
        session = self.current.session if self.current else None
        return session.editor if session is not None and not self.read_only else None

    @property
    def read_only(self) -> bool:
        return (self.project is None or self.project.status is not ProjectStatus.OPEN
                or bool(self.edit_lock))

    def set_edit_lock(self, reason: str) -> None:
        """Make the draft read-only, saying ``reason`` ("" makes it editable again)."""
        if reason != self.edit_lock:
            self.edit_lock = reason
            if self.project is not None:
                self._apply_state()

    def current_node(self) -> Provision | None:
        pid = self.tree.current_pid()
        if not pid or self.current is None:
            return None
        if self.editor is not None:
            try:
                return self.editor.node(pid)
            except NotFoundError:
                return None
        return next((n for n in self.current.root.walk() if n.pid == pid), None)

    def is_added(self, node: Provision) -> bool:
        return self.current is not None and node.pid not in self.current.base_pids

    def run_command(self, command: Callable[[DraftEditor], object]) -> object:
        """Apply one drafting command and refresh everything that depends on the draft."""
        editor = self.editor
        if editor is None:
            return None
        try:
            result = command(editor)
        except ReglamentosError as exc:
            show_error(self, exc)
            return None
        self._draft_changed(structural=True)
        if isinstance(result, Provision):
            self.tree.select_pid(result.pid)
            self.article_editor.text_edit.setFocus()
        return result

    # -- loading ----------------------------------------------------------------------------------
    def load(self) -> None:
        Op(self._runner, parent=self, op=lambda svc: load_project(svc, self.project_id),
           success=lambda loaded: self._on_loaded(*loaded)).run_in_background()

    def reload(self) -> None:
        """Load the project again (e.g. after it was withdrawn from the list)."""
        self._drafts.clear()
        self.current = None
        self.load()

    def _on_loaded(self, project: ReformProject, draft: OpenDraft | None) -> None:
        self.project = project
        self._show_title()
        self.data_tab.form.set_project(project)
        if draft is not None:
            self._install(draft)
        self._fill_targets(draft.uri if draft else None)
        self._apply_state()
        self.refresh_conflicts()
        self._follow_go_to()

    def _install(self, draft: OpenDraft) -> None:
        fresh = draft.uri not in self._drafts
        self._drafts[draft.uri] = draft
        self.current = draft
        self.tree.set_root(draft.root, fresh=True)
        self.article_editor.show_node(None)
        self._show_comparison()
        self.actions.update_state()
        self.sig_draft_shown.emit()
        if fresh and self.recovery.offer(draft.uri, draft.root, self.editor):
            self._draft_changed(structural=True)
        self._follow_go_to()

    def go_to(self, uri: str, pid: str) -> None:
        """Show provision ``pid`` of the draft of ``uri`` (e.g. a search hit in this project),
        switching regulation and waiting for the load when needed."""
        self._going_to = (uri, pid)
        self._follow_go_to()

    def _follow_go_to(self) -> None:
        if self._going_to is None or self.project is None or self.current is None:
            return   # not loaded yet: _on_loaded / _install call again
        uri, pid = self._going_to
        if self.current.uri == uri:
            self._going_to = None
            self.tree.select_pid(pid)
            return
        index = self.target_combo.findData(uri)
        if index < 0:
            self._going_to = None   # the regulation left the project meanwhile
            return
        self.target_combo.setCurrentIndex(index)   # loads that draft; _install comes back here

    def _fill_targets(self, select: str | None) -> None:
        self.target_combo.blockSignals(True)  # filling is not the user switching regulation
        try:
            self.target_combo.clear()
            for target in self.project.targets if self.project else []:
                label = short_title(target.regulation_title)
                self.target_combo.addItem(label + (" (nueva expedición)" if target.is_new else ""),
                                          target.regulation_uri)
            self.target_combo.setCurrentIndex(max(0, self.target_combo.findData(select)))
        finally:
            self.target_combo.blockSignals(False)

    def _on_target_chosen(self, index: int) -> None:
        uri = self.target_combo.itemData(index)
        if not uri or (self.current is not None and self.current.uri == uri):
            return
        if self.editor is not None:
            self.editor.seal()
        if uri in self._drafts:
            self._install(self._drafts[uri])
            return
        project = self.project
        Op(self._runner, parent=self, op=lambda svc: load_draft(svc, project, uri),
           success=self._install).run_in_background()

    # -- editing ----------------------------------------------------------------------------------
    def _on_node_selected(self, pid: str) -> None:
        if self.editor is not None:
            self.editor.seal()  # typing in another unit is another undo step
        self._show_current_node()
        self.actions.update_state()
        self.comparison.diff_view.scroll_to_pid(pid)

    def _on_operation_chosen(self, pid: str, eid: str) -> None:
        if self.tree.select_pid(pid) or self.current is None:
            return
        # A moved unit's operation carries a fresh pid; the draft knows it by its eid.
        node = next((n for n in self.current.root.walk() if eid and n.eid == eid), None)
        if node is not None:
            self.tree.select_pid(node.pid)

    def _show_current_node(self) -> None:
        self.article_editor.show_node(self.current_node(), read_only=self.editor is None)

    def _edit(self, **fields: str) -> None:
        pid, editor = self.article_editor.pid, self.editor
        if pid is None or editor is None:
            return
        try:
            editor.edit(pid, **fields)
        except ReglamentosError as exc:
            show_error(self, exc)
            return
        self.tree.update_node(editor.node(pid))
        self._draft_changed(structural=False)

    def _draft_changed(self, *, structural: bool) -> None:
        if structural:
            self.tree.set_root(self.current.root)
            self._show_current_node()
        self.actions.update_state()
        self.save_label.setText("Cambios sin guardar")
        if not self._save_blocked:
            self._save_timer.start()
        self._rediff_timer.start()

    # -- re-diffing -------------------------------------------------------------------------------
    def rediff_now(self) -> None:
        """Compare a snapshot of the draft with its base, off the GUI thread."""
        self._rediff_timer.stop()
        current = self.current
        if current is None:
            return
        self._diff_seq += 1
        seq, base, uri, is_new = self._diff_seq, current.base, current.uri, current.is_new
        snapshot = copy.deepcopy(current.root)
        if current.session is not None and current.session.dirty:
            self.recovery.keep(uri, current.session.editor.version, snapshot)
        Op(self._runner, parent=self,
           op=lambda: labelled(compare_trees(base, snapshot, uri), is_new),
           success=lambda comparison: self._on_compared(seq, uri, comparison)
           ).without_services().run_in_background()

    def _on_compared(self, seq: int, uri: str, comparison: Comparison) -> None:
        draft = self._drafts.get(uri)
        if seq != self._diff_seq or draft is None:
            return  # a newer diff is on its way
        draft.comparison = comparison
        if draft is self.current:
            self._show_comparison()
        self.decree.invalidate()

    def _show_comparison(self) -> None:
        comparison = self.current.comparison if self.current else None
        self.comparison.set_comparison(comparison)
        self.tree.set_kinds(row_kinds(comparison.alignment.pairs) if comparison else {})

    # -- saving -----------------------------------------------------------------------------------
    @property
    def dirty(self) -> bool:
        return any(d.session is not None and d.session.dirty for d in self._drafts.values())

    def save_now(self, done: Callable[[bool], None] | None = None) -> None:
        """Save every changed draft in the background; ``done(ok)`` when finished."""
        self._save_timer.stop()
        sessions = [d.session for d in self._drafts.values()
                    if d.session is not None and d.session.dirty]
        if not sessions or self._save_blocked:
            if done:
                done(not sessions)
            return
        self.save_label.setText("Guardando…")
        # Copies taken here, on the GUI thread: the worker must never read a tree being typed in.
        pending = [(s, s.snapshot()) for s in sessions]
        Op(self._runner, parent=self, op=lambda _svc: [s.save(snap) for s, snap in pending],
           success=lambda _saved: self._on_saved(done, pending)
           ).failure(lambda exc: self._on_save_failed(exc, done)).run_in_background()

    def _on_saved(self, done: Callable[[bool], None] | None, pending=()) -> None:
        for session, (version, _tree) in pending:
            self.recovery.saved(session.target.regulation_uri, version)
        still = " (hay cambios nuevos)" if self.dirty else ""
        self.save_label.setText(f"Guardado a las {datetime.now():%H:%M}{still}")
        if self.dirty and not self._save_blocked:
            self._save_timer.start()
        self.refresh_conflicts()
        if done:
            done(True)

    def _on_save_failed(self, exc: BaseException, done: Callable[[bool], None] | None) -> None:
        self.save_label.setText("Sin guardar")
        if isinstance(exc, ProvisionConflictError):  # both texts shown; nothing was lost
            handle_conflict(self, exc)
            if done:
                done(False)
            return
        if isinstance(exc, ConflictError):
            # Retrying would fail the same way: stop autosaving and say why, once.
            self._save_blocked = True
            self.state_notice.setText(SAVE_CONFLICT)
            self.state_notice.show()
        show_error(self, exc)
        if done:
            done(False)

    def request_close(self, done: Callable[[bool], None]) -> None:
        """Save before the tab closes; ``done(ok)`` says whether everything was saved."""
        for timer in (self._rediff_timer, self._decree_timer):
            timer.stop()
        self.save_now(done)

    def shutdown(self) -> None:
        """Stop the timers: nothing may start an op once the tab or the window is gone."""
        for timer in (self._rediff_timer, self._save_timer, self._decree_timer):
            timer.stop()
        self.presence.stop()

    # -- decree, conflicts, project data -------------------------------------------------------
    def refresh_decree(self) -> None:
        self._decree_timer.stop()
        if self.project is None:
            return
        self._decree_seq += 1
        seq, project_id = self._decree_seq, self.project_id
        drafts = {uri: d.comparison.draft for uri, d in self._drafts.items()
                  if d.session is not None}  # snapshots, never the live trees
        Op(self._runner, parent=self,
           op=lambda svc: svc.projects.decree(project_id, drafts=drafts),
           success=lambda text: self._show_decree(seq, text)).run_in_background()

    def _show_decree(self, seq: int, text: str) -> None:
        if seq == self._decree_seq:
            self.decree.show_text(text)

    def refresh_conflicts(self) -> None:
        if self.read_only:
            self.conflicts_notice.hide()
            self.stale_notice.hide()
            return
        project_id = self.project_id
        Op(self._runner, parent=self, op=lambda svc: (svc.projects.conflicts(project_id),
                                                      svc.projects.stale_targets(project_id)),
           success=lambda found: (self._show_conflicts(found[0]),
                                  self._show_stale(found[1]))).run_in_background()

    def _show_stale(self, stale: list) -> None:
        """A base another publication changed: said on opening, with the way to update it."""
        self._stale = list(stale)
        if not stale:
            self.stale_notice.hide()
            return
        lines = "<br>".join(html.escape(s.describe()) for s in stale)
        self.stale_notice.setText(f"{lines}<br><a href='rebase'>Actualizar la base</a> "
                                  "(rehace los cambios del proyecto sobre el texto más reciente)")
        self.stale_notice.show()

    def rebase(self) -> None:
        """Put every stale target on its newest version and say what no longer applies."""
        if self.dirty:
            QMessageBox.information(self, "Actualizar la base",
                                    "Espere a que se guarden los cambios e intente de nuevo.")
            return
        uris = [s.regulation_uri for s in getattr(self, "_stale", [])]
        project_id = self.project_id
        Op(self._runner, parent=self,
           op=lambda svc: [svc.projects.rebase(project_id, uri) for uri in uris],
           success=self._on_rebased).run_in_background()

    def _on_rebased(self, results: list) -> None:
        dropped = [reason for r in results for reason in r.dropped]
        text = ("Se actualizó la base del proyecto y se rehicieron sus cambios."
                if not dropped else
                "Se actualizó la base del proyecto. Estos cambios ya no se pueden aplicar al "
                "texto más reciente y hay que rehacerlos a mano:\n\n"
                + "\n".join(f"• {d}" for d in dropped))
        self.last_rebase_message = text
        QMessageBox.information(self, "Actualizar la base", text)
        self.reload()

    def _show_conflicts(self, conflicts: list[ProjectConflict]) -> None:
        if not conflicts:
            self.conflicts_notice.hide()
            return
        titles = {t.regulation_uri: short_title(t.regulation_title)
                  for t in (self.project.targets if self.project else [])}
        lines = [f"• «{c.other_title}» también modifica {c.citation} "
                 f"({titles.get(c.regulation_uri, c.regulation_uri)})" for c in conflicts[:8]]
        more = len(conflicts) - len(lines)
        if more > 0:
            lines.append(f"• y {more} más")
        self.conflicts_notice.setText("Conflictos con otros proyectos en trámite:\n"
                                      + "\n".join(lines))
        self.conflicts_notice.show()

    def save_data(self) -> None:
        if self.project is None or self.read_only:
            return
        edited = self.data_tab.form.apply_to(dataclasses.replace(self.project))
        Op(self._runner, parent=self, op=lambda svc: svc.projects.update(edited),
           success=self._on_data_saved).run_in_background()

    def _on_data_saved(self, project: ReformProject) -> None:
        self.project = project
        self._show_title()
        self.save_label.setText(f"Datos guardados a las {datetime.now():%H:%M}")
        self.decree.invalidate()  # the transitorios are part of the decree
        self.sig_projects_changed.emit()

    def _show_title(self) -> None:
        self.title_label.setText(self.project.title)
        self.title_label.setToolTip(f"{self.project.kind.label} · {self.project.status.label}"
                                    f" · folio {self.project.file_number or '—'}")
        self.sig_title_changed.emit(self.project.title)

    def _apply_state(self) -> None:
        read_only = self.read_only
        project = self.project
        notice = ""
        if project is not None and project.status is ProjectStatus.PUBLISHED:
            where = f" en el {project.publication.describe()}" if project.publication else ""
            notice = f"Proyecto publicado{where}; solo se puede consultar."
        elif project is not None and project.status is ProjectStatus.WITHDRAWN:
            notice = "Proyecto retirado; solo se puede consultar."
        elif project is not None and self.edit_lock:
            notice = self.edit_lock
        elif project is not None and not project.targets:
            notice = "Este proyecto todavía no reforma ningún reglamento: use «+ reglamento»."
        self.state_notice.setText(notice)
        self.state_notice.setVisible(bool(notice))
        self.data_tab.set_read_only(read_only)
        self.add_target_button.setEnabled(not read_only)
        self._show_current_node()
        self.actions.update_state()

    # -- adding a regulation ------------------------------------------------------------------------
    @property
    def add_target_dialog(self) -> AddTargetDialog | None:
        return self._add_flow.dialog

    def add_target(self) -> None:
        if self.project is not None and not self.read_only:
            self._add_flow.start(self.project)

    def _on_target_added(self, project: ReformProject) -> None:
        # Keep the revision the data tab will save against; only the targets are new.
        self.project.targets = project.targets
        self._fill_targets(project.targets[-1].regulation_uri)
        self._on_target_chosen(self.target_combo.currentIndex())
        self._apply_state()
        self.sig_projects_changed.emit()
