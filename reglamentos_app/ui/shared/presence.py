"""Presence and others' changes in the project editor (shared mode and several windows).

Every few seconds ``SharedPresence`` runs one background op that renews this client's lease on
the article being edited, reads who else is editing which article ("X está editando este
artículo", shown above the editor) and asks for the changes saved since the last token. When
somebody else saved and this window has no unsaved edits, the draft is reloaded in place, so
changes appear without reopening the project. A client that stops (crash, lost network) stops
renewing and its lease expires after ``services.sync.LEASE_TTL`` seconds.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from ...domain.reform import ProjectStatus
from ...services.sync import HEARTBEAT, conflict_from_revision
from ..ops import Op
from .conflicts import open_conflicts_dialog

POLL_MS = 5000


class SharedPresence(QObject):
    """The poller and its notice label (``label``), owned by one project editor."""

    def __init__(self, runner, editor: QWidget, interval_ms: int = POLL_MS) -> None:
        super().__init__(editor)
        self._runner = runner
        self._editor = editor
        self._token: int | None = None
        self._last_beat = 0.0
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setStyleSheet("color: #8a5300;")
        self.label.hide()
        # Conflict revisions left by others or by an offline check-in: resolvable from here.
        self.conflicts_button = QPushButton()
        self.conflicts_button.hide()
        self.conflicts_button.clicked.connect(self.open_conflicts)
        self.widget = QWidget()
        row = QHBoxLayout(self.widget)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label, 1)
        row.addWidget(self.conflicts_button)
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.tick)
        self.timer.start()

    def stop(self) -> None:
        """The editor closes: no more heartbeats, and its lease goes now (not in a minute)."""
        self.timer.stop()
        self.release()

    def release(self) -> None:
        """Give back this window's leases on the project and hide the notice (on close, on
        publication, when the draft becomes read-only)."""
        self.label.hide()
        project_id = getattr(self._editor, "project_id", None)
        if project_id is None or getattr(self._runner, "_closed", False):
            return  # the program is closing: the leases expire on their own
        Op(self._runner, parent=None,  # outlives the editor: it runs as the tab closes
           op=lambda svc: svc.sync.release_project(project_id)).failure(
            lambda _exc: None).run_in_background()

    def tick(self) -> None:
        """One heartbeat: lease, notices and changes, in the background."""
        draft = getattr(self._editor, "current", None)
        if draft is None or draft.session is None:
            return
        project = getattr(self._editor, "project", None)
        if project is not None and project.status is not ProjectStatus.OPEN:
            # Published or withdrawn: nobody edits it, so no lease and no "X está editando".
            if self.label.isVisible():
                self.release()
            return
        project_id, uri = self._editor.project_id, draft.uri
        # Someone who only reads (a stage or a profile that cannot edit) takes no lease.
        pid = None if getattr(self._editor, "read_only", False) else \
            self._editor.article_editor.pid
        token = self._token

        def op(svc):
            if pid:
                svc.sync.acquire(project_id, uri, pid)
            start = svc.sync.token() if token is None else token
            batch = svc.sync.changes_since(start, project_id)
            others = batch.by_others(svc.projects.author_name)
            state = draft.session.fetch() if others else None
            return (svc.sync.editing_notices(project_id, uri), batch.token, state,
                    len(svc.sync.conflicts(project_id, uri)))

        Op(self._runner, parent=self._editor, op=op,
           success=lambda result: self._on_tick(draft, pid, *result)).failure(
            lambda _exc: None).run_in_background()

    def _on_tick(self, draft, pid, notices: dict[str, str], token: int, state,
                 open_conflicts: int = 0) -> None:
        self._token = token
        self.conflicts_button.setText(f"Resolver conflictos ({open_conflicts})…")
        self.conflicts_button.setVisible(open_conflicts > 0)
        notice = notices.get(self._editor.article_editor.pid or "", "")
        self.label.setText(notice)
        self.label.setVisible(bool(notice))
        if state is not None and draft is self._editor.current and draft.session.refresh(state):
            self._editor.tree.set_root(draft.root)
            self._editor._show_current_node()
            self._editor.rediff_now()

    def open_conflicts(self) -> None:
        """Show the open conflict revisions of this draft in the conflict dialog."""
        draft = self._editor.current
        if draft is None or draft.session is None:
            return
        project_id, uri = self._editor.project_id, draft.uri
        Op(self._runner, parent=self._editor,
           op=lambda svc: [conflict_from_revision(r) for r in svc.sync.conflicts(project_id, uri)],
           success=lambda conflicts: open_conflicts_dialog(self._editor, draft.session,
                                                           conflicts)).run_in_background()


__all__ = ["HEARTBEAT", "POLL_MS", "SharedPresence"]
